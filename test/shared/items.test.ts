/**
 * checkAllThenSendEach (nodes/shared/items.ts), run by n8n's engine inside a
 * small node: one at a time by default; with `parallel`, at most that many in
 * flight, never two of the same key at once, same-key items in item order,
 * output in input order whatever order the answers come in.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeConnectionTypes, sleep, type IExecuteFunctions, type INodeType } from 'n8n-workflow';
import { checkAllThenSendEach } from '../../nodes/shared/items';
import { runNode } from '../helpers/n8n';

interface Trace {
	inFlight: number;
	maxInFlight: number;
	started: number[];
	overlapsOfSameKey: string[];
}

/** A node whose items are `{ key, delayMs, fail? }`: each "request" waits delayMs, then succeeds or throws. */
function sender(trace: Trace, parallel: number | undefined): INodeType {
	const busyKeys = new Set<string>();
	return {
		description: {
			displayName: 'Sender', name: 'sender', group: ['output'], version: 1, description: 'sender',
			defaults: { name: 'Sender' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main], properties: [],
		},
		async execute(this: IExecuteFunctions) {
			const items = this.getInputData();
			return await checkAllThenSendEach(
				this,
				(itemIndex) => {
					const json = items[itemIndex].json as { key: string; delayMs: number; fail?: string; invalid?: boolean };
					if (json.invalid) throw new Error(`item ${itemIndex} is invalid`);
					return json;
				},
				async (plan, itemIndex) => {
					trace.started.push(itemIndex);
					if (busyKeys.has(plan.key)) trace.overlapsOfSameKey.push(plan.key);
					busyKeys.add(plan.key);
					trace.inFlight++;
					trace.maxInFlight = Math.max(trace.maxInFlight, trace.inFlight);
					try {
						await sleep(plan.delayMs);
						if (plan.fail) throw new Error(plan.fail);
						return [{ key: plan.key, itemIndex }];
					} finally {
						trace.inFlight--;
						busyKeys.delete(plan.key);
					}
				},
				{ parallel, keyOf: (plan) => plan.key },
			);
		},
	};
}

const newTrace = (): Trace => ({ inFlight: 0, maxInFlight: 0, started: [], overlapsOfSameKey: [] });

async function run(items: Array<Record<string, unknown>>, parallel?: number, continueOnFail = false) {
	const trace = newTrace();
	const result = await runNode({ nodeType: sender(trace, parallel), parameters: {}, continueOnFail }, items.map((json) => ({ json: json as never })));
	return { ...result, trace };
}

describe('sending items', () => {
	test('by default one at a time, in item order', async () => {
		const items = [5, 1, 3, 1].map((delayMs, i) => ({ key: `k${i}`, delayMs }));
		const { output, error, trace } = await run(items);
		assert.equal(error, undefined);
		assert.equal(trace.maxInFlight, 1);
		assert.deepEqual(trace.started, [0, 1, 2, 3]);
		assert.deepEqual(output![0].map((i) => i.json.itemIndex), [0, 1, 2, 3]);
	});

	test('in parallel: at most N in flight, output in input order with its pairing', async () => {
		const items = Array.from({ length: 12 }, (_, i) => ({ key: `order-${i}`, delayMs: 12 - i }));
		const { output, error, trace } = await run(items, 4);
		assert.equal(error, undefined);
		assert.equal(trace.maxInFlight, 4);
		assert.deepEqual(output![0].map((i) => i.json.itemIndex), [...Array(12).keys()]);
		assert.deepEqual(output![0].map((i) => i.pairedItem), [...Array(12).keys()].map((item) => ({ item })));
	});

	test('in parallel: never two items of the same key at once, and those in item order', async () => {
		const keys = ['A', 'B', 'A', 'C', 'A', 'B', 'D', 'A'];
		const items = keys.map((key, i) => ({ key, delayMs: key === 'A' ? 8 : 2 + i }));
		const { output, error, trace } = await run(items, 4);
		assert.equal(error, undefined);
		assert.deepEqual(trace.overlapsOfSameKey, []);
		const startsOf = (key: string) => trace.started.filter((i) => keys[i] === key);
		assert.deepEqual(startsOf('A'), [0, 2, 4, 7]);
		assert.deepEqual(startsOf('B'), [1, 5]);
		assert.ok(trace.maxInFlight > 1, 'different keys do go together');
		assert.deepEqual(output![0].map((i) => i.json.itemIndex), [...Array(8).keys()]);
	});

	test('in parallel, a failure stops the node: nothing new is sent, the error names the first failed item', async () => {
		const items = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, delayMs: 5, ...(i === 3 ? { fail: 'vendor said no' } : {}) }));
		const { error, trace } = await run(items, 2);
		assert.match(String(error?.message), /vendor said no/);
		assert.equal((error as { context?: { itemIndex?: number } }).context?.itemIndex, 3);
		assert.ok(trace.started.length < 20, `stopped early (${trace.started.length} started)`);
	});

	test('a check failure stops everything before the first request', async () => {
		const items = [{ key: 'a', delayMs: 1 }, { key: 'b', delayMs: 1, invalid: true }];
		const { error, trace } = await run(items, 4);
		assert.match(String(error?.message), /item 1 is invalid/);
		assert.deepEqual(trace.started, []);
	});

	test('in parallel with Continue On Fail: each failure becomes its own error item, in place', async () => {
		const items = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, delayMs: 6 - i, ...(i % 3 === 1 ? { fail: `no ${i}` } : {}) }));
		const { output, error } = await run(items, 3, true);
		assert.equal(error, undefined);
		assert.deepEqual(
			output![0].map((i) => i.json.error ?? i.json.itemIndex),
			[0, 'no 1', 2, 3, 'no 4', 5],
		);
		assert.deepEqual(output![0].map((i) => i.pairedItem), [...Array(6).keys()].map((item) => ({ item })));
	});
});
