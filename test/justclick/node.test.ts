/**
 * The JustClick node run by n8n's real engine (runNode) against the local fake
 * JustClick: the exact bytes sent, the answer's signature, error codes,
 * retries, validation before any request, continueOnFail and expressions.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';
import { JustClick } from '../../nodes/JustClick/JustClick.node.js';
import { JustClickApi } from '../../credentials/JustClickApi.credentials';
import { requestHash } from '../../nodes/JustClick/signature';
import { startJustClickServer, type JustClickServer } from '../vendors/justclickServer';

const USER = 'username';
const KEY = 'X'.repeat(40);
const DOC_BODY = 'bill_id=100000&status=sent&date=1362254400&rpo=10000000000000&hash=92cea5ba30b463b8c3b234e3d2945e65';

let server: JustClickServer;

before(async () => {
	server = await startJustClickServer({ userId: USER, apiKey: KEY });
});

after(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	server.setMode('ok');
});

interface RunOptions {
	credentials?: Record<string, string>;
	continueOnFail?: boolean;
}

async function run(parameters: INodeParameters, items: INodeExecutionData[] = [{ json: {} }], options: RunOptions = {}) {
	return await runNode(
		{
			nodeType: new JustClick(),
			parameters: { resource: 'order', operation: 'updateStatus', ...parameters },
			credentials: {
				justClickApi: { userId: USER, apiKey: KEY, domain: 'justclick.io', baseUrl: server.baseUrl, ...options.credentials },
			},
			credentialTypes: [new JustClickApi()],
			continueOnFail: options.continueOnFail,
		},
		items,
	);
}

const DOC_PARAMETERS = { billId: '100000', status: 'sent', date: '2013-03-02T20:00:00Z', rpo: '10000000000000' };

/** The n8n error a failed run ended with, with the fields n8n shows. */
function failure(result: Awaited<ReturnType<typeof run>>) {
	assert.ok(result.error, 'expected the run to fail');
	const error = result.error as unknown as {
		message: string;
		description?: string;
		name: string;
		context?: { itemIndex?: number };
		failure?: { cause: string };
	};
	return error;
}

describe('JustClick node: Order → Update Status', () => {
	test("sends exactly the PHP sample's bytes, checks the signed answer and outputs the result", async () => {
		const { output, error } = await run(DOC_PARAMETERS);
		assert.equal(error, undefined);
		assert.deepEqual(output?.[0], [
			{
				json: { success: true, billId: '100000', status: 'sent', errorCode: 0, errorText: 'OK', function: 'UpdateOrderStatus' },
				pairedItem: { item: 0 },
			},
		]);
		assert.equal(server.requests.length, 1);
		const [request] = server.requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.path, '/api/UpdateOrderStatus');
		assert.equal(request.rawBody, DOC_BODY);
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request.answer.errorCode, 0, 'the server accepted the signature');
		assert.deepEqual(server.orders.get('100000'), { status: 'sent', date: '1362254400', rpo: '10000000000000' });
	});

	test('the API key is never sent, only the signature', async () => {
		await run(DOC_PARAMETERS);
		const [request] = server.requests;
		assert.ok(!request.rawBody.includes(KEY));
		assert.ok(!JSON.stringify(request.headers).includes(KEY));
	});

	test('omitted optional params are not sent; hidden fields are not either', async () => {
		await run({ billId: '100001', status: 'paid', date: '2013-03-02T20:00:00Z' });
		await run({ billId: '100002', status: 'cancel', date: '2013-03-02T20:00:00Z', rpo: 'RA1' });
		await run({ billId: '100003', status: 'return' });
		const bodies = server.requests.map((r) => r.rawBody.replace(/&hash=[0-9a-f]{32}$/, ''));
		assert.deepEqual(bodies, [
			'bill_id=100001&status=paid&date=1362254400',
			'bill_id=100002&status=cancel',
			'bill_id=100003&status=return',
		]);
		assert.ok(server.requests.every((r) => r.answer.errorCode === 0));
	});

	test('values are encoded like PHP (space as +, ~ and ! escaped, UTF-8)', async () => {
		await run({ billId: '100004', status: 'sent', date: '2013-03-02T20:00:00Z', rpo: ' RA 12~3!(x)*№ ' });
		const [request] = server.requests;
		assert.match(request.rawBody, /&rpo=RA\+12%7E3%21%28x%29%2A%E2%84%96&hash=/);
		assert.equal(request.answer.errorCode, 0);
	});

	test('a date from items in any form, and ids from expressions', async () => {
		const items: INodeExecutionData[] = [
			{ json: { order: 100005, state: 'paid', at: 1362254400 } },
			{ json: { order: '100006', state: 'PAID', at: 1362254400000 } },
			{ json: { order: '100007', state: 'sent', at: '2013-03-03T00:00:00+04:00', track: 10000000000000 } },
			{ json: { order: '100008', state: 'cancel' } },
		];
		const { output, error } = await run(
			{ billId: '={{ $json.order }}', status: '={{ $json.state }}', date: '={{ $json.at }}', rpo: '={{ $json.track }}' },
			items,
		);
		assert.equal(error, undefined);
		assert.deepEqual(
			server.requests.map((r) => r.rawBody.replace(/&hash=[0-9a-f]{32}$/, '')),
			[
				'bill_id=100005&status=paid&date=1362254400',
				'bill_id=100006&status=paid&date=1362254400',
				'bill_id=100007&status=sent&date=1362254400&rpo=10000000000000',
				'bill_id=100008&status=cancel',
			],
		);
		assert.deepEqual(
			output?.[0].map((item) => [item.json.billId, item.json.status, item.pairedItem]),
			[
				['100005', 'paid', { item: 0 }],
				['100006', 'paid', { item: 1 }],
				['100007', 'sent', { item: 2 }],
				['100008', 'cancel', { item: 3 }],
			],
		);
	});

	test('Luxon and JS dates from expressions', async () => {
		await run({ billId: '100000', status: 'paid', date: "={{ DateTime.fromISO('2013-03-02T20:00:00Z') }}" });
		await run({ billId: '100000', status: 'paid', date: "={{ new Date('2013-03-02T20:00:00Z') }}" });
		await run({ billId: '100000', status: 'paid', date: '={{ $now }}' });
		const dates = server.requests.map((r) => Number(r.params.date));
		assert.deepEqual(dates.slice(0, 2), [1362254400, 1362254400]);
		assert.ok(Math.abs(dates[2] - Date.now() / 1000) < 60, `$now gave ${dates[2]}`);
	});
});

describe('JustClick node: validation happens before any request', () => {
	// Fields left empty in the editor are stopped by n8n itself ("Parameter … is required");
	// ours catches what expressions resolve to, item by item.
	const cases: Array<[string, INodeParameters, RegExp]> = [
		['missing rpo for sent', { billId: '100000', status: 'sent', date: '2013-03-02T20:00:00Z', rpo: '={{ $json.rpo }}' }, /^Tracking number \(rpo\) is required when status is 'sent' \[item 0\]$/],
		['missing date for paid', { billId: '100000', status: 'paid', date: '={{ $json.paidAt }}' }, /^Date \(date\) is required when status is 'paid' \[item 0\]$/],
		['bad status', { billId: '100000', status: '={{ "shipped" }}', date: '={{ 1 }}', rpo: '={{ 1 }}' }, /^Status must be one of sent, paid, return, cancel \(got "shipped"\) \[item 0\]$/],
		['missing order number', { billId: '={{ $json.order }}', status: 'cancel' }, /^Order number \(billId\) is required \[item 0\]$/],
		['a date that is not one', { billId: '100000', status: 'paid', date: '={{ "next week" }}' }, /^Date \(date\) is not a valid date: "next week" \[item 0\]$/],
	];
	for (const [name, parameters, message] of cases) {
		test(name, async () => {
			const result = await run(parameters);
			const error = failure(result);
			assert.match(error.message, message);
			assert.equal(error.name, 'NodeOperationError');
			assert.equal(error.context?.itemIndex, 0);
			assert.equal(server.requests.length, 0);
		});
	}

	test('an invalid item 2 stops the run before items 0 and 1 are sent, and is named', async () => {
		const items = [
			{ json: { status: 'paid', rpo: '' } },
			{ json: { status: 'cancel', rpo: '' } },
			{ json: { status: 'sent', rpo: '' } },
		];
		const result = await run({ billId: '100000', status: '={{ $json.status }}', date: '2013-03-02T20:00:00Z', rpo: '={{ $json.rpo }}' }, items);
		const error = failure(result);
		assert.equal(error.message, "Tracking number (rpo) is required when status is 'sent' [item 2]");
		assert.equal(error.context?.itemIndex, 2);
		assert.equal(server.requests.length, 0);
	});
});

describe('JustClick node: errors from JustClick', () => {
	test('error codes become messages with their meaning; 400 is not retried', async () => {
		const result = await run({ ...DOC_PARAMETERS, billId: '999999' });
		const error = failure(result);
		assert.equal(error.message, 'JustClick error 400 (order not found): Заказ не найден');
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.context?.itemIndex, 0);
		assert.match(String(error.description), /No order with this number/);
		assert.equal(server.requests.length, 1);
	});

	test('bad login (5)', async () => {
		server.setMode('badLogin');
		const error = failure(await run(DOC_PARAMETERS));
		assert.equal(error.message, 'JustClick error 5 (bad login): invalid user name');
		assert.match(String(error.description), /Login/);
		assert.equal(error.failure?.cause, 'credential-invalid');
		assert.equal(server.requests.length, 1);
	});

	test('a wrong API key: JustClick refuses (4) with an answer this key cannot verify', async () => {
		const error = failure(await run(DOC_PARAMETERS, undefined, { credentials: { apiKey: 'Y'.repeat(40) } }));
		assert.equal(error.message, 'Response not signed by JustClick: it says error 4 (bad hash)');
		assert.match(String(error.description), /API key/);
		assert.equal(server.requests[0].answer.errorCode, 4);
		assert.equal(server.requests.length, 1);
	});

	test('a forged answer hash is an error, never a success', async () => {
		server.setMode('forgedHash');
		const result = await run(DOC_PARAMETERS);
		const error = failure(result);
		assert.equal(error.message, 'Response not signed by JustClick: it claims success, but its hash does not match');
		assert.equal(error.name, 'NodeApiError');
		assert.equal(result.output, undefined);
		assert.equal(server.requests.length, 1);
	});

	test('a garbage (non-JSON) answer is an error', async () => {
		server.setMode('garbage');
		const error = failure(await run(DOC_PARAMETERS));
		assert.equal(error.message, 'Response not signed by JustClick');
		assert.match(String(error.description), /nginx/);
		assert.equal(server.requests.length, 1);
	});

	test('a slow JustClick hits the timeout and is not retried', async () => {
		server.setMode({ kind: 'slow', delayMs: 3000 });
		const error = failure(await run({ ...DOC_PARAMETERS, options: { timeout: 300 } }));
		assert.equal(error.message, 'JustClick did not answer within 300 ms');
		assert.equal(server.requests.length, 1);
	});

	test('an unreachable base URL is an error for the item', async () => {
		const error = failure(await run(DOC_PARAMETERS, undefined, { credentials: { baseUrl: 'http://127.0.0.1:1' } }));
		assert.equal(error.message, 'Could not reach JustClick at http://127.0.0.1:1');
		assert.match(String(error.description), /ECONNREFUSED/);
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.context?.itemIndex, 0);
	});

	test('an empty API key is refused before any request', async () => {
		const error = failure(await run(DOC_PARAMETERS, undefined, { credentials: { apiKey: ' ' } }));
		assert.equal(error.message, 'The JustClick credential has no API key');
		assert.equal(server.requests.length, 0);
	});
});

describe('JustClick node: retries', () => {
	test('HTTP 429 is retried after Retry-After; one successful request', async () => {
		server.setMode({ kind: 'status429', times: 1, retryAfter: '1' });
		const started = Date.now();
		const { output, error } = await run(DOC_PARAMETERS);
		const elapsed = Date.now() - started;
		assert.equal(error, undefined);
		assert.equal(output?.[0][0].json.success, true);
		assert.deepEqual(server.requests.map((r) => r.answer.status), [429, 200]);
		assert.equal(server.successfulRequests().length, 1);
		assert.ok(elapsed >= 950, `waited only ${elapsed} ms despite Retry-After: 1`);
	});

	test('HTTP 500 once, then OK', async () => {
		server.setMode('status500');
		const { output, error } = await run(DOC_PARAMETERS);
		assert.equal(error, undefined);
		assert.equal(output?.[0].length, 1);
		assert.deepEqual(server.requests.map((r) => r.answer.status), [500, 200]);
		assert.equal(server.successfulRequests().length, 1);
	});

	test('error_code 8 (request limit) once, then OK', async () => {
		server.setMode({ kind: 'code8', times: 1, retryAfter: '0' });
		const { output, error } = await run(DOC_PARAMETERS);
		assert.equal(error, undefined);
		assert.equal(output?.[0][0].json.success, true);
		assert.deepEqual(server.requests.map((r) => r.answer.errorCode), [8, 0]);
		assert.equal(server.successfulRequests().length, 1);
	});

	test('gives up after the configured retries with the last failure', async () => {
		server.setMode({ kind: 'status500', times: 10 });
		const error = failure(await run({ ...DOC_PARAMETERS, options: { maxRetries: 2 } }));
		assert.equal(error.message, 'JustClick answered HTTP 500');
		assert.equal(error.failure?.cause, 'temporarily-unavailable');
		assert.equal(server.requests.length, 3);
	});

	test('code 8 that persists ends as the request-limit error, with 0 retries it is sent once', async () => {
		server.setMode({ kind: 'code8', times: 10 });
		const error = failure(await run({ ...DOC_PARAMETERS, options: { maxRetries: 0 } }));
		assert.equal(error.message, 'JustClick error 8 (request limit from this IP): too many requests from your ip');
		assert.equal(error.failure?.cause, 'rate-limited');
		assert.equal(server.requests.length, 1);
	});

	test('several items: each sent once, in order, a retried one included', async () => {
		server.setMode({ kind: 'status429', times: 1, retryAfter: '0' });
		const items = ['100001', '100002', '100003'].map((order) => ({ json: { order } }));
		const { output, error } = await run({ billId: '={{ $json.order }}', status: 'cancel' }, items);
		assert.equal(error, undefined);
		assert.equal(output?.[0].length, 3);
		const succeeded = server.successfulRequests().map((r) => r.params.bill_id);
		assert.deepEqual(succeeded, ['100001', '100002', '100003']);
	});
});

describe('JustClick node: continueOnFail', () => {
	test('one output item per input item, each paired, invalid items never sent', async () => {
		const items = [
			{ json: { order: '100001', status: 'cancel' } },
			{ json: { order: '999999', status: 'cancel' } },
			{ json: { order: '100002', status: 'sent' } },
			{ json: { order: '100003', status: 'return' } },
		];
		const { output, error } = await run(
			{ billId: '={{ $json.order }}', status: '={{ $json.status }}', date: '={{ $json.date }}', rpo: '={{ $json.rpo }}' },
			items,
			{ continueOnFail: true },
		);
		assert.equal(error, undefined);
		assert.deepEqual(output?.[0], [
			{
				json: { success: true, billId: '100001', status: 'cancel', errorCode: 0, errorText: 'OK', function: 'UpdateOrderStatus' },
				pairedItem: { item: 0 },
			},
			{ json: { error: 'JustClick error 400 (order not found): Заказ не найден' }, pairedItem: { item: 1 } },
			{
				json: { error: "Date (date) is required when status is 'sent'; Tracking number (rpo) is required when status is 'sent' [item 2]" },
				pairedItem: { item: 2 },
			},
			{
				json: { success: true, billId: '100003', status: 'return', errorCode: 0, errorText: 'OK', function: 'UpdateOrderStatus' },
				pairedItem: { item: 3 },
			},
		]);
		assert.deepEqual(server.requests.map((r) => r.params.bill_id), ['100001', '999999', '100003']);
	});

	test('a forged answer is an error item, not a success', async () => {
		server.setMode('forgedHash');
		const { output } = await run(DOC_PARAMETERS, [{ json: {} }], { continueOnFail: true });
		assert.deepEqual(output?.[0], [
			{ json: { error: 'Response not signed by JustClick: it claims success, but its hash does not match' }, pairedItem: { item: 0 } },
		]);
	});
});

describe('JustClick node: URL', () => {
	test('without a base URL the request goes to https://{login}.{domain}/api/{Function}', async () => {
		const { functionUrl } = await import('../../nodes/JustClick/api');
		assert.equal(
			functionUrl({ userId: 'myshop', apiKey: 'k', domain: 'justclick.ru', baseUrl: '' }, 'UpdateOrderStatus'),
			'https://myshop.justclick.ru/api/UpdateOrderStatus',
		);
		assert.equal(
			functionUrl({ userId: 'myshop', apiKey: 'k', domain: 'justclick.io', baseUrl: 'http://127.0.0.1:9' }, 'GetAllGroups'),
			'http://127.0.0.1:9/api/GetAllGroups',
		);
	});

	test('the server checks the hash against http_build_query of what it received', () => {
		// Sanity of the fake itself: the doc body's hash is the doc's.
		assert.equal(DOC_BODY.endsWith(requestHash(DOC_BODY.replace(/&hash=.*$/, ''), USER, KEY)), true);
	});
});
