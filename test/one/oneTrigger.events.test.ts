import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_FLAT_SNAKE_CASE_SAMPLES, ONE_SAMPLES } from '../../nodes/One/samples';
import type { OneEventName } from '../../nodes/One/events';
import { ALL_EVENTS, onlyItem, sendToOne } from './helpers';

const CART = '3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f';
const OFFER = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

describe('ONe Trigger: every event, as ONe may send it', () => {
	for (const event of ALL_EVENTS) {
		test(`${event}: wrapped camelCase sample starts the workflow with typed data`, async () => {
			const r = await sendToOne(ONE_SAMPLES[event]);
			assert.equal(r.status, 200);
			const item = onlyItem(r);
			assert.equal(item.event, event);
			assert.equal(item.test, false);
			assert.match(String(item.receivedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			const data = item.data as Record<string, unknown>;
			const original = ONE_SAMPLES[event].data as Record<string, unknown>;
			for (const [key, value] of Object.entries(original)) assert.deepEqual(data[key], value, `kept ${key}`);
			assert.equal(data.customerId, original.customerId);
			assert.equal(data.clientType, String(original.customerId).startsWith('ind:') ? 'individual' : 'organization');
			const { data: _payload, ...wrapper } = ONE_SAMPLES[event];
			assert.deepEqual(item.envelope, wrapper);
			const headers = item.headers as Record<string, unknown>;
			assert.equal(headers['content-type'], 'application/json');
			assert.equal(headers.authorization, undefined);
		});

		test(`${event}: flat snake_case body is normalised to camelCase ids, originals kept`, async () => {
			const body = ONE_FLAT_SNAKE_CASE_SAMPLES[event];
			const item = onlyItem(await sendToOne(body));
			assert.equal(item.event, event);
			assert.equal(item.envelope, undefined);
			const data = item.data as Record<string, unknown>;
			for (const [key, value] of Object.entries(body)) assert.deepEqual(data[key], value, `kept ${key}`);
			assert.equal(data.customerId, body.customer_id ?? body.client_id);
		});
	}

	test('cart_opened: ids under every accepted spelling', async () => {
		for (const ids of [
			{ customerId: 'ind:1024', cartId: CART },
			{ customer_id: 'ind:1024', cart_id: CART },
			{ clientId: 'ind:1024', cartId: CART },
			{ client_id: 'ind:1024', cart_id: CART },
		]) {
			const data = onlyItem(await sendToOne({ eventType: 'CartOpened', ...ids })).data as Record<string, unknown>;
			assert.equal(data.customerId, 'ind:1024', JSON.stringify(ids));
			assert.equal(data.cartId, CART);
			assert.equal(data.clientType, 'individual');
		}
	});

	test('numeric ids become text; an id without ind:/org: is clientType unknown', async () => {
		const data = onlyItem(await sendToOne({ event: 'OfferOpened', customer_id: 5150, offer_id: 88 })).data as Record<string, unknown>;
		assert.equal(data.customerId, '5150');
		assert.equal(data.offerId, '88');
		assert.equal(data.clientType, 'unknown');
	});

	test('offer_opened without an offer id is accepted (only the customer id is documented)', async () => {
		const item = onlyItem(await sendToOne({ webhookType: 'OfferOpened', customerId: 'org:77' }));
		assert.equal(item.event, 'offer_opened');
		assert.equal((item.data as Record<string, unknown>).offerId, undefined);
		assert.equal((item.data as Record<string, unknown>).clientType, 'organization');
	});
});

describe('ONe Trigger: envelope shapes and where the event name is read', () => {
	const cases: [string, unknown, OneEventName][] = [
		['eventType + data', { eventType: 'CartOpened', data: { customerId: 'org:77', cartId: CART } }, 'cart_opened'],
		['type + payload', { type: 'client_logged', payload: { customer_id: 'ind:1024' } }, 'client_logged'],
		['event, flat', { event: 'ClientLogged', clientId: 'ind:1024' }, 'client_logged'],
		['webhookType object', { webhookType: { name: 'OfferOpened' }, data: { customerId: 'org:77', offerId: OFFER } }, 'offer_opened'],
		['webhookType.exchangeName only', { webhookType: { exchangeName: 'p-u-o-m-e-o-offeropened-klient' }, data: { customerId: 'org:77' } }, 'offer_opened'],
		['exchangeName, upper case', { exchangeName: 'P-U-O-M-E-C-CARTOPENED-KLIENT', data: { customerId: 'org:77', cartId: CART } }, 'cart_opened'],
		['ONe label "OfferOpened BO"', { eventName: 'OfferOpened BO', customerId: 'org:77' }, 'offer_opened'],
		['event_type CART_OPENED', { event_type: 'CART_OPENED', customer_id: 'org:77', cart_id: CART }, 'cart_opened'],
		['data sent as a JSON string', { eventType: 'CartOpened', data: JSON.stringify({ customerId: 'org:77', cartId: CART }) }, 'cart_opened'],
		['ids in the wrapper, extra fields in data', { eventType: 'CartOpened', customerId: 'org:77', cartId: CART, data: { note: 'x' } }, 'cart_opened'],
	];
	for (const [name, body, event] of cases) {
		test(name, async () => {
			const item = onlyItem(await sendToOne(body));
			assert.equal(item.event, event);
			const data = item.data as Record<string, unknown>;
			assert.match(String(data.customerId), /^(org:77|ind:1024)$/);
			if (event === 'cart_opened') assert.equal(data.cartId, CART);
		});
	}

	test('no event in the body: the URL ?event= decides (one ONe webhook per event)', async () => {
		const item = onlyItem(await sendToOne({ customerId: 'org:77', cartId: CART }, { query: '?event=cart_opened' }));
		assert.equal(item.event, 'cart_opened');
		const again = onlyItem(await sendToOne({ customerId: 'org:77' }, { query: '?event=ClientLogged' }));
		assert.equal(again.event, 'client_logged');
	});

	test('no event in the body nor URL: the only selected event decides', async () => {
		const item = onlyItem(await sendToOne({ customerId: 'org:77' }, { events: ['client_logged'] }));
		assert.equal(item.event, 'client_logged');
	});

	test('the body wins over the URL', async () => {
		const item = onlyItem(await sendToOne({ eventType: 'ClientLogged', customerId: 'org:77' }, { query: '?event=cart_opened' }));
		assert.equal(item.event, 'client_logged');
	});

	test('a `type` that is not an event name (e.g. a client type) is not mistaken for one', async () => {
		const item = onlyItem(await sendToOne({ type: 'ORGANIZATION', customerId: 'org:77' }, { query: '?event=client_logged' }));
		assert.equal(item.event, 'client_logged');
		assert.equal((item.data as Record<string, unknown>).type, 'ORGANIZATION');
	});

	test('an unknown event named in the body, nothing else to go by: 400 naming the allowed events', async () => {
		const r = await sendToOne({ eventType: 'OrderPlaced', customerId: 'org:77' });
		assert.equal(r.status, 400);
		assert.equal(r.workflowData, undefined);
		const error = (r.json as { error: string }).error;
		assert.match(error, /Unknown ONe event "OrderPlaced"/);
		for (const name of ALL_EVENTS) assert.match(error, new RegExp(name));
		assert.match(error, /\?event=/);
	});

	test('an unknown body event with ?event= in the URL: the URL decides (the user can fix it there)', async () => {
		const item = onlyItem(await sendToOne({ event: 'something-else', customerId: 'org:77' }, { query: '?event=client_logged' }));
		assert.equal(item.event, 'client_logged');
	});

	test('an unknown ?event= value: 400 naming the allowed values', async () => {
		const r = await sendToOne({ customerId: 'org:77' }, { query: '?event=order_paid' });
		assert.equal(r.status, 400);
		assert.equal(r.workflowData, undefined);
		assert.match((r.json as { error: string }).error, /order_paid.*cart_opened, client_logged, offer_opened/);
	});

	test('no clue at all and several events selected: 400 telling how to fix it', async () => {
		const r = await sendToOne({ customerId: 'org:77' });
		assert.equal(r.status, 400);
		assert.equal(r.workflowData, undefined);
		assert.match((r.json as { error: string }).error, /names no event type.*\?event=cart_opened/);
	});
});

describe('ONe Trigger: missing or bad fields are refused with 400 naming the field', () => {
	test('cart_opened without a cart id', async () => {
		const r = await sendToOne({ eventType: 'CartOpened', customerId: 'org:77' });
		assert.equal(r.status, 400);
		assert.equal(r.workflowData, undefined);
		assert.match((r.json as { error: string }).error, /cartId \(or cart_id\)/);
	});

	for (const event of ALL_EVENTS) {
		test(`${event} without a customer id`, async () => {
			const r = await sendToOne({ eventType: event, cartId: CART, offerId: OFFER });
			assert.equal(r.status, 400);
			assert.equal(r.workflowData, undefined);
			assert.match((r.json as { error: string }).error, /customerId \(or customer_id, clientId, client_id\)/);
		});
	}

	test('empty, null or object ids', async () => {
		for (const [body, pattern] of [
			[{ eventType: 'ClientLogged', customerId: '  ' }, /customer id is empty/],
			[{ eventType: 'ClientLogged', customer_id: null }, /customerId: missing/],
			[{ eventType: 'ClientLogged', customerId: { id: 1 } }, /customer id must be a text or a number/],
			[{ eventType: 'OfferOpened', customerId: 'org:77', offerId: '' }, /offer id is empty \(offerId \(or offer_id\)\)/],
		] as const) {
			const r = await sendToOne(body);
			assert.equal(r.status, 400, JSON.stringify(body));
			assert.match((r.json as { error: string }).error, pattern);
		}
	});
});
