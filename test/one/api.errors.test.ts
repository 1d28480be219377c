/**
 * The ONe API credential, and how the ONe node reports ONe's refusals and
 * failures: 401 with what to check, which answers it sends again (429 always,
 * honouring Retry-After; 5xx only when sending twice does no harm),
 * continueOnFail with pairedItem, and unusable Base URLs.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OneApi } from '../../credentials/OneApi.credentials';
import { describeFailure, instanceUrl, recordsOf } from '../../nodes/One/api';
import { One } from '../../nodes/One/One.node.js';
import { OFFER_ID, startOneServer, type OneServer } from '../vendors/oneServer';
import { failure, outputJson, pairedItems, runOne, TOKEN } from './apiHelpers';

let server: OneServer;

before(async () => {
	server = await startOneServer({ token: TOKEN });
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const GET_OFFER = { resource: 'offer', operation: 'get', offerId: OFFER_ID };

describe('ONe API credential', () => {
	const credential = new OneApi();

	test('name, fields, bearer token in the Authorization header', async () => {
		assert.equal(credential.name, 'oneApi');
		assert.equal(credential.displayName, 'ONe API');
		const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		assert.equal(fields.baseUrl.required, true);
		assert.equal(fields.baseUrl.placeholder, 'e.g. https://yourcompany.b2b.one');
		assert.equal(fields.apiToken.typeOptions?.password, true);
		const signed = await credential.authenticate({ apiToken: 'tok-1' }, { url: 'x', headers: { Accept: 'application/json' } });
		assert.deepEqual(signed.headers, { Accept: 'application/json', Authorization: 'Bearer tok-1' });
	});

	test('tested by listing the webhook types, which the fake ONe serves for a good token only', async () => {
		assert.deepEqual(credential.test.request, {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/webhooks/integrations/auth-required/webhooks/types',
			method: 'GET',
			headers: { Accept: 'application/json' },
		});
		const url = `${server.baseUrl}${credential.test.request.url as string}`;
		const good = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
		assert.equal(good.status, 200);
		assert.deepEqual((await good.json() as { name: string }[]).map((t) => t.name), ['CartOpened', 'ClientLogged', 'OfferOpened']);
		assert.equal((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
	});

	test('the node uses it, and the webhook credential only to create webhooks with HTTP Basic', () => {
		assert.deepEqual(new One().description.credentials, [
			{ name: 'oneApi', required: true },
			{
				name: 'oneWebhookApi',
				required: true,
				displayOptions: { show: { resource: ['webhook'], operation: ['create'], callbackAuthentication: ['HTTP_BASIC'] } },
			},
		]);
	});
});

describe('Base URL', () => {
	test('the address of the instance; a trailing slash is dropped', () => {
		assert.deepEqual(instanceUrl({ baseUrl: ' https://yourcompany.b2b.one/ ' }), { url: 'https://yourcompany.b2b.one' });
		assert.deepEqual(instanceUrl({ baseUrl: 'https://one.example.com/b2b/' }), { url: 'https://one.example.com/b2b' });
	});

	test('unusable values are explained, and nothing is sent', async () => {
		for (const [baseUrl, pattern] of [
			['', /has no Base URL/],
			['yourcompany.b2b.one', /is not a web address.*https:\/\/yourcompany\.b2b\.one/],
			['ftp://yourcompany.b2b.one', /must start with https:\/\//],
			['https://yourcompany.b2b.one/?lang=pl', /without \? or #/],
		] as const) {
			const error = failure(await runOne(server, GET_OFFER, { credentials: { baseUrl } }));
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, pattern);
		}
		assert.equal(server.requests.length, 0);
	});

	test('a trailing slash on the Base URL still reaches the right path', async () => {
		await runOne(server, GET_OFFER, { credentials: { baseUrl: `${server.baseUrl}/` } });
		assert.equal(server.requests[0].path, '/api/v1/orderpath/integrations/auth-required/offer');
	});
});

describe('ONe refusals', () => {
	test('401 (wrong token): ONe\'s message, what to check, not retried', async () => {
		const error = failure(await runOne(server, GET_OFFER, { credentials: { apiToken: 'wrong-token' } }));
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.message, 'ONe 401: Full authentication is required to access this resource');
		assert.equal(error.httpCode, '401');
		assert.match(String(error.description), /Base URL .* and the API token/);
		assert.equal(server.requests.length, 1);
		assert.equal(server.requests[0].authorized, false);
		assert.doesNotMatch(JSON.stringify(error), /wrong-token/);
	});

	test('429 is sent again after Retry-After, then succeeds', async () => {
		server.setMode({ kind: 'status429', times: 2, retryAfter: '0' });
		const result = await runOne(server, GET_OFFER);
		assert.equal(outputJson(result).length, 1);
		assert.deepEqual(server.requests.map((r) => r.answer.status), [429, 429, 200]);
	});

	test('429 asking to wait longer than a run should is not waited for', async () => {
		server.setMode({ kind: 'status429', retryAfter: '3600' });
		const error = failure(await runOne(server, GET_OFFER));
		assert.equal(error.message, 'ONe 429: Rate limit exceeded');
		assert.match(String(error.description), /too many requests/);
		assert.equal(server.requests.length, 1);
	});

	test('a 500 on a read is sent again', async () => {
		server.setMode('status500');
		const result = await runOne(server, GET_OFFER);
		assert.equal(result.error, undefined);
		assert.deepEqual(server.requests.map((r) => r.answer.status), [500, 200]);
	});

	test('a 500 that lasts: the error says how many attempts were made', async () => {
		server.setMode({ kind: 'status500', times: 10 });
		const error = failure(await runOne(server, GET_OFFER));
		assert.equal(error.message, 'ONe 500: Unexpected error (after 5 attempts)');
		assert.match(String(error.description), /problem on its side/);
		assert.equal(server.requests.length, 5);
	});

	test('ONe cannot be reached: a NodeApiError for the item', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = failure(await runOne(server, GET_OFFER, { credentials: { baseUrl: `http://127.0.0.1:${port}` } }));
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.context.itemIndex, 0);
	});
});

describe('continueOnFail', () => {
	test('a failed item becomes {error} paired with it; the others run', async () => {
		const result = await runOne(server, { ...GET_OFFER, offerId: '={{ $json.id }}' }, {
			continueOnFail: true,
			input: [{ json: { id: OFFER_ID } }, { json: { id: 'missing-offer' } }, { json: { id: '' } }, { json: { id: OFFER_ID } }],
		});
		const out = outputJson(result);
		assert.equal(out.length, 4);
		assert.equal(out[0].id, OFFER_ID);
		assert.deepEqual(out[1], { error: 'ONe 404: Offer missing-offer not found' });
		assert.match(String(out[2].error), /Offer ID is required/);
		assert.equal(out[3].id, OFFER_ID);
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		assert.equal(server.requests.length, 3);
	});
});

describe('reading ONe answers', () => {
	test('a validation error: ONe\'s message, and its field errors in the description', () => {
		const described = describeFailure({
			statusCode: 400,
			headers: {},
			body: { status: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field: 'callbackUrl', message: 'must be an http(s) URL' }] },
		});
		assert.equal(described.message, 'ONe 400: Validation failed');
		assert.match(described.description, /Details: \[\{"field":"callbackUrl","message":"must be an http\(s\) URL"\}\]/);
	});

	test('a proxy\'s HTML page: a short excerpt', () => {
		const described = describeFailure({ statusCode: 502, headers: {}, body: `<html>${'x'.repeat(2000)}</html>` }, 3);
		assert.equal(described.message, 'ONe 502: server error (after 3 attempts)');
		assert.ok(described.description.length < 700);
	});

	test('lists: an array, a page, other wrappers, a lone record, nothing', () => {
		assert.deepEqual(recordsOf([{ id: 1 }, 'x']), [{ id: 1 }, { value: 'x' }]);
		assert.deepEqual(recordsOf({ content: [{ id: 1 }], last: true }), [{ id: 1 }]);
		assert.deepEqual(recordsOf({ items: [{ id: 2 }] }), [{ id: 2 }]);
		assert.deepEqual(recordsOf({ id: 3 }), [{ id: 3 }]);
		assert.deepEqual(recordsOf(undefined), []);
	});
});
