/**
 * How every action node of the pack walks its input items, in one place:
 * every item is checked before the first request, so a mistake in item 5 does
 * not leave items 0-4 changed at the vendor and the rest not; then the items
 * are sent one at a time, in order, so a success is never repeated and a
 * vendor's rate limit is respected. With "Continue On Fail", a failed item
 * becomes an `{ error }` item paired with its input; otherwise the first
 * failure stops the node with an error that names the item.
 */
import {
	ExecutionBaseError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** n8n's own errors (ours, expression errors) pass through; anything else gets the item it failed on. */
export function asExecutionError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The entry of an operations table chosen by the item's Resource and Operation parameters. */
export function chosenOperation<T>(ctx: IExecuteFunctions, table: Record<string, Record<string, T>>, itemIndex: number): T {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const found = table[resource]?.[operation];
	if (found === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`, { itemIndex });
	}
	return found;
}

/**
 * Checks every item with `check`, then sends the checked ones with `send`, one
 * at a time. `send` returns the output records of its item (usually one).
 */
export async function checkAllThenSendEach<Plan>(
	ctx: IExecuteFunctions,
	check: (itemIndex: number) => Promise<Plan> | Plan,
	send: (plan: Plan, itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const itemCount = ctx.getInputData().length;
	const results: INodeExecutionData[][] = [];
	const fail = (itemIndex: number, error: unknown) => {
		if (!ctx.continueOnFail()) throw asExecutionError(ctx, error, itemIndex);
		results[itemIndex] = [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];
	};

	const planned: Array<{ itemIndex: number; plan: Plan }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			planned.push({ itemIndex, plan: await check(itemIndex) });
		} catch (error) {
			fail(itemIndex, error);
		}
	}

	for (const { itemIndex, plan } of planned) {
		try {
			const records = await send(plan, itemIndex);
			results[itemIndex] = records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			fail(itemIndex, error);
		}
	}
	return [results.flatMap((itemResults) => itemResults ?? [])];
}
