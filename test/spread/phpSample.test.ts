/**
 * SPREAD's own PHP sample (test/vendors/php/spread-update-order.php: the
 * vendor's code with only the URL and keys replaced), run by real PHP + curl
 * against the fake server, is the oracle: the node configured with the same
 * order must put the very same bytes on the wire, and follow redirects the
 * way the sample's curl options do.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MOVED_UPDATE_ORDER_PATH, startSpreadServer, UPDATE_ORDER_PATH, type SpreadServer } from '../vendors/spreadServer';
import { KEYS, outputJson, runPhpSample, runSpread, sampleOrderParameters } from './helpers';

/** The sample's request as SPREAD would see it once authenticated. */
function acceptedOrderRequests(server: SpreadServer) {
	return server.orderRequests().filter((r) => r.authorized);
}

describe('SPREAD PHP sample, run by real PHP, against the node', () => {
	let server: SpreadServer;
	let other: SpreadServer;

	before(async () => {
		server = await startSpreadServer(KEYS);
		other = await startSpreadServer(KEYS);
	});
	after(async () => {
		await server.close();
		await other.close();
	});

	test('the full sample order: the node sends byte for byte what PHP sends', async () => {
		server.requests.length = 0;
		await runPhpSample(server.baseUrl);
		const php = acceptedOrderRequests(server);
		assert.equal(php.length, 1, 'PHP reached SPREAD once with valid keys');
		assert.equal(php[0].answer.status, 200);

		server.requests.length = 0;
		const result = await runSpread(server, sampleOrderParameters());
		assert.equal(result.error, undefined);
		const ours = acceptedOrderRequests(server);
		assert.equal(ours.length, 1);

		assert.equal(ours[0].rawBody, php[0].rawBody);
		assert.equal(ours[0].method, 'POST');
		assert.equal(ours[0].path, UPDATE_ORDER_PATH);
		assert.equal(ours[0].headers['content-type'], php[0].headers['content-type']);
		assert.equal(ours[0].headers.authorization, php[0].headers.authorization);
		// PHP created the order; the node, sending the same order ID, updated it.
		const answer = JSON.parse(ours[0].answer.body) as { action: string };
		assert.deepEqual(outputJson(result), [{ success: true, orderId: '0000001', response: answer }]);
		assert.equal(answer.action, 'updated');
		assert.equal(server.orders.size, 1);
	});

	test('the sample body itself, as PHP 8 encodes it (a readable check of the bytes)', async () => {
		server.requests.length = 0;
		await runSpread(server, sampleOrderParameters());
		const body = acceptedOrderRequests(server)[0].rawBody;
		const pairs = body.split('&').map((p) => p.split('=').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))));
		assert.deepEqual(pairs.slice(0, 3), [
			['data[customer_email]', 'john@doe.com'],
			['data[external_id]', '12345xxx6789'],
			['data[customer_name]', 'Doe'],
		]);
		assert.ok(body.includes('data%5Border_amount%5D=158.31&data%5Border_crea_dt%5D=2014-06-21+14%3A31%3A08&'));
		assert.ok(body.includes('data%5Bcustomer_address2%5D=b%C3%A2timent+A&'));
		assert.ok(body.endsWith('&request%5Border_idorder%5D=0000001'));
	});

	for (const status of [301, 302, 303, 307, 308] as const) {
		test(`a ${status} redirect: the node, like the sample's curl (CURL_REDIR_POST_ALL), re-POSTs the same body`, async () => {
			server.requests.length = 0;
			server.setMode({ kind: 'redirect', status });
			await runPhpSample(server.baseUrl);
			const php = acceptedOrderRequests(server);

			server.requests.length = 0;
			server.setMode({ kind: 'redirect', status });
			const result = await runSpread(server, sampleOrderParameters());
			assert.equal(result.error, undefined);
			const ours = acceptedOrderRequests(server);

			const shape = (list: typeof ours) => list.map((r) => [r.method, r.path, r.rawBody.length, r.answer.status]);
			assert.deepEqual(shape(ours), shape(php));
			assert.deepEqual(
				ours.map((r) => r.path),
				[UPDATE_ORDER_PATH, MOVED_UPDATE_ORDER_PATH],
			);
			assert.equal(ours[1].rawBody, php[1].rawBody);
			server.setMode('ok');
		});
	}

	test('a redirect to another origin: neither PHP nor the node sends the keys there', async () => {
		const crossOrigin = { kind: 'redirect', status: 307, location: `${other.baseUrl}${UPDATE_ORDER_PATH}` } as const;
		server.setMode(crossOrigin);
		other.requests.length = 0;
		await runPhpSample(server.baseUrl);
		const php = other.orderRequests();

		server.setMode(crossOrigin);
		other.requests.length = 0;
		const result = await runSpread(server, sampleOrderParameters());
		const ours = other.orderRequests();

		assert.ok(php.length >= 1);
		assert.ok(php.every((r) => r.headers.authorization === undefined));
		assert.equal(ours.length, 1);
		assert.equal(ours[0].headers.authorization, undefined);
		assert.equal(ours[0].rawBody, php[0].rawBody, 'the body still follows the redirect');
		// Without the keys the other server refuses, as SPREAD would.
		assert.match(String(result.error?.message), /SPREAD refused the API keys/);
		server.setMode('ok');
	});
});
