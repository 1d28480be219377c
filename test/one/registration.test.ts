/**
 * The ONe Trigger's webhook registration, run the way n8n runs it (for each
 * declared webhook: checkExists, then create when it says no; delete on
 * deactivation) in n8n-core's HookContext, against the local fake ONe.
 * Manual (the default) touches nothing in ONe; automatic creates one ONe
 * webhook per selected event, adopts them on a restart, replaces stale ones,
 * and deletes them, leaving other webhooks alone.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import { startOneServer, type OneServer, type StoredWebhook } from '../vendors/oneServer';
import { TOKEN, TriggerActivation } from './apiHelpers';
import { PASSWORD, USER } from './helpers';

let server: OneServer;

before(async () => {
	server = await startOneServer({ token: TOKEN });
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const automatic = (extra: ConstructorParameters<typeof TriggerActivation>[1] = {}) =>
	new TriggerActivation(server, { registration: 'automatic', ...extra });

const TYPES = {
	cart_opened: { name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
	client_logged: { name: 'ClientLogged', exchangeName: 'p-u-o-m-e-c-clientlogged-klient' },
	offer_opened: { name: 'OfferOpened', exchangeName: 'p-u-o-m-e-o-offeropened-klient' },
};

const ours = (activation: TriggerActivation) =>
	[...server.webhooks.values()].filter((w) => w.callbackUrl.startsWith(activation.nodeUrl)).sort((a, b) => a.callbackUrl.localeCompare(b.callbackUrl));

/** Someone else's webhook in the same ONe instance: never touched. */
function foreignWebhook(): StoredWebhook {
	const webhook: StoredWebhook = {
		id: 'crm-webhook',
		name: 'CRM',
		status: 'ACTIVE',
		webhookType: TYPES.cart_opened,
		callbackUrl: 'https://crm.example.com/one',
		callbackAuthentication: { type: 'HTTP_BASIC', username: 'crm', password: 'crm-secret-123' },
	};
	server.webhooks.set(webhook.id, webhook);
	return webhook;
}

describe('ONe Trigger: registration parameter', () => {
	const description = new OneTrigger().description;

	test('manual by default; the ONe API credential is asked for in automatic mode only', () => {
		const registration = description.properties.find((p) => p.name === 'registration');
		assert.equal(registration?.default, 'manual');
		assert.deepEqual(
			(registration?.options as { value: string }[]).map((o) => o.value),
			['manual', 'automatic'],
		);
		assert.deepEqual(description.credentials?.[1], { name: 'oneApi', required: true, displayOptions: { show: { registration: ['automatic'] } } });
		const notices = description.properties.filter((p) => p.type === 'notice').map((p) => [p.name, p.displayOptions?.show?.registration]);
		assert.deepEqual(notices, [
			['automaticNotice', ['automatic']],
			['setupNotice', ['manual']],
		]);
	});
});

describe('ONe Trigger: manual registration (unchanged)', () => {
	test('nothing is asked of ONe: checkExists no, create checks the configuration, delete has nothing to do', async () => {
		for (const registration of [undefined, 'manual'] as const) {
			const activation = new TriggerActivation(server, { registration });
			assert.deepEqual(await activation.activate(), ['created', 'created']);
			assert.deepEqual(await activation.deactivate(), [true, true]);
		}
		assert.equal(server.requests.length, 0);
		await assert.rejects(new TriggerActivation(server, { webhookCredentials: { password: 'short' } }).run('create'), /shorter than 8/);
	});
});

describe('ONe Trigger: automatic registration', () => {
	test('activation creates one ONe webhook per selected event, calling this node with ?event= and HTTP Basic', async () => {
		const activation = automatic();
		// n8n calls checkExists → create for the POST webhook, then for the GET one (same URL): the second adopts.
		assert.deepEqual(await activation.activate(), ['created', 'adopted']);
		const posts = server.requests.filter((r) => r.method === 'POST');
		assert.equal(posts.length, 3);
		assert.deepEqual(
			posts.map((r) => JSON.parse(r.rawBody) as IDataObject),
			(['cart_opened', 'client_logged', 'offer_opened'] as const).map((event) => ({
				name: `n8n Cart follow-up: ${{ cart_opened: 'Cart Opened', client_logged: 'Client Logged', offer_opened: 'Offer Opened' }[event]}`,
				status: 'ACTIVE',
				webhookType: TYPES[event],
				callbackUrl: `http://127.0.0.1:5678/webhook/${'c0ffee00-0000-4000-8000-000000000003'}/webhook?event=${event}`,
				callbackAuthentication: { type: 'HTTP_BASIC', username: USER, password: PASSWORD },
			})),
		);
		assert.ok(server.requests.every((r) => r.authorized));
		const stored = ours(activation);
		assert.equal(stored.length, 3);
		assert.deepEqual(
			activation.rememberedIds,
			Object.fromEntries(stored.map((w) => [new URL(w.callbackUrl).searchParams.get('event'), w.id])),
		);
	});

	test('only the selected events', async () => {
		const activation = automatic({ events: ['offer_opened'] });
		await activation.activate();
		assert.deepEqual(ours(activation).map((w) => [w.webhookType.name, w.callbackUrl.split('?')[1]]), [['OfferOpened', 'event=offer_opened']]);
	});

	test('a restart adopts the webhooks ONe has: nothing created twice', async () => {
		await automatic().activate();
		const ids = [...server.webhooks.keys()].sort();
		server.requests.length = 0;
		const restarted = automatic(); // n8n's static data may even be lost
		assert.deepEqual(await restarted.activate(), ['adopted', 'adopted']);
		assert.deepEqual([...server.webhooks.keys()].sort(), ids);
		assert.ok(server.requests.every((r) => r.method === 'GET'));
		assert.deepEqual(Object.values(restarted.rememberedIds ?? {}).sort(), ids);
	});

	test('stale webhooks are replaced, other webhooks kept: one deleted in ONe, a new username, an inactive one, a password ONe shows', async () => {
		const cases: Array<[string, (activation: TriggerActivation) => TriggerActivation]> = [
			['one missing', (a) => (server.webhooks.delete(ours(a)[0].id), a)],
			['new username', () => automatic({ webhookCredentials: { user: 'one-hooks-2' } })],
			['inactive', (a) => ((ours(a)[1].status = 'INACTIVE'), a)],
			['other password', (a) => (server.setShowPasswords(true), (ours(a)[2].callbackAuthentication.password = 'old-password-1'), a)],
		];
		for (const [name, change] of cases) {
			server.reset();
			const foreign = foreignWebhook();
			const first = automatic();
			await first.activate();
			const before = new Set(ours(first).map((w) => w.id));
			const next = change(first);
			assert.deepEqual(await next.activate(), ['created', 'adopted'], name);
			const now = ours(next);
			assert.equal(now.length, 3, name);
			assert.ok(now.every((w) => !before.has(w.id)), name);
			assert.ok(now.every((w) => w.status === 'ACTIVE' && w.callbackAuthentication.username === (name === 'new username' ? 'one-hooks-2' : USER)), name);
			assert.deepEqual(server.webhooks.get(foreign.id), foreign, name);
		}
	});

	test('deactivation deletes ours (one already gone is fine) and nothing else', async () => {
		const foreign = foreignWebhook();
		const activation = automatic();
		await activation.activate();
		server.webhooks.delete(ours(activation)[0].id);
		assert.deepEqual(await activation.deactivate(), [true, true]);
		assert.deepEqual([...server.webhooks.values()], [foreign]);
		assert.equal(activation.rememberedIds, undefined);
		const deletes = server.requests.filter((r) => r.method === 'DELETE').map((r) => r.answer.status);
		assert.deepEqual(deletes.sort(), [204, 204, 404]);
	});

	test('deactivation does not fail when ONe refuses; the next activation cleans up', async () => {
		const activation = automatic();
		await activation.activate();
		server.setMode('unauthorized');
		assert.deepEqual(await activation.deactivate(), [false, false]);
		assert.equal(ours(activation).length, 3);
		server.setMode('ok');
		assert.deepEqual(await automatic().activate(), ['adopted', 'adopted']);
		assert.equal(ours(activation).length, 3);
	});

	test('a creation that fails halfway removes what it created and says why', async () => {
		// GET the list, POST cart_opened, then a 500 on POST client_logged (not sent again: ONe may have created it).
		server.setMode({ kind: 'status500', skip: 2 });
		const activation = automatic();
		await assert.rejects(activation.run('create'), (error: Error & { httpCode?: string }) => {
			assert.equal(error.message, 'ONe 500: Unexpected error');
			assert.equal(error.httpCode, '500');
			return true;
		});
		assert.equal(server.webhooks.size, 0);
		assert.deepEqual(
			server.requests.map((r) => `${r.method} ${r.answer.status}`),
			['GET 200', 'POST 201', 'POST 500', 'DELETE 204'],
		);
	});

	test('activation refuses, before asking ONe anything: a weak webhook credential, no events', async () => {
		await assert.rejects(automatic({ webhookCredentials: { password: 'admin' } }).run('checkExists'), /ONe webhook credential: .*shorter than 8/);
		await assert.rejects(automatic({ webhookCredentials: { password: 'admin' } }).run('create'), /ONe webhook credential: .*shorter than 8/);
		await assert.rejects(automatic({ events: [] }).run('create'), /Select at least one ONe event/);
		assert.equal(server.requests.length, 0);
	});

	test('a wrong API token: the activation error says what to check', async () => {
		await assert.rejects(automatic({ apiCredentials: { apiToken: 'wrong' } }).run('checkExists'), /ONe 401: Full authentication is required/);
	});

	test('ONe answering a creation without the webhook (Location header only): the id is read from it', async () => {
		server.setCreateAnswer('locationOnly');
		const activation = automatic({ events: ['cart_opened'] });
		await activation.activate();
		assert.deepEqual(activation.rememberedIds, { cart_opened: ours(activation)[0].id });
	});

	test('lists as pages are read to the end', async () => {
		for (let i = 0; i < 5; i++) {
			const id = `other-${i}`;
			server.webhooks.set(id, { ...foreignWebhook(), id });
		}
		server.setListShape('page', 2);
		const activation = automatic();
		await activation.activate();
		server.requests.length = 0;
		assert.deepEqual(await automatic().activate(), ['adopted', 'adopted']);
		assert.equal(server.requests.filter((r) => r.method === 'POST').length, 0);
	});

	test("the editor's test URL while listening for a test event", async () => {
		const activation = automatic({ isTest: true, events: ['client_logged'] });
		await activation.activate();
		assert.deepEqual(
			ours(activation).map((w) => w.callbackUrl),
			['http://127.0.0.1:5678/webhook-test/c0ffee00-0000-4000-8000-000000000003/webhook?event=client_logged'],
		);
		await activation.deactivate();
		assert.equal(server.webhooks.size, 0);
	});
});
