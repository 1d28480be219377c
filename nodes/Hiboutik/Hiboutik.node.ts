import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { itemParameter } from '../shared/itemParameters';
import { checkAllThenSendEach, chosenOperation } from '../shared/items';
import type { ZodError } from 'zod';
import { CREDENTIAL_TYPE, hiboutikCalls, readApiRoot } from './api';
import { operationFields, operationParameterFields, resourceField } from './apiDescription';
import { HIBOUTIK_OPERATIONS, type HiboutikOperation } from './apiOperations';

/** "Line Item ID must be a whole number ...; Value must be ..." — the schemas' messages name the field. */
function describeInvalidInput(error: ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => issue.message)
		.join('; ');
}

/** The operation's fields, checked before anything is sent. Hidden or empty fields read as undefined. */
function readInput(ctx: IExecuteFunctions, operation: HiboutikOperation, itemIndex: number): unknown {
	const raw: Record<string, unknown> = {};
	// A hidden field has no value: the null fallback reads it as undefined.
	for (const field of operation.fields) raw[field] = itemParameter(ctx, field, itemIndex, null) ?? undefined;
	const parsed = operation.schema.safeParse(raw);
	if (!parsed.success) {
		throw new NodeOperationError(ctx.getNode(), `${describeInvalidInput(parsed.error)} [item ${itemIndex}]`, {
			itemIndex,
			description: 'Nothing was sent to Hiboutik for this item.',
		});
	}
	return parsed.data;
}

export class Hiboutik implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hiboutik',
		name: 'hiboutik',
		icon: { light: 'file:hiboutik.svg', dark: 'file:hiboutik.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read sales and customers, update loyalty points and manage webhooks in Hiboutik, the point-of-sale software',
		defaults: { name: 'Hiboutik' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [resourceField, ...operationFields, ...operationParameterFields],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One request at a time: Hiboutik allows 30 concurrent calls per shop,
		// and other apps of the shop share them.
		return await checkAllThenSendEach(
			this,
			async (itemIndex) => {
				await readApiRoot(this, itemIndex);
				const operation = chosenOperation(this, HIBOUTIK_OPERATIONS, itemIndex);
				return { operation, input: readInput(this, operation, itemIndex) };
			},
			async ({ operation, input }, itemIndex) => await operation.run(hiboutikCalls(this, itemIndex), input),
		);
	}
}
