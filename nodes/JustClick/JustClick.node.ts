import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { ZodError } from 'zod';
import { itemParameter } from '../shared/itemParameters';
import { checkAllThenSendEach, chosenOperation } from '../shared/items';
import { wholeNumber } from '../shared/numberOption';
import { DEFAULT_RETRY_POLICY } from '../shared/retry';
import { callJustClick, credentialProblem, CREDENTIAL_NAME, executeTransport, toNodeApiError, type CallOptions } from './api';
import { readCredentials } from './credentialData';
import { justClickApiTest } from './credentialTest';
import { JUSTCLICK_FUNCTIONS, type JustClickFunction } from './functions';
import { orderFields, orderOperations } from './orderDescription';

const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_TIMEOUT_MS = 30_000;

/** "Tracking number (rpo) is required when status is 'sent'; ..." — the schemas' messages name the field. */
function describeInvalidInput(error: ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => issue.message)
		.join('; ');
}

function readCallOptions(ctx: IExecuteFunctions, fn: JustClickFunction, itemIndex: number): CallOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxRetries = wholeNumber(options.maxRetries, DEFAULT_MAX_RETRIES, 0, 10);
	const timeoutMs = wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1, 600_000);
	return { retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: maxRetries + 1 }, timeoutMs, idempotent: fn.idempotent };
}

/** The operation's fields, checked before anything is sent. Hidden or empty fields read as ''. */
function readInput(ctx: IExecuteFunctions, fn: JustClickFunction, itemIndex: number): unknown {
	const raw: Record<string, unknown> = {};
	for (const field of fn.fields) raw[field] = itemParameter(ctx, field, itemIndex, '');
	const parsed = fn.schema({ timezone: ctx.getTimezone() }).safeParse(raw);
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), `${describeInvalidInput(parsed.error)} [item ${itemIndex}]`, {
			itemIndex,
			description: 'Nothing was sent to JustClick for this item.',
		});
	}
	return parsed.data;
}

export class JustClick implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'JustClick',
		name: 'justClick',
		icon: { light: 'file:justclick.svg', dark: 'file:justclick.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Update orders in your JustClick shop',
		defaults: { name: 'JustClick' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'justClickApi', required: true, testedBy: 'justClickApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Order', value: 'order' }],
				default: 'order',
			},
			...orderOperations,
			...orderFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Retries',
						name: 'maxRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10 },
						default: DEFAULT_MAX_RETRIES,
						description:
							'How many times to send a request again when JustClick says it did not handle it (request limit, HTTP 429 or 5xx), waiting longer each time and as long as JustClick asks. Other errors are never retried.',
					},
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TIMEOUT_MS,
						description: 'How long to wait for JustClick to answer each request, in milliseconds',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { justClickApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = readCredentials(await this.getCredentials(CREDENTIAL_NAME));
		const transport = executeTransport(this);
		// One request per item, one at a time: a success is never sent twice.
		return await checkAllThenSendEach(
			this,
			(itemIndex) => {
				const problem = credentialProblem(credentials);
				if (problem !== undefined) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
				const fn = chosenOperation(this, JUSTCLICK_FUNCTIONS, itemIndex);
				return { fn, input: readInput(this, fn, itemIndex), options: readCallOptions(this, fn, itemIndex) };
			},
			async ({ fn, input, options }, itemIndex) => {
				const answer = await callJustClick(transport, credentials, fn.apiName, fn.toParams(input), options).catch(
					(error: unknown) => {
						throw toNodeApiError(this.getNode(), error, fn.apiName, itemIndex, options.timeoutMs);
					},
				);
				return [{ success: true, ...fn.toOutput(input, answer), errorCode: 0, errorText: answer.errorText, function: fn.apiName }];
			},
		);
	}
}
