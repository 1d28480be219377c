/**
 * How the node talks to SPREAD over HTTP: refused keys, other refusals,
 * retries on 429/5xx, redirects followed like the vendor's curl sample
 * (POST and body kept, keys only for the configured origin), continueOnFail.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeApiError } from 'n8n-workflow';
import { SpreadApi } from '../../credentials/SpreadApi.credentials';
import { MOVED_UPDATE_ORDER_PATH, startSpreadServer, UPDATE_ORDER_PATH, type SpreadServer } from '../vendors/spreadServer';
import { KEYS, minimalOrderParameters, outputJson, runSpread } from './helpers';

describe('SPREAD over HTTP', () => {
	let server: SpreadServer;
	let other: SpreadServer;

	before(async () => {
		server = await startSpreadServer(KEYS);
		other = await startSpreadServer(KEYS);
	});
	afterEach(() => {
		for (const s of [server, other]) {
			s.requests.length = 0;
			s.orders.clear();
			s.setMode('ok');
		}
	});
	after(async () => {
		await server.close();
		await other.close();
	});

	test('wrong keys: 401 becomes "SPREAD refused the API keys", not retried', async () => {
		const result = await runSpread(server, minimalOrderParameters(), { credentials: { privateKey: 'wrong' } });
		const error = result.error as NodeApiError;
		assert.equal(error.message, 'SPREAD refused the API keys (public/private key)');
		assert.equal(error.httpCode, '401');
		assert.match(String(error.description), /Paramétrage > Tracker/);
		assert.equal(error.context.itemIndex, 0);
		assert.equal(server.requests.length, 1);
		assert.equal(server.orders.size, 0);
	});

	test('a server that refuses every call (401 mode)', async () => {
		server.setMode('unauthorized');
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error?.message, 'SPREAD refused the API keys (public/private key)');
	});

	test('another 4xx: the status and SPREAD\'s own words', async () => {
		const result = await runSpread(server, minimalOrderParameters(), { credentials: { baseUrl: `${server.baseUrl}/proxy` } });
		const error = result.error as NodeApiError;
		assert.equal(error.message, 'SPREAD answered HTTP 404: {"error":"Not found"}');
		assert.equal(error.httpCode, '404');
		assert.equal(server.requests[0].path, '/proxy/api/updateOrder', 'the Base URL path prefix is kept');
		assert.equal(server.requests.length, 1, 'a 4xx is not retried');
	});

	test('429 with Retry-After: waits as told, then succeeds', async () => {
		server.setMode({ kind: 'status429', times: 1, retryAfter: '1' });
		const started = Date.now();
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		assert.ok(Date.now() - started >= 950, 'Retry-After: 1 was honoured');
		assert.deepEqual(
			server.orderRequests().map((r) => r.answer.status),
			[429, 200],
		);
		assert.equal(server.orderRequests()[1].rawBody, server.orderRequests()[0].rawBody);
		assert.equal(outputJson(result)[0].success, true);
	});

	test('500 once: retried, and the order is stored once', async () => {
		server.setMode('status500');
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		assert.deepEqual(
			server.orderRequests().map((r) => r.answer.status),
			[500, 200],
		);
		assert.equal(server.orders.get('A-1001')?.writes, 1);
	});

	test('429 that never ends: gives up after 5 attempts with the status', async () => {
		server.setMode({ kind: 'status429', times: 100, retryAfter: '0' });
		const result = await runSpread(server, minimalOrderParameters());
		const error = result.error as NodeApiError;
		assert.equal(error.message, 'SPREAD could not take the request (HTTP 429 after 5 attempts)');
		assert.equal(error.httpCode, '429');
		assert.equal(server.orderRequests().length, 5);
	});

	test('a relative redirect: POST, body and keys follow it', async () => {
		server.setMode({ kind: 'redirect', status: 302 });
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		const [first, second] = server.orderRequests();
		assert.deepEqual([first.path, first.answer.status], [UPDATE_ORDER_PATH, 302]);
		assert.deepEqual([second.method, second.path, second.authorized], ['POST', MOVED_UPDATE_ORDER_PATH, true]);
		assert.equal(second.rawBody, first.rawBody);
		assert.equal(second.headers['content-type'], 'application/x-www-form-urlencoded');
	});

	test('an absolute redirect to the same origin keeps the keys', async () => {
		server.setMode({ kind: 'redirect', status: 301, location: `${server.baseUrl}${MOVED_UPDATE_ORDER_PATH}` });
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		assert.equal(server.orderRequests()[1].authorized, true);
	});

	test('a redirect to another origin: the body follows, the keys do not', async () => {
		server.setMode({ kind: 'redirect', status: 307, location: `${other.baseUrl}${UPDATE_ORDER_PATH}` });
		const result = await runSpread(server, minimalOrderParameters());
		const [moved] = other.orderRequests();
		assert.equal(moved.method, 'POST');
		assert.equal(moved.headers.authorization, undefined);
		assert.equal(moved.rawBody, server.orderRequests()[0].rawBody);
		assert.equal(result.error?.message, 'SPREAD refused the API keys (public/private key)');
	});

	test('a redirect loop stops after 5 hops', async () => {
		server.setMode({ kind: 'redirect', status: 307, times: 100, location: UPDATE_ORDER_PATH });
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error?.message, 'SPREAD redirected the request more than 5 times');
		assert.equal(server.orderRequests().length, 6);
	});

	test('a redirect to something that is not http(s) is refused', async () => {
		server.setMode({ kind: 'redirect', status: 302, location: 'ftp://127.0.0.1/api/updateOrder' });
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error?.message, 'SPREAD redirected the request to an unusable address');
	});

	test('a Base URL that is not http(s) is a parameter error, nothing sent', async () => {
		const result = await runSpread({ baseUrl: 'social-sb.com' }, minimalOrderParameters());
		assert.match(String(result.error?.message), /Base URL is not a valid URL|must start with https/);
	});

	test('SPREAD unreachable: a clear network error for the item', async () => {
		const gone = await startSpreadServer(KEYS);
		await gone.close();
		const result = await runSpread(gone, minimalOrderParameters());
		assert.ok(result.error);
		assert.equal((result.error as NodeApiError).context.itemIndex, 0);
	});

	test('continueOnFail: an API refusal becomes the item\'s error, later items still run', async () => {
		server.setMode({ kind: 'status429', times: 5, retryAfter: '0' });
		// One at a time, so that the server's five 429s all fall on the first order.
		const result = await runSpread(server, minimalOrderParameters({ orderId: '={{ $json.id }}', options: { parallelRequests: 1 } }), {
			continueOnFail: true,
			input: [{ json: { id: 'R-1' } }, { json: { id: 'R-2' } }],
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(outputJson(result), [
			{ error: 'SPREAD could not take the request (HTTP 429 after 5 attempts)' },
			{ success: true, orderId: 'R-2', response: outputJson(result)[1].response },
		]);
		assert.deepEqual(
			result.output![0].map((i) => i.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
	});

	test('the credential test request: GET /api/v2/customers with the keys answers 200', async () => {
		const credential = new SpreadApi();
		const request = credential.test.request;
		assert.equal(request.method, 'GET');
		assert.equal(request.baseURL, '={{$credentials.baseUrl}}');
		const url = new URL(`${server.baseUrl}${request.url}`);
		for (const [k, v] of Object.entries(request.qs ?? {})) url.searchParams.set(k, String(v));
		const auth = (user: string, password: string) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		const good = await fetch(url, { headers: auth(KEYS.publicKey, KEYS.privateKey) });
		const bad = await fetch(url, { headers: auth(KEYS.publicKey, 'nope') });
		assert.equal(good.status, 200);
		assert.equal(bad.status, 401);
		// n8n signs the test request with the credential's authenticate, as it signs the node's requests.
		const signed = await credential.authenticate(KEYS, { url: url.href, method: 'GET' });
		assert.deepEqual(signed.auth, { username: KEYS.publicKey, password: KEYS.privateKey });
	});
});
