/**
 * Webhook → Create, Delete and Get Many against the local fake Hiboutik,
 * including Hiboutik's Link-header pagination (`?p=N`, 250 per page; a small
 * page size here), Return All and Limit.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { failure, LOGIN, outputJson, pairedItems, runHiboutik } from './apiHelpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const TRIGGER_URL = 'https://n8n.example.com/webhook/8f14e45f-ceea-4e67-a8e2-3d1c8c1b6a7e/webhook?k=5f0c8e2b9a7d41c3b6e8&event=sale_validated';

async function seedWebhooks(count: number) {
	for (let i = 1; i <= count; i++) {
		const id = 100 + i;
		server.webhooks.set(id, { webhook_id: id, webhook_label: `hook ${i}`, webhook_url: `https://example.com/${i}`, webhook_action: 'sale' });
	}
}

describe('Webhook → Create', () => {
	test('POST /webhooks with label, URL and event as JSON; outputs what was created and webhook_id', async () => {
		const result = await runHiboutik(server, {
			resource: 'webhook',
			operation: 'create',
			webhookLabel: 'n8n loyalty points',
			webhookUrl: TRIGGER_URL,
			webhookAction: 'sale',
		});
		assert.equal(result.error, undefined);
		const [request] = server.requests;
		assert.deepEqual([request.method, request.path, request.headers['content-type']], ['POST', '/api/webhooks', 'application/json']);
		assert.deepEqual(JSON.parse(request.rawBody), { webhook_label: 'n8n loyalty points', webhook_url: TRIGGER_URL, webhook_action: 'sale' });
		assert.deepEqual(outputJson(result), [
			{ webhook_label: 'n8n loyalty points', webhook_url: TRIGGER_URL, webhook_action: 'sale', webhook_id: 1 },
		]);
		assert.equal(server.webhooks.get(1)?.webhook_url, TRIGGER_URL);
	});

	test('additional fields: asynchronous and store', async () => {
		const result = await runHiboutik(server, {
			resource: 'webhook',
			operation: 'create',
			webhookLabel: 'stock sync',
			webhookUrl: 'https://example.com/stock',
			webhookAction: 'stock_order',
			additionalFields: { async: true, storeId: '2' },
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), {
			webhook_label: 'stock sync',
			webhook_url: 'https://example.com/stock',
			webhook_action: 'stock_order',
			webhook_async: 1,
			store_id: 2,
		});
		assert.deepEqual(server.webhooks.get(1), {
			webhook_id: 1,
			webhook_label: 'stock sync',
			webhook_url: 'https://example.com/stock',
			webhook_action: 'stock_order',
			webhook_async: 1,
			store_id: 2,
		});
	});

	test('every documented event is accepted', async () => {
		const actions = ['sale', 'sale_item', 'payment', 'customer', 'store_credit', 'product', 'stock_order', 'timestamp', 'schedule'];
		const result = await runHiboutik(
			server,
			{ resource: 'webhook', operation: 'create', webhookLabel: '={{ $json.action }}', webhookUrl: 'https://example.com/h', webhookAction: '={{ $json.action }}' },
			{ input: actions.map((action) => ({ json: { action } })) },
		);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			[...server.webhooks.values()].map((w) => w.webhook_action),
			actions,
		);
		assert.deepEqual(
			outputJson(result).map((w) => w.webhook_id),
			[1, 2, 3, 4, 5, 6, 7, 8, 9],
		);
	});

	test('a 500 on create is not sent again: the webhook may already exist', async () => {
		server.setMode('status500');
		const result = await runHiboutik(server, {
			resource: 'webhook',
			operation: 'create',
			webhookLabel: 'x',
			webhookUrl: 'https://example.com/x',
			webhookAction: 'sale',
		});
		assert.match(failure(result).message, /^Hiboutik 500 \(internal_error\): Internal error$/);
		assert.equal(server.requests.length, 1);
	});
});

describe('Webhook → Delete', () => {
	test('DELETE /webhooks/{id}', async () => {
		await seedWebhooks(2);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'delete', webhookId: '101' });
		assert.equal(result.error, undefined);
		assert.deepEqual([server.requests[0].method, server.requests[0].path], ['DELETE', '/api/webhooks/101']);
		assert.deepEqual(outputJson(result), [{ success: true, webhookId: 101, webhook_id: 101 }]);
		assert.deepEqual([...server.webhooks.keys()], [102]);
	});

	test('an unknown webhook: Hiboutik\'s 422 for the item', async () => {
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'delete', webhookId: '77' });
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 422 (validation_error): Unknown webhook');
		assert.match(String(error.description), /Details: \{"webhook_id":"No webhook 77"\}/);
	});
});

describe('Webhook → Get Many', () => {
	test('no webhooks: no items', async () => {
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.equal(result.error, undefined);
		assert.deepEqual(outputJson(result), []);
	});

	test('Return All follows rel="next" page after page (p=2, p=3) and stops at the last', async () => {
		await seedWebhooks(7);
		server.setPageSize(3);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.equal(result.error, undefined);
		assert.deepEqual(
			outputJson(result).map((w) => w.webhook_id),
			[101, 102, 103, 104, 105, 106, 107],
		);
		assert.deepEqual(
			server.requests.map((r) => [r.method, r.path, r.query.p]),
			[
				['GET', '/api/webhooks', undefined],
				['GET', '/api/webhooks', '2'],
				['GET', '/api/webhooks', '3'],
			],
		);
		assert.match(server.requests[0].answer.headers.Link, /\?p=2>; rel="next"/);
		assert.deepEqual(new Set(pairedItems(result).map((p) => JSON.stringify(p))), new Set([JSON.stringify({ item: 0 })]));
	});

	test('exactly one full page: one request', async () => {
		await seedWebhooks(3);
		server.setPageSize(3);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.equal(outputJson(result).length, 3);
		assert.equal(server.requests.length, 1);
	});

	test('Limit across pages: asks only for the pages it needs', async () => {
		await seedWebhooks(7);
		server.setPageSize(3);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 4 });
		assert.deepEqual(
			outputJson(result).map((w) => w.webhook_id),
			[101, 102, 103, 104],
		);
		assert.equal(server.requests.length, 2);
	});

	test('Limit within the first page: one request', async () => {
		await seedWebhooks(7);
		server.setPageSize(3);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 2 });
		assert.deepEqual(
			outputJson(result).map((w) => w.webhook_id),
			[101, 102],
		);
		assert.equal(server.requests.length, 1);
	});

	test('Limit left at its default (50)', async () => {
		await seedWebhooks(60);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll' });
		assert.equal(outputJson(result).length, 50);
	});

	test('Hiboutik\'s real page size: 251 webhooks are two pages', async () => {
		await seedWebhooks(251);
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.equal(outputJson(result).length, 251);
		assert.deepEqual(
			server.requests.map((r) => r.query.p),
			[undefined, '2'],
		);
	});

	test('the page number is asked of the credential\'s own API root, whatever host the Link names', async () => {
		const elsewhere = await startHiboutikServer({ ...LOGIN, pageSize: 2, linkBase: 'https://attacker.example/api' });
		try {
			for (let i = 1; i <= 3; i++) elsewhere.webhooks.set(i, { webhook_id: i });
			const result = await runHiboutik(elsewhere, { resource: 'webhook', operation: 'getAll', returnAll: true });
			assert.equal(result.error, undefined);
			assert.deepEqual(
				outputJson(result).map((w) => w.webhook_id),
				[1, 2, 3],
			);
			assert.deepEqual(
				elsewhere.requests.map((r) => [r.path, r.query.p]),
				[
					['/api/webhooks', undefined],
					['/api/webhooks', '2'],
				],
			);
		} finally {
			await elsewhere.close();
		}
	});

	test('a 429 on page 2 is waited out and the list completes', async () => {
		await seedWebhooks(5);
		server.setPageSize(3);
		server.setMode({ kind: 'status429', times: 1, retryAfter: '0', skip: 1 });
		const result = await runHiboutik(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.equal(result.error, undefined);
		assert.equal(outputJson(result).length, 5);
		assert.deepEqual(
			server.requests.map((r) => [r.query.p, r.answer.status]),
			[
				[undefined, 200],
				['2', 429],
				['2', 200],
			],
		);
	});
});
