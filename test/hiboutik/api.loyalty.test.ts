/**
 * Hiboutik's loyalty case study (vendor-docs/hiboutik-callback-url.txt, and
 * its fidelite.php): when a sale is closed, recompute each line's loyalty
 * points from what was paid (1 euro = 1 point), which Hiboutik cannot do
 * itself for open-price products. In n8n: Hiboutik Trigger (Sale Validated)
 * → Hiboutik: Sale → Get → split the line items → Hiboutik: Sale Line Item →
 * Update Attribute "points", one request per line, values from expressions.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeExecutionData } from 'n8n-workflow';
import { SAMPLE_BODIES } from '../../nodes/Hiboutik/samples';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { failure, LOGIN, outputJson, pairedItems, runHiboutik } from './apiHelpers';
import { onlyItem, sendToHiboutik } from './helpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

/** The Update Attribute node of the case study: 1 euro = 1 point, rounded (Hiboutik's points are whole numbers). */
const RECOMPUTE_POINTS = {
	resource: 'saleLineItem',
	operation: 'updateAttribute',
	lineItemId: '={{ $json.line_item_id }}',
	attribute: 'points',
	value: '={{ Math.round($json.quantity * $json.product_price) }}',
};

/** What n8n's Split Out node makes of a sale's line_items: one item per line. */
const splitLineItems = (sale: Record<string, unknown>): INodeExecutionData[] =>
	(sale.line_items as Array<Record<string, unknown>>).map((json) => ({ json: json as INodeExecutionData['json'] }));

describe('loyalty case study', () => {
	test('sale closed → trigger → get the sale → points recomputed on every line from its price', async () => {
		// 1. Hiboutik calls the trigger when the sale is validated.
		const callback = onlyItem(await sendToHiboutik('sale_validated', SAMPLE_BODIES.sale_validated));

		// 2. The sale with its line items, from the ID the callback carried.
		const got = await runHiboutik(
			server,
			{ resource: 'sale', operation: 'get', saleId: '={{ $json.data.sale_id }}' },
			{ input: [{ json: callback }] },
		);
		assert.equal(got.error, undefined);
		const [sale] = outputJson(got);
		assert.equal(sale.sale_id, 1287);

		// 3. One update per line: 2 × 12.50 = 25, 1 × 14.90 → 15, 3 × 2.50 → 8.
		const updated = await runHiboutik(server, RECOMPUTE_POINTS, { input: splitLineItems(sale) });
		assert.equal(updated.error, undefined);
		const puts = server.requests.filter((r) => r.method === 'PUT');
		assert.deepEqual(
			puts.map((r) => [r.path, JSON.parse(r.rawBody)]),
			[
				['/api/sale_line_item/5631', { line_item_attribute: 'points', new_value: 25 }],
				['/api/sale_line_item/5632', { line_item_attribute: 'points', new_value: 15 }],
				['/api/sale_line_item/5633', { line_item_attribute: 'points', new_value: 8 }],
			],
		);
		assert.deepEqual(
			outputJson(updated).map(({ lineItemId, attribute, value }) => ({ lineItemId, attribute, value })),
			[
				{ lineItemId: 5631, attribute: 'points', value: 25 },
				{ lineItemId: 5632, attribute: 'points', value: 15 },
				{ lineItemId: 5633, attribute: 'points', value: 8 },
			],
		);
		assert.deepEqual(pairedItems(updated), [{ item: 0 }, { item: 1 }, { item: 2 }]);

		// 4. Hiboutik now holds the new points (read back, as the shop would see them).
		assert.deepEqual(
			[5631, 5632, 5633].map((id) => server.lineItem(id)?.points),
			[25, 15, 8],
		);
	});

	test('the open-price product the case study is about: 37.50 paid → 38 points', async () => {
		const got = await runHiboutik(server, { resource: 'sale', operation: 'get', saleId: '1288' });
		const result = await runHiboutik(server, RECOMPUTE_POINTS, { input: splitLineItems(outputJson(got)[0]) });
		assert.equal(result.error, undefined);
		assert.equal(server.lineItem(5640)?.points, 38);
	});

	test('input items {line_item_id, points} straight from an earlier step', async () => {
		const result = await runHiboutik(
			server,
			{ resource: 'saleLineItem', operation: 'updateAttribute', lineItemId: '={{ $json.line_item_id }}', attribute: 'points', value: '={{ $json.points }}' },
			{ input: [{ json: { line_item_id: 5631, points: 30 } }, { json: { line_item_id: '5633', points: '9' } }] },
		);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			[5631, 5632, 5633].map((id) => server.lineItem(id)?.points),
			[30, 14, 9],
		);
	});

	test('points that are not whole (no rounding in the expression): nothing is sent for any line', async () => {
		const got = await runHiboutik(server, { resource: 'sale', operation: 'get', saleId: '1287' });
		server.requests.length = 0;
		const result = await runHiboutik(server, { ...RECOMPUTE_POINTS, value: '={{ $json.quantity * $json.product_price }}' }, {
			input: splitLineItems(outputJson(got)[0]),
		});
		const error = failure(result);
		// Line 0 earns exactly 25; line 1 (1 × 14.90) is the first that is not whole.
		assert.match(error.message, /^Value must be a whole number for points \(got 14\.9\): round it in the expression/);
		assert.match(error.message, /\[item 1\]$/);
		assert.equal(error.context.itemIndex, 1);
		assert.equal(server.requests.length, 0, 'every item is checked before the first update');
		assert.equal(server.lineItem(5631)?.points, 25);
	});
});
