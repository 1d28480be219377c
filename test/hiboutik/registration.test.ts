/**
 * Automatic registration: with the Hiboutik API credential, the trigger
 * registers its webhooks through POST /webhooks on activation (one per
 * Hiboutik action), finds them with GET /webhooks (paginated), and removes
 * them with DELETE /webhooks/{id} on deactivation, against the local fake
 * Hiboutik. Manual registration sends nothing.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { LOGIN } from './apiHelpers';
import { SECRET } from './helpers';
import {
	activate,
	apiCredential,
	automatic,
	deactivate,
	PRODUCTION_URL,
	remembered,
	runHook,
	StaticDataStore,
	TEST_URL,
	WORKFLOW_NAME,
	type Activation,
} from './registrationHelpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const setup = (more: Partial<Activation> = {}): Activation => ({ api: apiCredential(server), store: new StaticDataStore(), ...more });

const urlOf = (base: string, event: string, secret = SECRET) => `${base}?k=${secret}&event=${event}`;

/** The webhooks in the fake Hiboutik, as [action, url, label]. */
const registered = () =>
	[...server.webhooks.values()].map((w) => [w.webhook_action, w.webhook_url, w.webhook_label]);

const calls = () => server.requests.map((r) => `${r.method} ${r.path}${r.query.p === undefined ? '' : `?p=${r.query.p}`}`);

/** Someone else's webhook in the same shop, which the node must leave alone. */
function seedForeignWebhooks(count: number) {
	for (let i = 0; i < count; i++) {
		const id = 500 + i;
		server.webhooks.set(id, { webhook_id: id, webhook_label: `stock sync ${i}`, webhook_url: `https://erp.example.fr/hook/${i}`, webhook_action: 'sale' });
	}
}

describe('Hiboutik Trigger: registration choice in the editor', () => {
	const description = new HiboutikTrigger().description;
	const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

	test('Manual is the default; Automatic asks for the Hiboutik API credential', () => {
		const registration = property('registration');
		assert.equal(registration.type, 'options');
		assert.equal(registration.default, 'manual');
		assert.deepEqual(
			(registration.options as Array<{ value: string }>).map((o) => o.value).sort(),
			['automatic', 'manual'],
		);
		const api = description.credentials?.find((c) => c.name === 'hiboutikApi') as INodeCredentialDescription;
		assert.deepEqual(api.displayOptions, { show: { registration: ['automatic'] } });
		assert.equal(description.credentials?.[0].name, 'hiboutikCallbackApi');
	});

	test('each mode has its own notice; Add Full Sale is offered in Automatic mode only', () => {
		assert.deepEqual(property('automaticNotice').displayOptions, { show: { registration: ['automatic'] } });
		assert.match(property('automaticNotice').displayName, /one per Hiboutik action/);
		assert.match(property('automaticNotice').displayName, /first selected event/);
		const enrich = (property('options').options as INodeProperties[]).find((o) => o.name === 'enrichSale') as INodeProperties;
		assert.equal(enrich.type, 'boolean');
		assert.equal(enrich.default, false);
		assert.deepEqual(enrich.displayOptions, { show: { '/registration': ['automatic'] } });
	});
});

describe('Hiboutik Trigger: Manual registration', () => {
	test('checkExists false, create and delete true, and not one API call even with an API credential set', async () => {
		const o = setup({ parameters: automatic({ registration: 'manual' }) });
		assert.equal(await runHook('checkExists', o), false);
		assert.equal(await runHook('create', o), true);
		assert.equal(await runHook('delete', o), true);
		assert.deepEqual(server.requests, []);
		assert.deepEqual(o.store.saved, {});
	});

	test('a node saved before the choice existed (no registration parameter) is Manual', async () => {
		const o = setup({ parameters: { events: ['sale_validated'], options: {} } });
		await activate(o);
		assert.deepEqual(server.requests, []);
	});
});

describe('Hiboutik Trigger: Automatic registration on activation', () => {
	test('with every event selected: one webhook per Hiboutik action, named after its first event', async () => {
		const o = setup();
		await activate(o);
		assert.deepEqual(registered(), [
			['sale', urlOf(PRODUCTION_URL, 'sale_validated'), `n8n: ${WORKFLOW_NAME} (sale_validated)`],
			['payment', urlOf(PRODUCTION_URL, 'payment_method_selected'), `n8n: ${WORKFLOW_NAME} (payment_method_selected)`],
			['customer', urlOf(PRODUCTION_URL, 'customer_created'), `n8n: ${WORKFLOW_NAME} (customer_created)`],
			['timestamp', urlOf(PRODUCTION_URL, 'timestamp_stopped'), `n8n: ${WORKFLOW_NAME} (timestamp_stopped)`],
			['schedule', urlOf(PRODUCTION_URL, 'schedule_event_added'), `n8n: ${WORKFLOW_NAME} (schedule_event_added)`],
		]);
		// n8n runs the methods for the POST and the GET webhook: the second checkExists finds the first's work.
		assert.deepEqual(calls(), ['GET /api/webhooks', 'GET /api/webhooks', ...Array(5).fill('POST /api/webhooks'), 'GET /api/webhooks']);
		for (const request of server.requests) assert.equal(request.authorized, true);
		const creation = server.requests.find((r) => r.method === 'POST');
		assert.equal(creation?.headers['content-type'], 'application/json');
		assert.deepEqual(Object.keys(JSON.parse(creation?.rawBody ?? '{}')).sort(), ['webhook_action', 'webhook_label', 'webhook_url']);
	});

	test('the node remembers ids, actions and events, never the URL with its secret', async () => {
		const o = setup();
		await activate(o);
		assert.deepEqual(
			remembered(o.store).map((entry) => [entry.webhookId, entry.action, entry.event, entry.target]),
			[
				[1, 'sale', 'sale_validated', PRODUCTION_URL],
				[2, 'payment', 'payment_method_selected', PRODUCTION_URL],
				[3, 'customer', 'customer_created', PRODUCTION_URL],
				[4, 'timestamp', 'timestamp_stopped', PRODUCTION_URL],
				[5, 'schedule', 'schedule_event_added', PRODUCTION_URL],
			],
		);
		assert.ok(!JSON.stringify(o.store.saved).includes(SECRET));
	});

	test('the URL names the first selected event of each action', async () => {
		const o = setup({ parameters: automatic({ events: ['payment_method_deleted', 'payment_method_added', 'customer_modified'] }) });
		await activate(o);
		assert.deepEqual(registered(), [
			['payment', urlOf(PRODUCTION_URL, 'payment_method_added'), `n8n: ${WORKFLOW_NAME} (payment_method_added)`],
			['customer', urlOf(PRODUCTION_URL, 'customer_modified'), `n8n: ${WORKFLOW_NAME} (customer_modified)`],
		]);
	});

	test('the callback icon is registered as a sale webhook (inferred), sharing it with Sale Validated', async () => {
		const alone = setup({ parameters: automatic({ events: ['callback_icon_clicked'] }) });
		await activate(alone);
		assert.deepEqual(registered(), [['sale', urlOf(PRODUCTION_URL, 'callback_icon_clicked'), `n8n: ${WORKFLOW_NAME} (callback_icon_clicked)`]]);
		server.reset();
		await activate(setup({ parameters: automatic({ events: ['callback_icon_clicked', 'sale_validated'] }) }));
		assert.deepEqual(registered().map(([action, url]) => [action, url]), [['sale', urlOf(PRODUCTION_URL, 'sale_validated')]]);
	});

	test('a long workflow name is cut in the label; an unnamed workflow is named by its id', async () => {
		await activate(setup({ parameters: automatic({ events: ['sale_validated'] }), workflowName: 'Synchronisation '.repeat(10) }));
		const label = String(server.webhooks.get(1)?.webhook_label);
		assert.ok(label.length <= 'n8n: '.length + 60 + ' (sale_validated)'.length, label);
		assert.match(label, /^n8n: Synchronisation .*… \(sale_validated\)$/);
		server.reset();
		await activate(setup({ parameters: automatic({ events: ['sale_validated'] }), workflowName: '' }));
		assert.equal(server.webhooks.get(1)?.webhook_label, 'n8n: workflow wf-hiboutik-auto (sale_validated)');
	});

	test('webhooks already registered for this URL are taken over, not registered twice', async () => {
		server.webhooks.set(40, { webhook_id: 40, webhook_label: 'pasted', webhook_url: urlOf(PRODUCTION_URL, 'sale_validated'), webhook_action: 'sale' });
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'customer_created'] }) });
		await activate(o);
		assert.deepEqual([...server.webhooks.keys()], [40, 1]);
		assert.deepEqual(remembered(o.store).map((e) => e.webhookId), [40, 1]);
	});

	test('other webhooks of the shop are left alone', async () => {
		seedForeignWebhooks(3);
		const o = setup({ parameters: automatic({ events: ['sale_validated'] }) });
		await activate(o);
		await deactivate(o);
		assert.deepEqual([...server.webhooks.keys()], [500, 501, 502]);
	});

	test('activated again with another secret: the new URLs are registered and the old webhooks deleted', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'payment_method_added'] }) });
		await activate(o);
		const newSecret = 'Zq8vN3kT6wY1pR5mX9cB2hJ7';
		await activate({ ...o, secret: newSecret });
		assert.deepEqual(registered().map(([, url]) => url), [
			urlOf(PRODUCTION_URL, 'sale_validated', newSecret),
			urlOf(PRODUCTION_URL, 'payment_method_added', newSecret),
		]);
		assert.deepEqual(remembered(o.store).map((e) => e.webhookId), [3, 4]);
	});

	test('fewer events selected: the webhook of the action no longer used is deleted', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'schedule_event_added'] }) });
		await activate(o);
		await activate({ ...o, parameters: automatic({ events: ['sale_validated'] }) });
		assert.deepEqual(registered().map(([action]) => action), ['sale']);
		assert.deepEqual(remembered(o.store).map((e) => e.webhookId), [1]);
	});

	test('a refused registration fails the activation with Hiboutik\'s answer, and undoes what it registered', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'payment_method_added', 'customer_created'] }) });
		// GET /webhooks, the first POST answered normally; the second POST refused
		server.setMode({ kind: 'status422', skip: 2 });
		await assert.rejects(runHook('create', o), (error: Error & { httpCode?: string }) => {
			assert.match(error.message, /Hiboutik 422 \(validation_error\)/);
			return true;
		});
		assert.equal(server.webhooks.size, 0);
		assert.deepEqual(o.store.saved, {});
		assert.deepEqual(calls(), ['GET /api/webhooks', 'POST /api/webhooks', 'POST /api/webhooks', 'DELETE /api/webhooks/1']);
	});

	test('a wrong API key fails the activation, naming the credential', async () => {
		const o = setup({ api: { ...apiCredential(server), apiKey: 'wrong-key' } });
		await assert.rejects(runHook('create', o), /Hiboutik 401/);
		assert.equal(server.webhooks.size, 0);
	});

	test('an unusable credential or secret is refused before anything is sent', async () => {
		await assert.rejects(runHook('create', setup({ api: { ...apiCredential(server), baseUrl: '', account: 'https://x.hiboutik.com' } })), /account name only/);
		await assert.rejects(runHook('create', setup({ secret: 'short' })), /Hiboutik callback secret: .*at least 16/);
		await assert.rejects(runHook('create', setup({ parameters: automatic({ events: [] }) })), /Select at least one Hiboutik event/);
		assert.deepEqual(server.requests, []);
	});

	test('an n8n only reachable as localhost is refused: Hiboutik could never call it', async () => {
		const o = setup({ api: { account: 'boutique-hibou', ...LOGIN }, webhookBaseUrl: 'http://localhost:5678/webhook' });
		await assert.rejects(runHook('create', o), (error: Error & { description?: string }) => {
			assert.match(error.message, /Hiboutik cannot reach this n8n: its webhook URL is http:\/\/localhost:5678\/webhook\//);
			assert.match(String(error.description), /WEBHOOK_URL/);
			return true;
		});
		await assert.rejects(runHook('create', { ...o, webhookBaseUrl: 'http://127.0.0.1:5678/webhook' }), /cannot reach/);
		// With a Base URL of its own (a local Hiboutik), local addresses are allowed.
		assert.equal(await runHook('create', setup({ webhookBaseUrl: 'http://127.0.0.1:5678/webhook' })), true);
	});
});

describe('Hiboutik Trigger: checkExists in Automatic mode', () => {
	test('true when every webhook is registered; false when one is missing', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'customer_created'] }) });
		assert.equal(await runHook('checkExists', o), false);
		await activate(o);
		assert.equal(await runHook('checkExists', o), true);
		server.webhooks.delete(2);
		assert.equal(await runHook('checkExists', o), false);
		// the next activation registers only what is missing
		await activate(o);
		assert.deepEqual([...server.webhooks.keys()], [1, 3]);
	});

	test('false when the secret or the events changed (the URL differs)', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated'] }) });
		await activate(o);
		assert.equal(await runHook('checkExists', { ...o, secret: 'Zq8vN3kT6wY1pR5mX9cB2hJ7' }), false);
		assert.equal(await runHook('checkExists', { ...o, parameters: automatic({ events: ['customer_created'] }) }), false);
	});

	test('finds this node\'s webhooks on any page of GET /webhooks, and takes over ids it had lost', async () => {
		server.setPageSize(2);
		seedForeignWebhooks(5);
		const first = setup({ parameters: automatic({ events: ['sale_validated'] }) });
		await activate(first);
		// static data lost (e.g. a copy of the workflow): the webhook is found by its URL
		const fresh = { ...first, store: new StaticDataStore() };
		server.requests.length = 0;
		assert.equal(await runHook('checkExists', fresh), true);
		assert.deepEqual(calls(), ['GET /api/webhooks', 'GET /api/webhooks?p=2', 'GET /api/webhooks?p=3']);
		assert.deepEqual(remembered(fresh.store).map((e) => e.webhookId), [1]);
		await deactivate(fresh);
		assert.equal(server.webhooks.has(1), false);
		assert.equal(server.webhooks.size, 5);
	});
});

describe('Hiboutik Trigger: Automatic registration on deactivation', () => {
	test('delete removes the webhooks it registered and forgets them', async () => {
		seedForeignWebhooks(1);
		const o = setup();
		await activate(o);
		assert.equal(server.webhooks.size, 6);
		server.requests.length = 0;
		await deactivate(o);
		assert.deepEqual([...server.webhooks.keys()], [500]);
		assert.deepEqual(calls(), ['DELETE /api/webhooks/1', 'DELETE /api/webhooks/2', 'DELETE /api/webhooks/3', 'DELETE /api/webhooks/4', 'DELETE /api/webhooks/5']);
		assert.deepEqual(remembered(o.store), []);
	});

	test('a webhook already deleted in Hiboutik does not fail the deactivation', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated', 'customer_created'] }) });
		await activate(o);
		server.webhooks.delete(1);
		assert.equal(await runHook('delete', o), true);
		assert.equal(server.webhooks.size, 0);
		assert.deepEqual(remembered(o.store), []);
	});

	test('a webhook Hiboutik would not delete stays remembered, for the next try', async () => {
		const o = setup({ parameters: automatic({ events: ['sale_validated'] }) });
		await activate(o);
		server.setMode('unauthorized');
		assert.equal(await runHook('delete', o), false);
		assert.deepEqual(remembered(o.store).map((e) => e.webhookId), [1]);
		server.setMode('ok');
		assert.equal(await runHook('delete', o), true);
		assert.equal(server.webhooks.size, 0);
	});

	test('with nothing registered, delete sends nothing', async () => {
		assert.equal(await runHook('delete', setup()), true);
		assert.deepEqual(server.requests, []);
	});
});

describe('Hiboutik Trigger: the Test URL ("Listen for test event")', () => {
	test('registers webhooks for the Test URL and removes them, leaving the Production URL\'s alone', async () => {
		const production = setup({ parameters: automatic({ events: ['sale_validated'] }) });
		await activate(production);
		const listening = { ...production, isTest: true };
		await activate(listening);
		assert.deepEqual(registered().map(([, url]) => url), [urlOf(PRODUCTION_URL, 'sale_validated'), urlOf(TEST_URL, 'sale_validated')]);
		await deactivate(listening);
		assert.deepEqual(registered().map(([, url]) => url), [urlOf(PRODUCTION_URL, 'sale_validated')]);
		assert.deepEqual(remembered(production.store).map((e) => [e.webhookId, e.target]), [[1, PRODUCTION_URL]]);
	});
});
