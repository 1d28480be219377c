import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStr } from '../../nodes/shared/phpQuery';
import { HIBOUTIK_EVENTS, identifyEvent } from '../../nodes/Hiboutik/events';
import { SAMPLE_BODIES, SAMPLE_FIELDS } from '../../nodes/Hiboutik/samples';
import { schemaFor, toList, typeCounts } from '../../nodes/Hiboutik/schemas';

describe('Hiboutik samples', () => {
	test('every event has a form body that PHP would read back as its fields', () => {
		for (const event of HIBOUTIK_EVENTS) {
			assert.deepEqual(parseStr(SAMPLE_BODIES[event]), SAMPLE_FIELDS[event], event);
		}
	});

	test('every sample passes its event schema', () => {
		for (const event of HIBOUTIK_EVENTS) {
			const result = schemaFor(event).safeParse(parseStr(SAMPLE_BODIES[event]));
			assert.ok(result.success, `${event}: ${result.success ? '' : result.error.message}`);
		}
	});

	test('the sale has at least 3 line items with tags, taxes, EUR and French prices', () => {
		const sale = SAMPLE_FIELDS.sale_validated as {
			currency: string;
			line_items: Array<{ tags: unknown[]; product_price: string }>;
			taxes: unknown[];
		};
		assert.equal(sale.currency, 'EUR');
		assert.ok(sale.line_items.length >= 3);
		assert.ok(sale.line_items.every((line) => line.tags.length > 0 && /^\d+\.\d{2}$/.test(line.product_price)));
		assert.ok(sale.taxes.length > 0);
		assert.match(SAMPLE_BODIES.sale_validated, /line_items%5B0%5D%5Btags%5D%5B0%5D%5Btag_id%5D=3/);
	});
});

describe('Hiboutik payload rules', () => {
	test('ids, quantities and points become numbers only when they are plain whole numbers', () => {
		assert.deepEqual(
			typeCounts({
				sale_id: '12',
				line_item: '5',
				quantity: '-1',
				points: '0',
				customer_id: '007',
				vendor_id: '',
				user_id: '12345678901234567890',
				total: '12',
				nested: [{ tag_id: '3', tag: '3' }],
			}),
			{
				sale_id: 12,
				line_item: 5,
				quantity: -1,
				points: 0,
				customer_id: '007',
				vendor_id: '',
				user_id: '12345678901234567890',
				total: '12',
				nested: [{ tag_id: 3, tag: '3' }],
			},
		);
	});

	test('PHP arrays become lists in numeric key order, gaps and non-numeric keys included', () => {
		assert.deepEqual(toList({ 10: 'c', 2: 'b', '-1': 'a', x: 'd' }), ['a', 'b', 'c', 'd']);
		// eslint-disable-next-line no-sparse-arrays
		assert.deepEqual(toList([, 'a', , 'b']), ['a', 'b']);
		assert.deepEqual(toList(''), []);
		assert.equal(toList('text'), 'text');
		assert.equal(toList(undefined), undefined);
	});

	test('schema errors name the field', () => {
		const result = schemaFor('sale_validated').safeParse({ sale_id: '1', line_items: [{ product_price: ['1'] }] });
		assert.equal(result.success, false);
		assert.deepEqual(result.error?.issues[0].path, ['line_items', 0, 'product_price']);
	});

	test('unknown fields are kept as sent, at every level', () => {
		const result = schemaFor('customer_created').parse({ customer_id: '4', customers_note: 'fidèle', extra: { a: '1' } });
		assert.deepEqual(result, { customer_id: 4, customers_note: 'fidèle', extra: { a: '1' } });
	});

	test('undocumented events need nothing but keep and type what they get', () => {
		assert.deepEqual(schemaFor('timestamp_stopped').parse({ time_tracking_id: '412', start: '09:00' }), {
			time_tracking_id: 412,
			start: '09:00',
		});
	});
});

describe('identifyEvent', () => {
	test('uses the URL event, or the only selected event when the URL has none', () => {
		assert.equal(identifyEvent('customer_created', ['sale_validated']), 'customer_created');
		assert.equal(identifyEvent(undefined, ['schedule_event_added']), 'schedule_event_added');
		assert.equal(identifyEvent('', ['schedule_event_added']), 'schedule_event_added');
	});

	test('refuses a missing event among several, an unknown or a non-text event', () => {
		assert.throws(() => identifyEvent(undefined, ['sale_validated', 'customer_created']), /event=<name>/);
		assert.throws(() => identifyEvent('SALE_VALIDATED', ['sale_validated']), /Unknown event/);
		assert.throws(() => identifyEvent(['sale_validated'], ['sale_validated']), /Unknown event/);
	});
});
