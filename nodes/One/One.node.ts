import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';
import { itemParameter } from '../shared/itemParameters';
import { checkAllThenSendEach, chosenOperation } from '../shared/items';
import { callOne, getAllRecords, ONE_API_CREDENTIAL, readInstanceUrl } from './api';
import { operationFields, operationParameterFields, resourceField } from './apiDescription';
import { describeInvalidInput, ONE_OPERATIONS, type OneCalls, type OneOperation } from './apiOperations';
import { ONE_CREDENTIAL, readBasicCredentials } from './auth';


/** The operation's fields, checked before anything is sent. Hidden or empty fields read as undefined. */
async function readInput(ctx: IExecuteFunctions, operation: OneOperation, itemIndex: number): Promise<unknown> {
	const raw: Record<string, unknown> = {};
	// A hidden field has no value: the null fallback reads it as undefined.
	for (const field of operation.fields) raw[field] = itemParameter(ctx, field, itemIndex, null) ?? undefined;
	if (operation.usesWebhookCredential?.(raw) === true) {
		raw.callbackCredential = readBasicCredentials(await ctx.getCredentials(ONE_CREDENTIAL, itemIndex));
	}
	const parsed = operation.schema.safeParse(raw);
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), `${describeInvalidInput(parsed.error)} [item ${itemIndex}]`, {
			itemIndex,
			description: 'Nothing was sent to ONe for this item.',
		});
	}
	return parsed.data;
}

/** The API calls an operation makes, on behalf of one item. */
function callsFor(ctx: IExecuteFunctions, itemIndex: number): OneCalls {
	return {
		request: async (request) => (await callOne(ctx, request, itemIndex)).body,
		getAll: async (path, limit) => await getAllRecords(ctx, path, itemIndex, limit),
		notFound: (message, description) =>
			new NodeApiError(ctx.getNode(), { httpCode: '404' } as JsonObject, { message, description, httpCode: '404', itemIndex }),
	};
}

export class One implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ONe',
		name: 'one',
		icon: { light: 'file:one.svg', dark: 'file:one.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read offers, add products to carts and manage webhooks in ONe by Unity, the B2B sales platform',
		defaults: { name: 'ONe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: ONE_API_CREDENTIAL, required: true },
			{
				// What ONe will send to the webhook's URL: the same credential the ONe Trigger checks.
				name: ONE_CREDENTIAL,
				required: true,
				displayOptions: { show: { resource: ['webhook'], operation: ['create'], callbackAuthentication: ['HTTP_BASIC'] } },
			},
		],
		properties: [resourceField, ...operationFields, ...operationParameterFields],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One request at a time: ONe publishes no rate limit, and a cart changed by
		// two requests at once may not end up with both.
		return await checkAllThenSendEach(
			this,
			async (itemIndex) => {
				await readInstanceUrl(this, itemIndex);
				const operation = chosenOperation(this, ONE_OPERATIONS, itemIndex);
				return { operation, input: await readInput(this, operation, itemIndex) };
			},
			async ({ operation, input }, itemIndex) => await operation.run(callsFor(this, itemIndex), input),
		);
	}
}
