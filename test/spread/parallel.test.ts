/**
 * SPREAD orders go out several at a time ("Parallel Requests", default 4),
 * against the fake SPREAD server: every order arrives, the output keeps the
 * input order, and two items for the same order reach SPREAD in item order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeParameters } from 'n8n-workflow';
import { Spread } from '../../nodes/Spread/Spread.node.js';
import { DEFAULT_PARALLEL_REQUESTS } from '../../nodes/Spread/orderDescription';
import { startSpreadServer, type SpreadServer } from '../vendors/spreadServer';
import { KEYS, minimalOrderParameters, outputJson, runSpread } from './helpers';

/** Each item's order from its own fields, the way a user maps them by dragging. */
const mapped = (options: INodeParameters = {}): INodeParameters =>
	minimalOrderParameters({ orderId: '={{ $json.id }}', orderState: '={{ $json.state }}', amount: '={{ $json.total }}', options });

describe('SPREAD: parallel requests', () => {
	let server: SpreadServer;
	before(async () => (server = await startSpreadServer(KEYS)));
	after(async () => await server.close());

	test('the option exists, 1 to 20, default 4', () => {
		const options = new Spread().description.properties.find((p) => p.name === 'options');
		const parallel = (options?.options as Array<{ name: string; default: unknown; typeOptions?: object }>).find((o) => o.name === 'parallelRequests');
		assert.equal(parallel?.default, DEFAULT_PARALLEL_REQUESTS);
		assert.equal(DEFAULT_PARALLEL_REQUESTS, 4);
		assert.deepEqual(parallel?.typeOptions, { minValue: 1, maxValue: 20 });
	});

	for (const parallelRequests of [undefined, 1, 20]) {
		test(`40 orders, two of them twice (Parallel Requests ${parallelRequests ?? 'default'}): all sent, output in input order, repeats in item order`, async () => {
			const prefix = `P${parallelRequests ?? 'd'}-`;
			const input = Array.from({ length: 40 }, (_, i) => ({ json: { id: `${prefix}${i}`, state: '10', total: i + 0.5 } }));
			// Item 5's order is sent again as item 30 (paid), item 7's as 8 (paid) then 39 (sent).
			input[30].json = { id: `${prefix}5`, state: '20', total: 5.5 };
			input[8].json = { id: `${prefix}7`, state: '20', total: 7.5 };
			input[39].json = { id: `${prefix}7`, state: '50', total: 7.5 };
			const before = server.orderRequests().length;
			const result = await runSpread(server, mapped(parallelRequests === undefined ? {} : { parallelRequests }), { input });
			assert.equal(result.error, undefined, String(result.error?.message));
			assert.deepEqual(outputJson(result).map((o) => o.orderId), input.map((i) => i.json.id));
			assert.equal(server.orderRequests().length - before, 40);
			assert.equal(server.orders.get(`${prefix}5`)?.status, '20');
			assert.equal(server.orders.get(`${prefix}7`)?.status, '50');
			assert.equal(server.orders.get(`${prefix}7`)?.writes, 3);
		});
	}
});
