/**
 * The whole loop: the ONe Trigger registers itself in (the fake) ONe, then the
 * ONe node's Send Example makes ONe POST its example request to the URL it
 * registered, with the HTTP Basic auth it registered. A local relay stands in
 * for n8n's webhook server at that URL and hands the request to the trigger's
 * webhook() (test/helpers/n8n.ts callWebhook), so the test sees what the
 * trigger does with what ONe sent.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import type { WebhookResult } from '../helpers/n8n';
import { startOneServer, type OneServer } from '../vendors/oneServer';
import { outputJson, runOne, TOKEN, TriggerActivation } from './apiHelpers';
import { PASSWORD, sendToOne, USER } from './helpers';

let server: OneServer;
let relay: Server;
let relayBase: string;
const handled: Array<{ path: string; result: WebhookResult }> = [];

before(async () => {
	server = await startOneServer({ token: TOKEN });
	relay = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://127.0.0.1');
				const headers: Record<string, string> = {};
				for (const name of ['authorization', 'content-type']) {
					const value = req.headers[name];
					if (typeof value === 'string') headers[name] = value;
				}
				const result = await sendToOne(Buffer.concat(chunks).toString('utf8'), { query: url.search, headers, noAuth: true });
				handled.push({ path: url.pathname, result });
				res.writeHead(result.status, { 'content-type': 'application/json' });
				res.end(result.body);
			})();
		});
	});
	await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
	relayBase = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/webhook`;
});
after(async () => {
	relay.closeAllConnections();
	relay.close();
	await server.close();
});
beforeEach(() => {
	server.reset();
	handled.length = 0;
});

describe('ONe Trigger registered automatically + ONe node Send Example', () => {
	test('each registered webhook\'s example reaches the trigger, authenticated, as a test event of its type', async () => {
		const activation = new TriggerActivation(server, { registration: 'automatic', webhookBaseUrl: relayBase });
		await activation.activate();
		const ids = activation.rememberedIds ?? {};
		assert.deepEqual(Object.keys(ids).sort(), ['cart_opened', 'client_logged', 'offer_opened']);

		for (const [event, id] of Object.entries(ids)) {
			const [answer] = outputJson(await runOne(server, { resource: 'webhook', operation: 'sendExample', webhookId: id }));
			assert.equal(answer.responseStatus, 200, event);
		}

		assert.deepEqual(
			server.deliveries.map((d) => [d.url.split('?')[1], d.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`]),
			Object.keys(ids).map((event) => [`event=${event}`, true]),
		);
		assert.equal(handled.length, 3);
		for (const { path, result } of handled) {
			assert.equal(path, `/webhook/c0ffee00-0000-4000-8000-000000000003/webhook`);
			assert.equal(result.status, 200);
			const item = result.workflowData?.[0][0].json as IDataObject;
			assert.equal(item.test, true, 'recognised as ONe\'s example request');
			assert.equal((item.data as IDataObject).customerId, 'string');
		}
		assert.deepEqual(
			handled.map(({ result }) => (result.workflowData?.[0][0].json as IDataObject).event),
			['cart_opened', 'client_logged', 'offer_opened'],
		);
	});

	test('an example to a webhook registered with another password is refused by the trigger (401, no execution)', async () => {
		const activation = new TriggerActivation(server, {
			registration: 'automatic',
			webhookBaseUrl: relayBase,
			events: ['cart_opened'],
			webhookCredentials: { password: 'a-different-password' },
		});
		await activation.activate();
		const id = activation.rememberedIds?.cart_opened;
		const [answer] = outputJson(await runOne(server, { resource: 'webhook', operation: 'sendExample', webhookId: id }));
		assert.equal(answer.responseStatus, 401);
		assert.equal(handled[0].result.workflowData, undefined);
	});
});
