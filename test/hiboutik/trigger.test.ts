import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StaticDataStore } from '../helpers/n8n';
import { httpBuildQuery } from '../../nodes/shared/phpQuery';
import { HIBOUTIK_EVENTS } from '../../nodes/Hiboutik/events';
import { SAMPLE_BODIES } from '../../nodes/Hiboutik/samples';
import { FORM, SECRET, onlyItem, sendToHiboutik, urlFor } from './helpers';

const SALE = SAMPLE_BODIES.sale_validated;

/** What a refusal must look like: the status, an error message, and no execution. */
function assertRefused(result: Awaited<ReturnType<typeof sendToHiboutik>>, status: number, message?: RegExp) {
	assert.equal(result.status, status, result.body);
	assert.equal(result.workflowData, undefined, 'no execution may start');
	const error = (result.json as { error?: string }).error ?? '';
	if (message) assert.match(error, message);
}

function assertNotStarted(result: Awaited<ReturnType<typeof sendToHiboutik>>, reason: string) {
	assert.equal(result.status, 200, result.body);
	assert.equal(result.workflowData, undefined);
	assert.equal((result.json as { reason?: string }).reason, reason);
}

describe('Hiboutik Trigger: every event', () => {
	for (const event of HIBOUTIK_EVENTS) {
		test(`${event}: its sample, posted to its URL, starts the workflow with one typed item`, async () => {
			const result = await sendToHiboutik(event, SAMPLE_BODIES[event]);
			assert.equal(result.status, 200, result.body);
			const item = onlyItem(result);
			assert.equal(item.event, event);
			assert.ok(!Number.isNaN(Date.parse(String(item.receivedAt))));
			assert.equal(typeof item.data, 'object');
			assert.ok(Object.keys(item.data as object).length > 0);
			assert.equal((item.headers as Record<string, string>)['content-type'], FORM);
		});
	}
});

describe('Hiboutik Trigger: a full sale as form data', () => {
	test('rebuilds line items, tags and taxes with exact types: ids/quantities/points numbers, amounts exact strings', async () => {
		const item = onlyItem(await sendToHiboutik('sale_validated', SALE));
		assert.equal(item.event, 'sale_validated');
		assert.equal(item.saleId, 1287);
		assert.equal(item.customerId, 356);
		assert.equal(item.total, '47.40');
		const epicerie = { tag_id: 3, tag: 'Épicerie fine' };
		const bio = { tag_id: 7, tag: 'Bio' };
		assert.deepEqual(item.data, {
			sale_id: 1287,
			unique_sale_id: 1042,
			order_id: 1287,
			unique_order_id: 1042,
			shop_id: 1,
			store_id: 1,
			customer_id: 356,
			vendor_id: 2,
			user_id: 2,
			date_time: '2025-03-14 17:42:08',
			created_at: '2025-03-14 17:35:51',
			completed_at: '2025-03-14 17:42:08',
			currency: 'EUR',
			total: '47.40',
			payment: 'CB',
			points: 46,
			sale_ext_ref: '',
			sale_total_net: '43.23',
			sale_total_tax: '4.17',
			sale_total_gross: '47.40',
			taxes: [
				{ tax_value: '0.055', total_net: '30.81', total_vat: '1.69', total_gross: '32.50' },
				{ tax_value: '0.200', total_net: '12.42', total_vat: '2.48', total_gross: '14.90' },
			],
			line_items: [
				{
					line_item_id: 5631,
					product_id: 12,
					product_size: '0',
					quantity: 2,
					product_price: '12.50',
					points: 25,
					discount: '0.00',
					product_model: 'Café en grains Éthiopie 250 g',
					product_barcode: '3760123450012',
					tags: [epicerie, bio],
				},
				{
					line_item_id: 5632,
					product_id: 45,
					product_size: '0',
					quantity: 1,
					product_price: '14.90',
					points: 14,
					discount: '0.00',
					product_model: 'Mug céramique « Hibou » 30 cl',
					product_barcode: '3760123450456',
					tags: [{ tag_id: 5, tag: 'Idées cadeaux' }],
				},
				{
					line_item_id: 5633,
					product_id: 78,
					product_size: '0',
					quantity: 3,
					product_price: '2.50',
					points: 7,
					discount: '0.00',
					product_model: 'Tablette chocolat noir 70 % & éclats de noisette',
					product_barcode: '3760123450789',
					tags: [epicerie, bio],
				},
			],
		});
	});

	test('the raw bracket keys are read from the body, not from n8n flat form parsing', async () => {
		// A hand-written body exactly as PHP would send it, with non-contiguous and out-of-order keys.
		const body = [
			'sale_id=77',
			'line_items%5B5%5D%5Bproduct_id%5D=9',
			'line_items%5B5%5D%5Bquantity%5D=1',
			'line_items%5B2%5D%5Bproduct_id%5D=8',
			'line_items%5B2%5D%5Bquantity%5D=4',
			'line_items%5B2%5D%5Btags%5D%5B3%5D%5Btag_id%5D=11',
			'line_items%5B2%5D%5Btags%5D%5B1%5D%5Btag_id%5D=10',
			'taxes%5B9%5D%5Btax_value%5D=0.200',
		].join('&');
		const data = onlyItem(await sendToHiboutik('sale_validated', body)).data as Record<string, unknown>;
		assert.deepEqual(data.line_items, [
			{ product_id: 8, quantity: 4, tags: [{ tag_id: 10 }, { tag_id: 11 }] },
			{ product_id: 9, quantity: 1 },
		]);
		assert.deepEqual(data.taxes, [{ tax_value: '0.200' }]);
	});

	test('amounts are never rounded, and non-integer ids or quantities are kept as sent', async () => {
		const body = httpBuildQuery({
			order_id: '12',
			total: '0.10000000000000001',
			line_items: [{ product_id: '007', quantity: '1.5', product_price: '99999999999999999.99' }],
		});
		const item = onlyItem(await sendToHiboutik('sale_validated', body));
		assert.equal(item.saleId, 12, 'the older order_id names the sale too');
		assert.equal(item.total, '0.10000000000000001');
		assert.deepEqual((item.data as { line_items: unknown }).line_items, [
			{ product_id: '007', quantity: '1.5', product_price: '99999999999999999.99' },
		]);
	});

	test('a sale without sale_id or order_id is refused with a 400 naming the field', async () => {
		assertRefused(await sendToHiboutik('sale_validated', 'customer_id=3&total=12.00'), 400, /data\.sale_id: Required/);
	});

	test('a sale whose sale_id is not a whole number is refused', async () => {
		assertRefused(await sendToHiboutik('sale_validated', 'sale_id=abc'), 400, /data\.sale_id: expected a whole-number id/);
	});

	test('line_items that are not a PHP array are refused with the field named', async () => {
		assertRefused(await sendToHiboutik('sale_validated', 'sale_id=5&line_items=oops'), 400, /data\.line_items/);
	});

	test('a customer callback needs customer_id; a payment callback needs its sale', async () => {
		assertRefused(await sendToHiboutik('customer_created', 'shop_id=1'), 400, /data\.customer_id/);
		assertRefused(await sendToHiboutik('payment_method_added', 'shop_id=1'), 400, /data\.sale_id/);
	});
});

describe('Hiboutik Trigger: alert for the cashier', () => {
	test('answers {"alerte": message} and still starts the workflow', async () => {
		const result = await sendToHiboutik('sale_validated', SALE, {
			options: { alertMessage: '<strong>Vente envoyée à la boutique en ligne</strong>' },
		});
		assert.equal(result.status, 200);
		assert.deepEqual(result.json, { alerte: '<strong>Vente envoyée à la boutique en ligne</strong>' });
		assert.equal(onlyItem(result).saleId, 1287);
	});

	test('without the option the answer is n8n usual one', async () => {
		const result = await sendToHiboutik('sale_validated', SALE);
		assert.deepEqual(result.json, { message: 'Workflow was started' });
	});

	test('a refused callback gets no alert', async () => {
		const result = await sendToHiboutik('sale_validated', 'total=1', { options: { alertMessage: 'ok' } });
		assertRefused(result, 400);
	});
});

describe('Hiboutik Trigger: the URL secret', () => {
	test('missing k → 403, no execution', async () => {
		assertRefused(await sendToHiboutik('sale_validated', SALE, { query: '?event=sale_validated' }), 403, /secret/);
	});

	test('wrong k → 403, no execution', async () => {
		assertRefused(await sendToHiboutik('sale_validated', SALE, { query: urlFor('sale_validated', 'x'.repeat(64)) }), 403);
	});

	test('k that is only a prefix of the secret, or the secret with a different case → 403', async () => {
		assertRefused(await sendToHiboutik('sale_validated', SALE, { query: urlFor('sale_validated', SECRET.slice(0, -1)) }), 403);
		assertRefused(await sendToHiboutik('sale_validated', SALE, { query: urlFor('sale_validated', SECRET.toUpperCase()) }), 403);
	});

	test('empty k → 403, even if the credential secret were empty', async () => {
		assertRefused(await sendToHiboutik('sale_validated', SALE, { query: '?k=&event=sale_validated', secret: '' }), 403);
	});

	test('the secret is checked before anything else: a wrong k with a JSON body is 403, not 415', async () => {
		const result = await sendToHiboutik('sale_validated', '{"sale_id":1}', {
			query: '?k=nope&event=sale_validated',
			headers: { 'content-type': 'application/json' },
		});
		assertRefused(result, 403);
	});

	test('the secret never appears in the output, not even in a header a proxy copied the URL into', async () => {
		const result = await sendToHiboutik('sale_validated', SALE, {
			headers: {
				'x-original-url': `/webhook/abc/webhook${urlFor('sale_validated')}`,
				referer: `https://n8n.example.fr/webhook/abc/webhook?k=${SECRET}`,
				'x-request-id': 'req-42',
			},
		});
		const item = onlyItem(result);
		assert.ok(!JSON.stringify(result.workflowData).includes(SECRET));
		const headers = item.headers as Record<string, string>;
		assert.equal(headers['x-original-url'], undefined);
		assert.equal(headers.referer, undefined);
		assert.equal(headers['x-request-id'], 'req-42');
		assert.equal(item.k, undefined);
		assert.equal((item.data as Record<string, unknown>).k, undefined);
	});
});

describe('Hiboutik Trigger: which event a URL is for', () => {
	test('with one selected event, the URL may leave out event=', async () => {
		const result = await sendToHiboutik('sale_validated', SALE, { events: ['sale_validated'], query: `?k=${SECRET}` });
		assert.equal(onlyItem(result).event, 'sale_validated');
	});

	test('with several selected events, a URL without event= is a 400 naming the valid names', async () => {
		const result = await sendToHiboutik('sale_validated', SALE, { query: `?k=${SECRET}` });
		assertRefused(result, 400, /event=<name>.*sale_validated, payment_method_selected/);
	});

	test('an unknown event name is a 400 listing the valid names', async () => {
		const result = await sendToHiboutik('sale_closed', SALE);
		assertRefused(result, 400, /Unknown event "sale_closed".*Valid names: sale_validated, .*schedule_event_deleted/);
	});

	test('an event the node does not listen to is answered 200 and starts nothing', async () => {
		const result = await sendToHiboutik('customer_modified', SAMPLE_BODIES.customer_modified, {
			events: ['sale_validated', 'customer_created'],
		});
		assertNotStarted(result, 'event not selected');
		assert.equal((result.json as { event?: string }).event, 'customer_modified');
	});

	test('the same body is whatever event its URL names', async () => {
		const body = SAMPLE_BODIES.payment_method_added;
		for (const event of ['payment_method_selected', 'payment_method_added', 'payment_method_deleted']) {
			assert.equal(onlyItem(await sendToHiboutik(event, body)).event, event);
		}
	});
});

describe('Hiboutik Trigger: duplicates', () => {
	const options = { ignoreDuplicates: true };

	test('the same sale twice starts once; after a restart (store reloaded) it is still a duplicate', async () => {
		const store = new StaticDataStore();
		assert.ok(onlyItem(await sendToHiboutik('sale_validated', SALE, { options, staticData: store })));
		assertNotStarted(await sendToHiboutik('sale_validated', SALE, { options, staticData: store }), 'duplicate');

		const restarted = new StaticDataStore();
		restarted.saved = JSON.parse(JSON.stringify(store.saved));
		assertNotStarted(await sendToHiboutik('sale_validated', SALE, { options, staticData: restarted }), 'duplicate');
		const other = SALE.replace('sale_id=1287', 'sale_id=1288').replace('order_id=1287', 'order_id=1288');
		assert.equal(onlyItem(await sendToHiboutik('sale_validated', other, { options, staticData: restarted })).saleId, 1288);
	});

	test('a sale counts by id and closing number, not by its exact bytes', async () => {
		const store = new StaticDataStore();
		await sendToHiboutik('sale_validated', 'sale_id=9&unique_sale_id=4&total=10.00', { options, staticData: store });
		const resent = await sendToHiboutik('sale_validated', 'sale_id=9&unique_sale_id=4&total=10.00&points=10', {
			options,
			staticData: store,
		});
		assertNotStarted(resent, 'duplicate');
		// Another sale whose id equals the first one's closing number is not a duplicate.
		const other = await sendToHiboutik('sale_validated', 'sale_id=4&unique_sale_id=2', { options, staticData: store });
		assert.equal(onlyItem(other).saleId, 4);
	});

	test('a customer changed twice in different ways starts twice; the same change again does not', async () => {
		const store = new StaticDataStore();
		const send = (body: string) => sendToHiboutik('customer_modified', body, { options, staticData: store });
		assert.ok(onlyItem(await send('customer_id=356&customers_email=a%40example.fr')));
		assert.ok(onlyItem(await send('customer_id=356&customers_email=b%40example.fr')));
		assertNotStarted(await send('customer_id=356&customers_email=b%40example.fr'), 'duplicate');
	});

	test('events without ids count by content and event: the same body for "added" then "deleted" starts twice', async () => {
		const store = new StaticDataStore();
		const body = SAMPLE_BODIES.payment_method_added;
		assert.ok(onlyItem(await sendToHiboutik('payment_method_added', body, { options, staticData: store })));
		assert.ok(onlyItem(await sendToHiboutik('payment_method_deleted', body, { options, staticData: store })));
		assertNotStarted(await sendToHiboutik('payment_method_added', body, { options, staticData: store }), 'duplicate');
	});

	test('without the option every callback starts the workflow', async () => {
		const store = new StaticDataStore();
		assert.ok(onlyItem(await sendToHiboutik('sale_validated', SALE, { staticData: store })));
		assert.ok(onlyItem(await sendToHiboutik('sale_validated', SALE, { staticData: store })));
	});
});

describe('Hiboutik Trigger: malformed bodies', () => {
	test('empty body → 400', async () => {
		assertRefused(await sendToHiboutik('sale_validated', ''), 400, /empty/);
	});

	test('a body with only separators → 400 (no form fields)', async () => {
		assertRefused(await sendToHiboutik('sale_validated', '&&&'), 400, /no form fields/);
	});

	test('a JSON body → 415', async () => {
		const result = await sendToHiboutik('sale_validated', JSON.stringify({ sale_id: 1287 }), {
			headers: { 'content-type': 'application/json' },
		});
		assertRefused(result, 415, /application\/x-www-form-urlencoded/);
	});

	test('no content type → 415', async () => {
		const result = await sendToHiboutik('sale_validated', Buffer.from(SALE), { headers: { 'content-type': '' } });
		assertRefused(result, 415);
	});

	test('1 MB of junk → a clear 400, no crash', async () => {
		let junk = '';
		let seed = 7;
		const alphabet = 'abc%[]=&+.~-_ \u00e9\u20ac0123456789';
		while (junk.length < 1024 * 1024) {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			junk += alphabet[seed % alphabet.length];
		}
		const started = Date.now();
		const result = await sendToHiboutik('sale_validated', junk);
		assertRefused(result, 400, /data\.sale_id/);
		assert.ok(Date.now() - started < 5000, 'answered quickly');
	});

	test('brackets nested 5000 deep are dropped like PHP drops them: 400 if nothing else was sent', async () => {
		const deep = `a${'[x]'.repeat(5000)}=1`;
		assertRefused(await sendToHiboutik('timestamp_stopped', deep), 400, /no form fields/);
	});

	test('brackets nested 5000 deep beside a valid sale: the sale starts without the deep variable', async () => {
		const deep = `a${'[x]'.repeat(5000)}=1`;
		const data = onlyItem(await sendToHiboutik('sale_validated', `sale_id=5&${deep}`)).data as Record<string, unknown>;
		assert.equal(data.sale_id, 5);
		assert.equal(data.a, undefined);
	});

	test('fields after PHP max_input_vars (1000) are ignored, so a late sale_id is missing → 400', async () => {
		const filler = Array.from({ length: 1000 }, (_, i) => `f${i}=x`).join('&');
		assertRefused(await sendToHiboutik('sale_validated', `${filler}&sale_id=5`), 400, /data\.sale_id: Required/);
	});

	test('a method other than POST or GET → 405', async () => {
		const result = await sendToHiboutik('sale_validated', SALE, { method: 'PUT' });
		assertRefused(result, 405);
		assert.equal(result.headers.allow, 'POST');
	});
});

describe('Hiboutik Trigger: sample data on the Test URL', () => {
	const sample = (query: string, mode: 'manual' | 'webhook', events?: (typeof HIBOUTIK_EVENTS)[number][]) =>
		sendToHiboutik('', '', { method: 'GET', query, mode, events, headers: {} });

	test('GET ?sample=<event> while listening in the editor emits that sample like a real callback', async () => {
		const item = onlyItem(await sample('?sample=sale_validated', 'manual'));
		const real = onlyItem(await sendToHiboutik('sale_validated', SALE));
		assert.equal(item.event, 'sale_validated');
		assert.deepEqual(item.data, real.data);
		assert.equal(item.total, '47.40');
	});

	test('every event has a sample', async () => {
		for (const event of HIBOUTIK_EVENTS) {
			assert.equal(onlyItem(await sample(`?sample=${event}`, 'manual')).event, event);
		}
	});

	test('without ?sample= the first selected event is used', async () => {
		assert.equal(onlyItem(await sample('', 'manual', ['customer_created', 'sale_validated'])).event, 'customer_created');
	});

	test('an unknown sample name → 400 listing the valid names', async () => {
		assertRefused(await sample('?sample=nope', 'manual'), 400, /Valid names: sale_validated/);
	});

	test('a GET on the Production URL → 405, nothing starts', async () => {
		const result = await sample('?sample=sale_validated', 'webhook');
		assertRefused(result, 405, /POST/);
		assert.equal(result.headers.allow, 'POST');
	});
});

describe('Hiboutik Trigger: sale fields whose shape Hiboutik does not publish', () => {
	test('a split payment sent as a PHP array is kept as sent, not refused', async () => {
		const body = httpBuildQuery({ sale_id: '5', payment: [{ type: 'CB', amount: '10.00' }, { type: 'ESP', amount: '2.50' }] });
		const data = onlyItem(await sendToHiboutik('sale_validated', body)).data as Record<string, unknown>;
		assert.deepEqual(data.payment, [
			{ type: 'CB', amount: '10.00' },
			{ type: 'ESP', amount: '2.50' },
		]);
	});
});
