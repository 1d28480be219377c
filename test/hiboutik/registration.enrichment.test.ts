/**
 * "Add Full Sale" (Automatic mode): a sale_validated callback gets the sale as
 * GET /sales/{id} shows it, as `sale`, next to the callback's own `data`. When
 * the API fails, the callback is not lost: the workflow starts with
 * `enrichmentError`.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject } from 'n8n-workflow';
import { httpBuildQuery } from '../../nodes/shared/phpQuery';
import { SAMPLE_BODIES, SAMPLE_FIELDS } from '../../nodes/Hiboutik/samples';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { LOGIN } from './apiHelpers';
import { onlyItem, SECRET, sendToHiboutik } from './helpers';
import { apiCredential, automatic, sendWithApi, StaticDataStore } from './registrationHelpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const ENRICH = automatic({ options: { enrichSale: true } });

const send = (event: string, body: string, more: Partial<Parameters<typeof sendWithApi>[2]> = {}) =>
	sendWithApi(event, body, { api: apiCredential(server), parameters: ENRICH, ...more });

const saleBody = (saleId: string) => httpBuildQuery({ ...SAMPLE_FIELDS.sale_validated, sale_id: saleId, order_id: saleId });

describe('Hiboutik Trigger: Add Full Sale', () => {
	test('a validated sale gets the full sale from GET /sales/{id}; the callback\'s data is unchanged', async () => {
		const result = await send('sale_validated', SAMPLE_BODIES.sale_validated);
		assert.equal(result.status, 200);
		const item = onlyItem(result);
		assert.deepEqual(item.sale, server.sales.get(1287));
		assert.equal(item.enrichmentError, undefined);
		const plain = onlyItem(await sendToHiboutik('sale_validated', SAMPLE_BODIES.sale_validated));
		assert.deepEqual(item.data, plain.data);
		assert.deepEqual(Object.keys(item), ['event', 'receivedAt', 'saleId', 'customerId', 'total', 'data', 'sale', 'headers']);
		assert.deepEqual(
			server.requests.map((r) => [r.method, r.path, r.authorized]),
			[['GET', '/api/sales/1287', true]],
		);
	});

	test('Hiboutik answering the bare record instead of a list of one is the same', async () => {
		server.setSingleRecordsAsList(false);
		assert.deepEqual(onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated)).sale, server.sales.get(1287));
	});

	test('without the option, or in Manual mode, nothing is fetched', async () => {
		const off = onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated, { parameters: automatic() }));
		assert.equal('sale' in off, false);
		const manual = onlyItem(
			await send('sale_validated', SAMPLE_BODIES.sale_validated, { parameters: { ...ENRICH, registration: 'manual' } }),
		);
		assert.equal('sale' in manual, false);
		assert.deepEqual(server.requests, []);
	});

	test('only validated sales are enriched', async () => {
		for (const event of ['payment_method_added', 'callback_icon_clicked', 'customer_created'] as const) {
			const item = onlyItem(await send(event, SAMPLE_BODIES[event]));
			assert.equal('sale' in item, false, event);
		}
		assert.deepEqual(server.requests, []);
	});

	test('a duplicate ignored, or an event not selected, costs no API call', async () => {
		const staticData = new StaticDataStore();
		const parameters = automatic({ events: ['sale_validated'], options: { enrichSale: true, ignoreDuplicates: true } });
		onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated, { parameters, staticData }));
		const again = await send('sale_validated', SAMPLE_BODIES.sale_validated, { parameters, staticData });
		assert.equal(again.workflowData, undefined);
		const other = await send('payment_method_added', SAMPLE_BODIES.payment_method_added, { parameters });
		assert.equal(other.workflowData, undefined);
		assert.equal(server.requests.length, 1);
	});

	test('the sample sale of the Test URL is enriched the same way', async () => {
		const result = await send('sale_validated', '', { method: 'GET', query: '?sample=sale_validated', mode: 'manual' });
		assert.deepEqual(onlyItem(result).sale, server.sales.get(1287));
	});
});

describe('Hiboutik Trigger: Add Full Sale when the API fails', () => {
	const expectError = (item: IDataObject, pattern: RegExp) => {
		assert.equal('sale' in item, false);
		assert.match(String(item.enrichmentError), pattern);
		assert.equal(item.event, 'sale_validated');
		assert.equal(item.saleId, 1287);
	};

	test('a refused API key: the workflow still starts, with enrichmentError', async () => {
		server.setMode('unauthorized');
		const result = await send('sale_validated', SAMPLE_BODIES.sale_validated);
		assert.equal(result.status, 200);
		expectError(onlyItem(result), /^Hiboutik 401 \(unauthorized\): Wrong login or API key$/);
	});

	test('a sale Hiboutik does not know', async () => {
		const item = onlyItem(await send('sale_validated', saleBody('999')));
		assert.equal('sale' in item, false);
		assert.equal(item.enrichmentError, 'Hiboutik has no sale with ID 999');
	});

	test('Hiboutik failing: one retry only (Hiboutik waits for the answer), then enrichmentError', async () => {
		server.setMode({ kind: 'status500', times: 5 });
		const started = Date.now();
		expectError(onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated)), /Hiboutik 500 .*after 2 attempts/);
		assert.equal(server.requests.length, 2);
		assert.ok(Date.now() - started < 5000);
	});

	test('a long Retry-After is not waited for', async () => {
		server.setMode({ kind: 'status429', times: 5, retryAfter: '60' });
		expectError(onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated)), /Hiboutik 429/);
		assert.equal(server.requests.length, 1);
	});

	test('an API that cannot be reached', async () => {
		const item = onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated, { api: { ...apiCredential(server), baseUrl: 'http://127.0.0.1:9/api' } }));
		assert.equal('sale' in item, false);
		assert.equal(typeof item.enrichmentError, 'string');
		assert.notEqual(item.enrichmentError, '');
	});

	test('an unusable API credential', async () => {
		const item = onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated, { api: { ...apiCredential(server), baseUrl: 'not a url' } }));
		assert.match(String(item.enrichmentError), /Base URL is not a valid URL/);
	});

	test('the alert for the cashier is still answered', async () => {
		server.setMode('unauthorized');
		const parameters = automatic({ options: { enrichSale: true, alertMessage: 'Merci !' } });
		const result = await send('sale_validated', SAMPLE_BODIES.sale_validated, { parameters });
		assert.deepEqual(result.json, { alerte: 'Merci !' });
		assert.ok(result.workflowData);
	});
});

describe('Hiboutik Trigger: Add Full Sale keeps secrets out of the output', () => {
	test('neither the API key nor the callback secret appear in the item', async () => {
		const text = JSON.stringify(onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated)));
		assert.ok(!text.includes(LOGIN.apiKey));
		assert.ok(!text.includes(SECRET));
		server.setMode('unauthorized');
		const failed = JSON.stringify(onlyItem(await send('sale_validated', SAMPLE_BODIES.sale_validated)));
		assert.ok(!failed.includes(LOGIN.apiKey));
		assert.ok(!failed.includes(SECRET));
	});
});
