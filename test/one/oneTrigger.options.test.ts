import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StaticDataStore } from '../helpers/n8n';
import { ONE_FLAT_SNAKE_CASE_SAMPLES, ONE_SAMPLES, ONE_TEST_WEBHOOK_SAMPLE } from '../../nodes/One/samples';
import { ALL_EVENTS, GOOD_AUTH, onlyItem, PASSWORD, sendToOne } from './helpers';

describe('ONe Trigger: events not selected', () => {
	test('answered 200 without starting the workflow', async () => {
		const r = await sendToOne(ONE_SAMPLES.offer_opened, { events: ['cart_opened', 'client_logged'] });
		assert.equal(r.status, 200);
		assert.equal(r.workflowData, undefined);
		assert.deepEqual(r.json, { received: true, started: false, reason: 'event not selected', event: 'offer_opened' });
	});

	test('checked before validation: an unselected event with missing ids is still just acknowledged', async () => {
		const r = await sendToOne({ eventType: 'CartOpened' }, { events: ['client_logged'] });
		assert.equal(r.status, 200);
		assert.equal(r.workflowData, undefined);
	});
});

describe('ONe Trigger: ignoreDuplicates', () => {
	const options = { ignoreDuplicates: true };

	test('the same delivery twice: the second is acknowledged without running', async () => {
		const store = new StaticDataStore();
		const first = await sendToOne(ONE_SAMPLES.cart_opened, { options, staticData: store });
		assert.ok(first.workflowData);
		const second = await sendToOne(ONE_SAMPLES.cart_opened, { options, staticData: store });
		assert.equal(second.status, 200);
		assert.equal(second.workflowData, undefined);
		assert.deepEqual(second.json, { received: true, started: false, reason: 'duplicate', event: 'cart_opened' });
	});

	test('a body with a delivery id: same id, other bytes (a retry with a new timestamp) is still a duplicate', async () => {
		const store = new StaticDataStore();
		assert.ok((await sendToOne(ONE_SAMPLES.client_logged, { options, staticData: store })).workflowData);
		const retried = { ...ONE_SAMPLES.client_logged, occurredAt: '2025-03-14T08:03:45.000Z' };
		assert.equal((await sendToOne(retried, { options, staticData: store })).workflowData, undefined);
		const next = { ...ONE_SAMPLES.client_logged, eventId: 'b3e5f7a9-2468-4c0e-9bdf-1a3c5e7a9c1e' };
		assert.ok((await sendToOne(next, { options, staticData: store })).workflowData, 'a new delivery id runs');
	});

	test('no delivery id: only a byte-identical repeat is a duplicate; the same cart opened again later runs', async () => {
		const store = new StaticDataStore();
		const body = ONE_FLAT_SNAKE_CASE_SAMPLES.cart_opened;
		assert.ok((await sendToOne(body, { options, staticData: store })).workflowData);
		assert.equal((await sendToOne(body, { options, staticData: store })).workflowData, undefined);
		const later = { ...body, opened_at: '2025-03-14T12:00:00Z' };
		assert.ok((await sendToOne(later, { options, staticData: store })).workflowData);
	});

	test('a flat body\'s `id` is not taken as a delivery id (it may be the cart\'s)', async () => {
		const store = new StaticDataStore();
		assert.ok((await sendToOne({ eventType: 'CartOpened', id: 'c1', customerId: 'org:77', cartId: 'c1' }, { options, staticData: store })).workflowData);
		assert.ok(
			(await sendToOne({ eventType: 'CartOpened', id: 'c1', customerId: 'org:77', cartId: 'c1', at: 2 }, { options, staticData: store })).workflowData,
		);
	});

	test('survives a restart: a new process loading the saved static data still sees the duplicate', async () => {
		const store = new StaticDataStore();
		assert.ok((await sendToOne(ONE_SAMPLES.offer_opened, { options, staticData: store })).workflowData);
		const restarted = new StaticDataStore();
		restarted.saved = JSON.parse(JSON.stringify(store.saved)) as typeof store.saved;
		const again = await sendToOne(ONE_SAMPLES.offer_opened, { options, staticData: restarted });
		assert.equal(again.workflowData, undefined);
		assert.equal((again.json as { reason: string }).reason, 'duplicate');
	});

	test('off by default: the same call runs twice', async () => {
		const store = new StaticDataStore();
		assert.ok((await sendToOne(ONE_SAMPLES.cart_opened, { staticData: store })).workflowData);
		assert.ok((await sendToOne(ONE_SAMPLES.cart_opened, { staticData: store })).workflowData);
	});

	test('refused calls are not remembered: a call after a 401 runs', async () => {
		const store = new StaticDataStore();
		const refused = await sendToOne(ONE_SAMPLES.cart_opened, { options, staticData: store, noAuth: true });
		assert.equal(refused.status, 401);
		assert.ok((await sendToOne(ONE_SAMPLES.cart_opened, { options, staticData: store })).workflowData);
	});
});

describe('ONe Trigger: "Submit test webhook" requests', () => {
	test('ONe\'s example request (placeholder ids) runs the workflow marked test: true', async () => {
		const item = onlyItem(await sendToOne(ONE_TEST_WEBHOOK_SAMPLE));
		assert.equal(item.test, true);
		assert.equal(item.event, 'cart_opened');
	});

	test('a body flag or an x-one-test header marks a test; real events are test: false', async () => {
		for (const flagged of [
			{ ...ONE_SAMPLES.client_logged, test: true },
			{ ...ONE_SAMPLES.client_logged, isTest: 'true' },
			{ ...ONE_SAMPLES.client_logged, data: { ...(ONE_SAMPLES.client_logged.data as object), example: true } },
			{ ...ONE_FLAT_SNAKE_CASE_SAMPLES.client_logged, is_test: true },
		]) {
			assert.equal(onlyItem(await sendToOne(flagged)).test, true, JSON.stringify(flagged));
		}
		assert.equal(onlyItem(await sendToOne(ONE_SAMPLES.client_logged, { headers: { 'x-one-test': '1' } })).test, true);
		assert.equal(onlyItem(await sendToOne(ONE_SAMPLES.client_logged, { headers: { 'X-Webhook-Test': 'true' } })).test, true);
		assert.equal(onlyItem(await sendToOne(ONE_SAMPLES.client_logged, { headers: { 'x-one-test': '0' } })).test, false);
		assert.equal(onlyItem(await sendToOne({ ...ONE_SAMPLES.client_logged, test: false })).test, false);
		assert.equal(onlyItem(await sendToOne({ ...ONE_SAMPLES.client_logged, test: 'maybe' })).test, false);
	});

	test('ignoreTestRequests: answered 200 without running, even when the example carries no usable ids', async () => {
		const options = { ignoreTestRequests: true };
		for (const body of [ONE_TEST_WEBHOOK_SAMPLE, { test: true }, { example: true, eventType: 'Whatever' }]) {
			const r = await sendToOne(body, { options });
			assert.equal(r.status, 200);
			assert.equal(r.workflowData, undefined);
			assert.deepEqual(r.json, { received: true, started: false, reason: 'test request ignored' });
		}
		assert.ok((await sendToOne(ONE_SAMPLES.cart_opened, { options })).workflowData, 'real events still run');
	});

	test('ignoreTestRequests still requires the password', async () => {
		const r = await sendToOne(ONE_TEST_WEBHOOK_SAMPLE, { options: { ignoreTestRequests: true }, noAuth: true });
		assert.equal(r.status, 401);
	});

	test('test requests are never dropped as duplicates (the user may click the button twice)', async () => {
		const store = new StaticDataStore();
		const options = { ignoreDuplicates: true };
		assert.ok((await sendToOne(ONE_TEST_WEBHOOK_SAMPLE, { options, staticData: store })).workflowData);
		assert.ok((await sendToOne(ONE_TEST_WEBHOOK_SAMPLE, { options, staticData: store })).workflowData);
	});
});

describe('ONe Trigger: sample data by GET on the test URL', () => {
	for (const event of ALL_EVENTS) {
		test(`manual mode, ?sample=${event}: emits the sample like a real call`, async () => {
			const r = await sendToOne(undefined, { method: 'GET', mode: 'manual', query: `?sample=${event}`, noAuth: true });
			assert.equal(r.status, 200);
			const item = onlyItem(r);
			const real = onlyItem(await sendToOne(ONE_SAMPLES[event]));
			assert.equal(item.event, event);
			assert.equal(item.test, false);
			assert.deepEqual(item.data, real.data);
			assert.deepEqual(item.envelope, real.envelope);
		});
	}

	test('manual mode without ?sample: the first selected event', async () => {
		const r = await sendToOne(undefined, { method: 'GET', mode: 'manual', noAuth: true, events: ['offer_opened', 'cart_opened'] });
		assert.equal(onlyItem(r).event, 'offer_opened');
	});

	test('manual mode, ONe spellings accepted: ?sample=CartOpened', async () => {
		const r = await sendToOne(undefined, { method: 'GET', mode: 'manual', query: '?sample=CartOpened', noAuth: true });
		assert.equal(onlyItem(r).event, 'cart_opened');
	});

	test('manual mode, unknown or unselected sample: 400 saying what to ask for', async () => {
		const unknown = await sendToOne(undefined, { method: 'GET', mode: 'manual', query: '?sample=nope', noAuth: true });
		assert.equal(unknown.status, 400);
		assert.match((unknown.json as { error: string }).error, /cart_opened, client_logged, offer_opened/);
		const unselected = await sendToOne(undefined, {
			method: 'GET', mode: 'manual', query: '?sample=cart_opened', noAuth: true, events: ['client_logged'],
		});
		assert.equal(unselected.status, 400);
		assert.equal(unselected.workflowData, undefined);
		assert.match((unselected.json as { error: string }).error, /not selected/);
	});

	test('asking twice with ignoreDuplicates on gives the sample twice, and does not mark real deliveries as seen', async () => {
		const store = new StaticDataStore();
		const ask = () => sendToOne(undefined, {
			method: 'GET', mode: 'manual', query: '?sample=cart_opened', noAuth: true, options: { ignoreDuplicates: true }, staticData: store,
		});
		assert.ok((await ask()).workflowData);
		assert.ok((await ask()).workflowData);
		assert.deepEqual(store.saved, {});
	});

	test('production URL: GET is 405 and starts nothing', async () => {
		const r = await sendToOne(undefined, { method: 'GET', mode: 'webhook', query: '?sample=cart_opened' });
		assert.equal(r.status, 405);
		assert.equal(r.headers.allow, 'POST');
		assert.equal(r.workflowData, undefined);
	});
});

describe('ONe Trigger: secrets never reach the output', () => {
	test('neither the password nor the Authorization header appear in items or answers', async () => {
		const encoded = GOOD_AUTH.slice('Basic '.length);
		const results = [
			await sendToOne(ONE_SAMPLES.cart_opened),
			await sendToOne(ONE_TEST_WEBHOOK_SAMPLE),
			await sendToOne(ONE_SAMPLES.cart_opened, { headers: { 'x-one-test': '1', cookie: `s=${PASSWORD}` } }),
			await sendToOne({ eventType: 'CartOpened' }),
			await sendToOne(ONE_SAMPLES.cart_opened, { noAuth: true }),
			await sendToOne(ONE_SAMPLES.cart_opened, { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
			await sendToOne(undefined, { method: 'GET', mode: 'manual', query: '?sample=cart_opened' }),
		];
		for (const r of results) {
			const everything = JSON.stringify({ items: r.workflowData, body: r.body, headers: r.headers });
			assert.ok(!everything.includes(PASSWORD), 'password leaked');
			assert.ok(!everything.includes(encoded), 'Authorization value leaked');
			assert.ok(!/"authorization"/i.test(JSON.stringify(r.workflowData ?? [])), 'Authorization header in item');
		}
	});
});
