/**
 * How the Hiboutik node reports Hiboutik's refusals ({error, code,
 * error_description, details} with 401/422/429/5xx), which answers it sends
 * again (429 always, honouring Retry-After; 5xx only when sending twice does
 * no harm), continueOnFail, and unusable credentials.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const SET_POINTS = { resource: 'saleLineItem', operation: 'updateAttribute', lineItemId: '5631', attribute: 'points', value: '40' };
const GET_SALE = { resource: 'sale', operation: 'get', saleId: '1287' };

describe('Hiboutik refusals', () => {
	test('401 (wrong API key): "Hiboutik 401 (unauthorized): …", where to find the key, not retried', async () => {
		const result = await runHiboutik(server, GET_SALE, { credentials: { apiKey: 'wrong-key' } });
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 401 (unauthorized): Wrong login or API key');
		assert.equal(error.httpCode, '401');
		assert.equal(error.name, 'NodeApiError');
		assert.match(String(error.description), /Settings → Users → Users, wrench icon/);
		assert.match(String(error.description), /Hiboutik error code: 2\./);
		assert.equal(error.context.itemIndex, 0);
		assert.equal(server.requests.length, 1);
		assert.equal(server.requests[0].authorized, false);
	});

	test('401 for a wrong email too', async () => {
		const result = await runHiboutik(server, GET_SALE, { credentials: { email: 'someone@else.fr' } });
		assert.equal(failure(result).httpCode, '401');
	});

	test('422: Hiboutik\'s code, description and details; nothing retried, nothing changed', async () => {
		server.setMode('status422');
		const result = await runHiboutik(server, SET_POINTS);
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 422 (validation_error): The request was refused');
		assert.equal(error.httpCode, '422');
		assert.match(String(error.description), /the details name the field/);
		assert.match(String(error.description), /Hiboutik error code: 3\./);
		assert.match(String(error.description), /Details: \{"new_value":"Invalid value"\}/);
		assert.equal(server.requests.length, 1);
		assert.equal(server.lineItem(5631)?.points, 25);
	});

	test('422 from Hiboutik\'s own checks (an attribute it does not know)', async () => {
		const result = await runHiboutik(server, { ...SET_POINTS, attribute: 'other', customAttribute: 'colour', value: 'blue' });
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 422 (validation_error): Invalid line_item_attribute');
		assert.match(String(error.description), /Unknown attribute \\"colour\\"/);
	});

	test('an unknown address: 404 with a hint to check the ID and the Base URL', async () => {
		const result = await runHiboutik({ baseUrl: `${server.baseUrl.replace(/\/api$/, '')}/not-api` }, GET_SALE);
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 404 (not_found): Not found');
		assert.match(String(error.description), /check the ID \(and the Base URL/);
	});

	test('an answer that is not in Hiboutik\'s error format (e.g. a proxy\'s page) still says the status and what came back', async () => {
		const proxy = createServer((_req, res) => {
			res.writeHead(400, { 'Content-Type': 'text/html' });
			res.end('<html><body>Bad request</body></html>');
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = proxy.address() as AddressInfo;
			const error = failure(await runHiboutik({ baseUrl: `http://127.0.0.1:${port}/api` }, GET_SALE));
			assert.equal(error.message, 'Hiboutik 400: <html><body>Bad request</body></html>');
			assert.equal(error.httpCode, '400');
		} finally {
			proxy.closeAllConnections();
			await new Promise((resolve) => proxy.close(resolve));
		}
	});
});

describe('retries', () => {
	test('429 with Retry-After: waits as told, then succeeds', async () => {
		server.setMode({ kind: 'status429', times: 1, retryAfter: '1' });
		const started = Date.now();
		const result = await runHiboutik(server, SET_POINTS);
		assert.equal(result.error, undefined);
		assert.ok(Date.now() - started >= 950, 'Retry-After: 1 was honoured');
		assert.deepEqual(
			server.requests.map((r) => r.answer.status),
			[429, 200],
		);
		assert.equal(server.requests[1].rawBody, server.requests[0].rawBody);
		assert.equal(server.lineItem(5631)?.points, 40);
	});

	test('429 without Retry-After: retried after a short backoff', async () => {
		server.setMode({ kind: 'status429', times: 1, retryAfter: '' });
		const result = await runHiboutik(server, GET_SALE);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			server.requests.map((r) => r.answer.status),
			[429, 200],
		);
	});

	test('429 that never ends: gives up after 5 attempts, explaining Hiboutik\'s limits', async () => {
		server.setMode({ kind: 'status429', times: 100, retryAfter: '0' });
		const result = await runHiboutik(server, GET_SALE);
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik 429 (too_many_requests): Too many concurrent calls (after 5 attempts)');
		assert.equal(error.httpCode, '429');
		assert.match(String(error.description), /30 calls at the same time, and a number of calls per month/);
		assert.equal(server.requests.length, 5);
	});

	test('429 whose Retry-After is longer than any wait in a run (monthly allowance used up): not retried', async () => {
		server.setMode({ kind: 'status429', times: 100, retryAfter: '86400' });
		const started = Date.now();
		const result = await runHiboutik(server, GET_SALE);
		assert.equal(failure(result).message, 'Hiboutik 429 (too_many_requests): Too many concurrent calls');
		assert.equal(server.requests.length, 1);
		assert.ok(Date.now() - started < 5000);
	});

	test('500 once on an update (setting a value twice is harmless): retried, applied once', async () => {
		server.setMode('status500');
		const result = await runHiboutik(server, SET_POINTS);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			server.requests.map((r) => [r.method, r.answer.status]),
			[
				['PUT', 500],
				['PUT', 200],
			],
		);
		assert.equal(server.lineItem(5631)?.points, 40);
	});

	test('500 once on a read: retried', async () => {
		server.setMode('status500');
		const result = await runHiboutik(server, GET_SALE);
		assert.equal(result.error, undefined);
		assert.equal(outputJson(result)[0].sale_id, 1287);
		assert.equal(server.requests.length, 2);
	});

	test('Hiboutik unreachable: a network error for the item', async () => {
		const gone = await startHiboutikServer(LOGIN);
		await gone.close();
		const result = await runHiboutik(gone, GET_SALE);
		const error = failure(result);
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.context.itemIndex, 0);
	});
});

describe('continueOnFail', () => {
	test('a refused item becomes {error}; the other items still run, in order, paired', async () => {
		const result = await runHiboutik(
			server,
			{ ...SET_POINTS, lineItemId: '={{ $json.id }}', value: '={{ $json.points }}' },
			{
				continueOnFail: true,
				input: [
					{ json: { id: 5631, points: 30 } },
					{ json: { id: 9999, points: 1 } },
					{ json: { id: 'abc', points: 1 } },
					{ json: { id: 5633, points: 9 } },
				],
			},
		);
		assert.equal(result.error, undefined);
		const out = outputJson(result);
		assert.equal(out[0].value, 30);
		assert.deepEqual(out[1], { error: 'Hiboutik 422 (validation_error): Unknown line item' });
		assert.deepEqual(out[2], { error: 'Line Item ID must be a whole number of 1 or more, e.g. 5631 (got "abc") [item 2]' });
		assert.equal(out[3].value, 9);
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		assert.deepEqual(
			server.requests.map((r) => r.path),
			['/api/sale_line_item/5631', '/api/sale_line_item/9999', '/api/sale_line_item/5633'],
		);
	});

	test('without continueOnFail, the first API refusal stops the run with its item index', async () => {
		const result = await runHiboutik(
			server,
			{ ...SET_POINTS, lineItemId: '={{ $json.id }}' },
			{ input: [{ json: { id: 5631 } }, { json: { id: 9999 } }, { json: { id: 5633 } }] },
		);
		const error = failure(result);
		assert.equal(error.context.itemIndex, 1);
		assert.equal(server.requests.length, 2, 'item 2 is not sent after item 1 failed');
	});
});

describe('credential problems, before any request', () => {
	test('an account typed as a URL: says to type the name only', async () => {
		const result = await runHiboutik({ baseUrl: '' }, GET_SALE, { credentials: { account: 'https://boutique-hibou.hiboutik.com' } });
		const error = failure(result);
		assert.equal(
			error.message,
			'The Hiboutik account must be the account name only, e.g. "myshop" for https://myshop.hiboutik.com (got "https://boutique-hibou.hiboutik.com")',
		);
		assert.equal(error.name, 'NodeOperationError');
		assert.equal(server.requests.length, 0);
	});

	test('no account and no Base URL', async () => {
		const result = await runHiboutik({ baseUrl: '' }, GET_SALE, { credentials: { account: '' } });
		assert.equal(failure(result).message, 'The Hiboutik credential has no account name');
	});

	test('a Base URL that is not http(s)', async () => {
		const result = await runHiboutik({ baseUrl: 'ftp://127.0.0.1/api' }, GET_SALE);
		assert.equal(failure(result).message, 'The Hiboutik credential\'s Base URL must start with https:// ("ftp://127.0.0.1/api")');
	});

	test('a Base URL with a trailing slash works', async () => {
		const result = await runHiboutik({ baseUrl: `${server.baseUrl}/` }, GET_SALE);
		assert.equal(result.error, undefined);
		assert.equal(server.requests[0].path, '/api/sales/1287');
	});
});
