/**
 * Webhook → Create, Get Many, Delete and Send Example against the local fake
 * ONe: ONe's fields (name, status, webhookType {name, exchangeName},
 * callbackUrl, callbackAuthentication), the password taken from the "ONe
 * Webhook" credential and never output, lists as arrays or pages, and the
 * example request reaching the webhook's URL with its HTTP Basic auth.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { startOneServer, type OneServer, type StoredWebhook } from '../vendors/oneServer';
import { failure, outputJson, pairedItems, runOne, TOKEN } from './apiHelpers';
import { GOOD_AUTH, PASSWORD, USER } from './helpers';

let server: OneServer;

before(async () => {
	server = await startOneServer({ token: TOKEN });
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const WEBHOOKS = '/api/v1/webhooks/integrations/auth-required/webhooks';
const TRIGGER_URL = 'https://n8n.example.com/webhook/8f14e45f-ceea-4e67-a8e2-3d1c8c1b6a7e/webhook?event=cart_opened';

const create = (extra: IDataObject = {}) => ({
	resource: 'webhook',
	operation: 'create',
	webhookName: 'n8n: cart opened',
	webhookType: 'CartOpened',
	callbackUrl: TRIGGER_URL,
	...extra,
});

function seed(count: number): StoredWebhook[] {
	const seeded: StoredWebhook[] = [];
	for (let i = 1; i <= count; i++) {
		const webhook: StoredWebhook = {
			id: `wh-${String(i).padStart(3, '0')}`,
			name: `hook ${i}`,
			status: 'ACTIVE',
			webhookType: { name: 'ClientLogged', exchangeName: 'p-u-o-m-e-c-clientlogged-klient' },
			callbackUrl: `https://example.com/${i}`,
			callbackAuthentication: { type: 'HTTP_BASIC', username: 'crm', password: 'crm-secret-123' },
		};
		server.webhooks.set(webhook.id, webhook);
		seeded.push(webhook);
	}
	return seeded;
}

describe('Webhook → Create', () => {
	test("POST with ONe's fields; HTTP Basic from the ONe Webhook credential; the output leaves the password out", async () => {
		const result = await runOne(server, create());
		const [request] = server.requests;
		assert.deepEqual([request.method, request.path], ['POST', WEBHOOKS]);
		assert.deepEqual(JSON.parse(request.rawBody), {
			name: 'n8n: cart opened',
			status: 'ACTIVE',
			webhookType: { name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
			callbackUrl: TRIGGER_URL,
			callbackAuthentication: { type: 'HTTP_BASIC', username: USER, password: PASSWORD },
		});
		const [created] = outputJson(result);
		assert.equal(typeof created.id, 'string');
		assert.deepEqual(created.callbackAuthentication, { type: 'HTTP_BASIC', username: USER });
		assert.doesNotMatch(JSON.stringify(result.output), new RegExp(PASSWORD));
		assert.equal(server.webhooks.get(created.id as string)?.callbackAuthentication.password, PASSWORD);
	});

	test('every event by its ONe name, also from an expression in any of its spellings; inactive; no authentication', async () => {
		const result = await runOne(
			server,
			create({ webhookType: '={{ $json.type }}', webhookStatus: 'INACTIVE', callbackAuthentication: 'NONE' }),
			{ input: [{ json: { type: 'ClientLogged' } }, { json: { type: 'offer_opened' } }, { json: { type: 'p-u-o-m-e-c-cartopened-klient' } }] },
		);
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		const bodies = server.requests.map((r) => JSON.parse(r.rawBody) as IDataObject);
		assert.deepEqual(
			bodies.map((b) => b.webhookType),
			[
				{ name: 'ClientLogged', exchangeName: 'p-u-o-m-e-c-clientlogged-klient' },
				{ name: 'OfferOpened', exchangeName: 'p-u-o-m-e-o-offeropened-klient' },
				{ name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
			],
		);
		assert.deepEqual(bodies[0].callbackAuthentication, { type: 'NONE' });
		assert.equal(bodies[0].status, 'INACTIVE');
	});

	test('a custom type is sent as typed', async () => {
		await runOne(
			server,
			create({ webhookType: 'custom', customWebhookType: 'CartOpened', customExchangeName: 'p-u-o-m-e-c-cartopened-klient' }),
		);
		assert.deepEqual((JSON.parse(server.requests[0].rawBody) as IDataObject).webhookType, {
			name: 'CartOpened',
			exchangeName: 'p-u-o-m-e-c-cartopened-klient',
		});
	});

	test('refused before anything is sent: weak credential, bad URL, unknown type, custom type without names', async () => {
		for (const [parameters, webhookCredentials, pattern] of [
			[create(), { user: 'admin', password: 'admin' }, /ONe Webhook credential: .*shorter than 8/],
			[create({ callbackUrl: 'ftp://example.com/x' }), {}, /Callback URL must be a web address starting with https:\/\//],
			[create({ webhookType: '={{ "OrderPlaced" }}' }), {}, /Webhook Type must be CartOpened, ClientLogged, OfferOpened or custom/],
			[create({ webhookType: 'custom' }), {}, /Webhook Type Name is required/],
			[create({ webhookName: '={{ "  " }}' }), {}, /Name is required/],
		] as const) {
			const error = failure(await runOne(server, parameters, { webhookCredentials }));
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, pattern);
		}
		assert.equal(server.requests.length, 0);
	});

	test('not sent again after a 500 (ONe may have created it), sent again after a 429', async () => {
		server.setMode('status500');
		assert.equal(failure(await runOne(server, create())).message, 'ONe 500: Unexpected error');
		assert.equal(server.requests.length, 1);
		server.reset();
		server.setMode({ kind: 'status429', retryAfter: '0' });
		assert.equal((await runOne(server, create())).error, undefined);
		assert.deepEqual(server.requests.map((r) => r.answer.status), [429, 201]);
		assert.equal(server.webhooks.size, 1);
	});
});

describe('Webhook → Get Many', () => {
	test('every webhook as ONe lists it; a limit; Return All', async () => {
		seed(3);
		const all = outputJson(await runOne(server, { resource: 'webhook', operation: 'getAll', returnAll: true }));
		assert.deepEqual(all.map((w) => w.id), ['wh-001', 'wh-002', 'wh-003']);
		assert.deepEqual(all[0].callbackAuthentication, { type: 'HTTP_BASIC', username: 'crm' });
		const two = outputJson(await runOne(server, { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 2 }));
		assert.deepEqual(two.map((w) => w.id), ['wh-001', 'wh-002']);
	});

	test('pages (`content`, `last: false`) are followed with ?page=', async () => {
		seed(5);
		server.setListShape('page', 2);
		const all = outputJson(await runOne(server, { resource: 'webhook', operation: 'getAll', returnAll: true }));
		assert.deepEqual(all.map((w) => w.id), ['wh-001', 'wh-002', 'wh-003', 'wh-004', 'wh-005']);
		assert.deepEqual(server.requests.map((r) => r.query.page), [undefined, '1', '2']);
		server.requests.length = 0;
		const three = outputJson(await runOne(server, { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 3 }));
		assert.equal(three.length, 3);
		assert.equal(server.requests.length, 2);
	});

	test('a password ONe would list is not output', async () => {
		seed(1);
		server.setShowPasswords(true);
		const result = await runOne(server, { resource: 'webhook', operation: 'getAll', returnAll: true });
		assert.match(server.requests[0].answer.body, /crm-secret-123/);
		const [listed] = outputJson(result);
		assert.deepEqual(listed.callbackAuthentication, { type: 'HTTP_BASIC', username: 'crm' });
		assert.doesNotMatch(JSON.stringify(result.output), /crm-secret-123/);
	});
});

describe('Webhook → Delete', () => {
	test('DELETE …/webhooks/{id}; outputs success and the ID', async () => {
		seed(2);
		const result = await runOne(server, { resource: 'webhook', operation: 'delete', webhookId: 'wh-002' });
		assert.deepEqual(outputJson(result), [{ success: true, webhookId: 'wh-002' }]);
		assert.deepEqual([server.requests[0].method, server.requests[0].path], ['DELETE', `${WEBHOOKS}/wh-002`]);
		assert.deepEqual([...server.webhooks.keys()], ['wh-001']);
	});

	test('an unknown webhook: ONe 404', async () => {
		const error = failure(await runOne(server, { resource: 'webhook', operation: 'delete', webhookId: 'wh-404' }));
		assert.equal(error.message, 'ONe 404: Webhook wh-404 not found');
	});
});

describe('Webhook → Send Example', () => {
	let receiver: Server;
	let receiverUrl: string;
	const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];

	before(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"received":true}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/abc/webhook?event=cart_opened`;
	});
	after(() => {
		receiver.closeAllConnections();
		receiver.close();
	});

	test('POST …/webhooks/{id}/send-example: ONe calls the URL with the webhook\'s HTTP Basic auth', async () => {
		received.length = 0;
		const [created] = outputJson(await runOne(server, create({ callbackUrl: receiverUrl })));
		const result = await runOne(server, { resource: 'webhook', operation: 'sendExample', webhookId: created.id as string });
		assert.deepEqual([server.requests[1].method, server.requests[1].path], ['POST', `${WEBHOOKS}/${String(created.id)}/send-example`]);
		const [out] = outputJson(result);
		assert.equal(out.success, true);
		assert.equal(out.webhookId, created.id);
		assert.equal(out.responseStatus, 200);
		assert.equal(received.length, 1);
		assert.equal(received[0].url, '/webhook/abc/webhook?event=cart_opened');
		assert.equal(received[0].headers.authorization, GOOD_AUTH);
		assert.deepEqual(JSON.parse(received[0].body), {
			webhookType: { name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
			data: { customerId: 'string', cartId: '00000000-0000-0000-0000-000000000000' },
		});
	});

	test('an unknown webhook: ONe 404', async () => {
		const error = failure(await runOne(server, { resource: 'webhook', operation: 'sendExample', webhookId: 'wh-404' }));
		assert.equal(error.httpCode, '404');
	});
});
