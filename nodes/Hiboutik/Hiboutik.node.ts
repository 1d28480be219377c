import {
	ExecutionBaseError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
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

/** n8n's own errors (ours, expression errors) pass through; anything else gets the item it failed on. */
function asExecutionError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function findOperation(ctx: IExecuteFunctions, itemIndex: number): HiboutikOperation {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const found = HIBOUTIK_OPERATIONS[resource]?.[operation];
	if (found === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`, { itemIndex });
	}
	return found;
}

/** The operation's fields, checked before anything is sent. Hidden or empty fields read as undefined. */
function readInput(ctx: IExecuteFunctions, operation: HiboutikOperation, itemIndex: number): unknown {
	const raw: Record<string, unknown> = {};
	// A hidden field has no value: the null fallback reads it as undefined.
	for (const field of operation.fields) raw[field] = ctx.getNodeParameter(field, itemIndex, null) ?? undefined;
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
		const items = this.getInputData();
		const results: INodeExecutionData[][] = [];
		const fail = (itemIndex: number, error: unknown) => {
			if (!this.continueOnFail()) throw asExecutionError(this, error, itemIndex);
			results[itemIndex] = [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];
		};

		// Every item is checked before the first request, so a mistake in item 5
		// does not leave items 0-4 changed in Hiboutik and the rest not.
		const planned: Array<{ itemIndex: number; operation: HiboutikOperation; input: unknown }> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				await readApiRoot(this, itemIndex);
				const operation = findOperation(this, itemIndex);
				planned.push({ itemIndex, operation, input: readInput(this, operation, itemIndex) });
			} catch (error) {
				fail(itemIndex, error);
			}
		}

		// One request at a time: Hiboutik allows 30 concurrent calls per shop,
		// and other apps of the shop share them.
		for (const { itemIndex, operation, input } of planned) {
			try {
				const records: IDataObject[] = await operation.run(hiboutikCalls(this, itemIndex), input);
				results[itemIndex] = records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				fail(itemIndex, error);
			}
		}
		return [results.flatMap((itemResults) => itemResults ?? [])];
	}
}
