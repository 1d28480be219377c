/**
 * The simulator and the triggers must agree: every request the simulator
 * builds is fed into the real trigger node (through n8n's WebhookContext, see
 * test/helpers/n8n.ts) and must start exactly one execution with the event.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { buildRequest, eventsOf, ONE_TEST_EVENT, type RequestOptions, type SimulatedRequest, type Vendor } from '../../cli/simulate';
import { callWebhook, StaticDataStore, type NodeUnderTest, type WebhookResult } from '../helpers/n8n';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import { IkitechTrigger } from '../../nodes/Ikitech/IkitechTrigger.node.js';
import { HiboutikCallbackApi } from '../../credentials/HiboutikCallbackApi.credentials';
import { OneWebhookApi } from '../../credentials/OneWebhookApi.credentials';
import { IkitechApi } from '../../credentials/IkitechApi.credentials';
import { HIBOUTIK_EVENTS } from '../../nodes/Hiboutik/events';
import { IKITECH_EVENTS } from '../../nodes/Ikitech/events';
import { ONE_EVENT_NAMES } from '../../nodes/One/events';

const SECRET = '5f0c8e2b9a7d41c3b6e8f1a2d4c7b9e0a3f6d8c1b4e7a9d2f5c8b1e4a7d0c3f6';
const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';
const USER = 'one-hooks';
const PASSWORD = 'Kr0wa-Mleko-2025!';
/** What a user pastes from the trigger: only the path and query reach the node. */
const N8N_URL = 'https://n8n.example.com/webhook/2f1c0a7e/webhook';

/** The simulator's credentials for each vendor, matching the node's credential below. */
const CREDENTIALS: Record<Vendor, Omit<RequestOptions, 'url'>> = {
	hiboutik: { secret: SECRET },
	one: { user: USER, password: PASSWORD },
	ikitech: { token: TOKEN },
};

function triggerNode(vendor: Vendor, options: IDataObject = {}): NodeUnderTest {
	switch (vendor) {
		case 'hiboutik':
			return {
				nodeType: new HiboutikTrigger(),
				parameters: { events: [...HIBOUTIK_EVENTS], options } as INodeParameters,
				credentials: { hiboutikCallbackApi: { secret: SECRET } },
				credentialTypes: [new HiboutikCallbackApi()],
			};
		case 'one':
			return {
				nodeType: new OneTrigger(),
				parameters: { events: [...ONE_EVENT_NAMES], options } as INodeParameters,
				credentials: { oneWebhookApi: { user: USER, password: PASSWORD } },
				credentialTypes: [new OneWebhookApi()],
			};
		case 'ikitech':
			return {
				nodeType: new IkitechTrigger(),
				parameters: { events: [...IKITECH_EVENTS], options } as INodeParameters,
				credentials: { ikitechApi: { token: TOKEN } },
				credentialTypes: [new IkitechApi()],
			};
	}
}

/** Delivers a simulator-built request to the trigger: its query, headers and body, byte for byte. */
async function deliver(vendor: Vendor, request: SimulatedRequest, staticData?: StaticDataStore, options?: IDataObject) {
	return await callWebhook(triggerNode(vendor, options), {
		method: request.method,
		query: new URL(request.url).search,
		headers: request.headers,
		body: request.body,
		staticData,
	});
}

function onlyItem(result: WebhookResult): IDataObject {
	assert.equal(result.status, 200, result.body);
	assert.ok(result.workflowData, `no execution: ${result.body}`);
	assert.equal(result.workflowData[0].length, 1);
	return result.workflowData[0][0].json;
}

/** The name the trigger gives each event in its output. */
const expectedEvent = (vendor: Vendor, event: string) => (vendor === 'one' && event === ONE_TEST_EVENT ? 'cart_opened' : event);

for (const vendor of ['hiboutik', 'one', 'ikitech'] as const) {
	describe(`simulator → ${vendor} trigger`, () => {
		for (const event of eventsOf(vendor)) {
			test(`${event} starts one execution with that event`, async () => {
				const request = buildRequest(vendor, event, { url: N8N_URL, ...CREDENTIALS[vendor] });
				const json = onlyItem(await deliver(vendor, request));
				assert.equal(json.event, expectedEvent(vendor, event));
				const secrets = Object.values(CREDENTIALS[vendor]) as string[];
				const output = JSON.stringify(json);
				for (const secret of secrets.filter((s) => s !== USER)) assert.ok(!output.includes(secret), 'no secret in the output');
			});
		}

		test('without credentials the trigger refuses and starts nothing', async () => {
			const request = buildRequest(vendor, eventsOf(vendor)[0], { url: N8N_URL });
			const result = await deliver(vendor, request);
			assert.ok([401, 403].includes(result.status), `${result.status} ${result.body}`);
			assert.equal(result.workflowData, undefined);
		});

		test('--repeat 2 with "Ignore Duplicates": the second call starts nothing', async () => {
			const store = new StaticDataStore();
			const request = buildRequest(vendor, eventsOf(vendor)[0], { url: N8N_URL, ...CREDENTIALS[vendor] });
			onlyItem(await deliver(vendor, request, store, { ignoreDuplicates: true }));
			const second = await deliver(vendor, request, store, { ignoreDuplicates: true });
			assert.equal(second.status, 200);
			assert.equal(second.workflowData, undefined);
			assert.deepEqual((second.json as IDataObject).reason, 'duplicate');
		});
	});
}

describe('simulator → trigger: details each vendor depends on', () => {
	test("one: ONe's Submit-test-webhook example is marked as a test by the trigger", async () => {
		const request = buildRequest('one', ONE_TEST_EVENT, { url: N8N_URL, ...CREDENTIALS.one });
		assert.equal(onlyItem(await deliver('one', request)).test, true);
	});

	test('one: a real event is not marked as a test', async () => {
		const request = buildRequest('one', 'client_logged', { url: N8N_URL, ...CREDENTIALS.one });
		assert.equal(onlyItem(await deliver('one', request)).test, false);
	});

	test('hiboutik: the sale arrives nested (line items and their tags)', async () => {
		const request = buildRequest('hiboutik', 'sale_validated', { url: N8N_URL, ...CREDENTIALS.hiboutik });
		const json = onlyItem(await deliver('hiboutik', request));
		const data = json.data as { line_items: Array<{ tags: unknown[] }> };
		assert.equal(data.line_items.length, 3);
		assert.equal(data.line_items[0].tags.length, 2);
	});

	test('hiboutik: a custom --file payload goes through http_build_query and is rebuilt by the trigger', async () => {
		const payload = { sale_id: '88', customer_id: '12', total: '9.90', line_items: [{ product_id: '4', quantity: '1', tags: [{ tag_id: '7', tag: 'Bio' }] }] };
		const request = buildRequest('hiboutik', 'sale_validated', { url: N8N_URL, ...CREDENTIALS.hiboutik, payload });
		const json = onlyItem(await deliver('hiboutik', request));
		const data = json.data as { line_items: Array<{ tags: Array<{ tag: string }> }> };
		assert.equal(data.line_items[0].tags[0].tag, 'Bio');
	});

	test('ikitech: a custom data-only --file is wrapped as the named event', async () => {
		const request = buildRequest('ikitech', 'delete_order', { url: N8N_URL, ...CREDENTIALS.ikitech, payload: { order_code: 'DH1' } });
		const json = onlyItem(await deliver('ikitech', request));
		assert.equal(json.event, 'DELETE_ORDER');
	});
});
