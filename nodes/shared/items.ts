/**
 * How every action node of the pack walks its input items, in one place:
 * every item is checked before the first request, so a mistake in item 5 does
 * not leave items 0-4 changed at the vendor and the rest not; then the items
 * are sent, by default one at a time and in order, so a success is never
 * repeated and a vendor's rate limit is respected. A node whose request is
 * safe to have in flight alongside others (SPREAD's upsert) may send several
 * at once, but never two with the same key (the same order) at once, and those
 * in item order. With "Continue On Fail", a failed item becomes an `{ error }`
 * item paired with its input; otherwise the first failure stops the node
 * (nothing new is sent, what is in flight finishes) with an error that names
 * the item.
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

export interface SendingOptions<Plan> {
	/** requests in flight at once; 1 (the default) sends one at a time, in item order */
	parallel?: number;
	/** items with the same key are never in flight together, and go in item order */
	keyOf?: (plan: Plan) => string;
}

/**
 * Checks every item with `check`, then sends the checked ones with `send`.
 * `send` returns the output records of its item (usually one). Output items
 * are in input order, whatever order the answers came in.
 */
export async function checkAllThenSendEach<Plan>(
	ctx: IExecuteFunctions,
	check: (itemIndex: number) => Promise<Plan> | Plan,
	send: (plan: Plan, itemIndex: number) => Promise<IDataObject[]>,
	sending: SendingOptions<Plan> = {},
): Promise<INodeExecutionData[][]> {
	const itemCount = ctx.getInputData().length;
	const results: INodeExecutionData[][] = [];
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	const fail = (itemIndex: number, error: unknown) => {
		if (!ctx.continueOnFail()) {
			failures.push({ itemIndex, error });
			return;
		}
		results[itemIndex] = [{ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } }];
	};
	const firstFailure = () => {
		const first = failures.reduce((a, b) => (b.itemIndex < a.itemIndex ? b : a));
		return asExecutionError(ctx, first.error, first.itemIndex);
	};

	const planned: Array<Planned<Plan>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			planned.push({ itemIndex, plan: await check(itemIndex) });
		} catch (error) {
			fail(itemIndex, error);
			if (failures.length > 0) throw firstFailure();
		}
	}

	const sendChain = async (chain: Array<Planned<Plan>>) => {
		for (const { itemIndex, plan } of chain) {
			if (failures.length > 0) return;
			try {
				const records = await send(plan, itemIndex);
				results[itemIndex] = records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				fail(itemIndex, error);
			}
		}
	};
	const chains = sendingChains(planned, sending);
	let next = 0;
	const worker = async () => {
		while (next < chains.length && failures.length === 0) await sendChain(chains[next++]);
	};
	const parallel = Math.max(1, Math.min(Math.floor(sending.parallel ?? 1), chains.length));
	await Promise.all(Array.from({ length: parallel }, worker));
	if (failures.length > 0) throw firstFailure();
	return [results.flatMap((itemResults) => itemResults ?? [])];
}

interface Planned<Plan> {
	itemIndex: number;
	plan: Plan;
}

/** The items as chains sent one after the other: one chain per key, or one chain of all when sending one at a time. */
function sendingChains<Plan>(planned: Array<Planned<Plan>>, { parallel = 1, keyOf }: SendingOptions<Plan>): Array<Array<Planned<Plan>>> {
	if (parallel <= 1 || keyOf === undefined) return planned.length > 0 ? [planned] : [];
	const byKey = new Map<string, Array<Planned<Plan>>>();
	for (const entry of planned) {
		const key = keyOf(entry.plan);
		const chain = byKey.get(key);
		if (chain) chain.push(entry);
		else byKey.set(key, [entry]);
	}
	return [...byKey.values()];
}
