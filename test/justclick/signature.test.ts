/**
 * JustClick's signatures, field rules and date handling, without any network:
 * the document's own example, the schema's messages, and every date form a
 * workflow may hand the node.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requestHash, responseHash, signQuery, phpInterpolate } from '../../nodes/JustClick/signature';
import { buildQuery, interpretResponse, JustClickCallError, retryDecision } from '../../nodes/JustClick/api';
import { toUnixSeconds } from '../../nodes/JustClick/dates';
import { describeErrorCode } from '../../nodes/JustClick/errors';
import { JUSTCLICK_FUNCTIONS, updateOrderStatus } from '../../nodes/JustClick/functions';
import { JustClickApi } from '../../credentials/JustClickApi.credentials';

const USER = 'username';
const KEY = 'X'.repeat(40);
const DOC_PARAMS = { bill_id: '100000', status: 'sent', date: '1362254400', rpo: '10000000000000' };
const DOC_HASH = '92cea5ba30b463b8c3b234e3d2945e65';

describe('JustClick request signature', () => {
	test("the document's example gives the hash PHP gives", () => {
		const query = buildQuery(DOC_PARAMS);
		assert.equal(query, 'bill_id=100000&status=sent&date=1362254400&rpo=10000000000000');
		assert.equal(requestHash(query, USER, KEY), DOC_HASH);
		assert.equal(signQuery(query, USER, KEY), `${query}&hash=${DOC_HASH}`);
	});

	test('a call without parameters is signed over the empty string (GetAllGroups)', () => {
		assert.equal(signQuery('', USER, KEY), `hash=${requestHash('', USER, KEY)}`);
	});

	test('undefined parameters are left out, the order is kept', () => {
		assert.equal(buildQuery({ bill_id: '7', status: 'cancel', date: undefined, rpo: undefined }), 'bill_id=7&status=cancel');
		assert.equal(buildQuery({ rpo: 'a b', bill_id: '1' }), 'rpo=a+b&bill_id=1');
	});

	test("the credential's authenticate appends the hash to the body the node built", async () => {
		const credential = new JustClickApi();
		const signed = await credential.authenticate(
			{ userId: ` ${USER} `, apiKey: `${KEY}\n`, domain: 'justclick.io', baseUrl: '' },
			{ url: 'https://username.justclick.io/api/UpdateOrderStatus', method: 'POST', body: buildQuery(DOC_PARAMS) },
		);
		assert.equal(signed.body, `${buildQuery(DOC_PARAMS)}&hash=${DOC_HASH}`);
		assert.equal((signed.headers as Record<string, string>)['Content-Type'], 'application/x-www-form-urlencoded');
		// A plain object body (e.g. from another node) is encoded like PHP first.
		const fromObject = await credential.authenticate({ userId: USER, apiKey: KEY }, { url: 'x', body: DOC_PARAMS });
		assert.equal(fromObject.body, `${buildQuery(DOC_PARAMS)}&hash=${DOC_HASH}`);
	});
});

describe('JustClick response check', () => {
	const answer = (json: Record<string, unknown>, statusCode = 200, headers = {}) =>
		({ statusCode, headers, body: JSON.stringify(json) });

	test('a signed error_code 0 is a success', () => {
		const ok = interpretResponse(answer({ error_code: 0, error_text: 'OK', hash: responseHash(0, 'OK', KEY) }), KEY);
		assert.equal(ok.errorText, 'OK');
	});

	test('PHP prints the values it hashes: "0" and 0, null and "" hash alike', () => {
		assert.equal(responseHash('0', 'OK', KEY), responseHash(0, 'OK', KEY));
		assert.equal(responseHash(0, null, KEY), responseHash(0, '', KEY));
		assert.equal(phpInterpolate(true), '1');
		assert.equal(phpInterpolate(false), '');
		assert.equal(phpInterpolate(0.1 + 0.2), '0.3');
		assert.equal(phpInterpolate(1e20), '1.0E+20');
		assert.equal(phpInterpolate(10_000_000_000_000_000), '10000000000000000');
	});

	const failureOf = (fn: () => unknown) => {
		try {
			fn();
		} catch (error) {
			assert.ok(error instanceof JustClickCallError);
			return error.failure;
		}
		assert.fail('expected a failure');
	};

	test('an unsigned or forged answer is never a success', () => {
		for (const hash of [undefined, '', 'x', responseHash(0, 'OK', 'another key'), responseHash(0, 'OK!', KEY)]) {
			const failure = failureOf(() => interpretResponse(answer({ error_code: 0, error_text: 'OK', hash }), KEY));
			assert.equal(failure.kind, 'unsigned');
		}
		for (const body of ['', 'null', '[]', '"OK"', '{"error_text":"OK"}', '<html>', '{"error_code":"zero"}']) {
			const failure = failureOf(() => interpretResponse({ statusCode: 200, headers: {}, body }, KEY));
			assert.equal(failure.kind, 'unsigned', body);
		}
	});

	test('a signed error is the vendor error; only code 8, 429 and 5xx are retried', () => {
		const vendor = (code: number) => {
			try {
				interpretResponse(answer({ error_code: code, error_text: 't', hash: responseHash(code, 't', KEY) }), KEY);
			} catch (error) {
				return error;
			}
			assert.fail('expected an error');
		};
		assert.deepEqual(retryDecision(vendor(8)), { retry: true, retryAfterMs: undefined });
		for (const code of [1, 2, 3, 4, 5, 6, 7, 400, 601]) assert.deepEqual(retryDecision(vendor(code)), { retry: false }, String(code));
		const http = (statusCode: number, headers = {}) => {
			try {
				interpretResponse({ statusCode, headers, body: 'x' }, KEY);
			} catch (error) {
				return error;
			}
			assert.fail('expected an error');
		};
		assert.deepEqual(retryDecision(http(429, { 'Retry-After': '3' })), { retry: true, retryAfterMs: 3000 });
		assert.deepEqual(retryDecision(http(503)), { retry: true, retryAfterMs: undefined });
		assert.deepEqual(retryDecision(http(404)), { retry: false });
		// A 5xx may come after the change was made: not retried for functions that must not run twice.
		assert.deepEqual(retryDecision(http(503), false), { retry: false });
		assert.deepEqual(retryDecision(http(429, { 'Retry-After': '3' }), false), { retry: true, retryAfterMs: 3000 });
		assert.deepEqual(retryDecision(vendor(8), false), { retry: true, retryAfterMs: undefined });
		assert.deepEqual(retryDecision(new Error('boom')), { retry: false });
	});

	test('every documented error code has a meaning', () => {
		for (const [code, meaning] of [
			[4, 'bad hash'],
			[5, 'bad login'],
			[8, 'request limit from this IP'],
			[101, 'contact error'],
			[202, 'order error'],
			[302, 'status not changed'],
			[400, 'order not found'],
			[601, 'duplicate order'],
			[603, 'order creation error'],
			[999, 'unknown error'],
		] as const) {
			assert.equal(describeErrorCode(code).meaning, meaning);
		}
	});
});

describe('JustClick dates', () => {
	const DOC_SECONDS = 1362254400; // the document's "March 3, 2013 00:00" (Moscow, then UTC+4)

	test('every form of the same instant gives the same UNIX seconds', () => {
		const forms: unknown[] = [
			DOC_SECONDS,
			DOC_SECONDS * 1000,
			String(DOC_SECONDS),
			'2013-03-02T20:00:00Z',
			'2013-03-02T20:00:00.000Z',
			'2013-03-03T00:00:00+04:00',
			'Sat, 02 Mar 2013 20:00:00 GMT',
			new Date('2013-03-02T20:00:00Z'),
			{ toMillis: () => DOC_SECONDS * 1000, isValid: true }, // a Luxon DateTime, structurally
		];
		for (const form of forms) assert.equal(toUnixSeconds(form, 'UTC'), DOC_SECONDS, String(form));
	});

	test("a date without an offset is wall-clock time in the workflow's timezone", () => {
		assert.equal(toUnixSeconds('2013-03-03T00:00:00', 'Europe/Moscow'), DOC_SECONDS);
		assert.equal(toUnixSeconds('2013-03-03 00:00', 'Europe/Moscow'), DOC_SECONDS);
		assert.equal(toUnixSeconds('2013-03-03', 'Europe/Moscow'), DOC_SECONDS);
		assert.equal(toUnixSeconds('2013-03-02T20:00:00', 'UTC'), DOC_SECONDS);
		// Across a DST change: 2024-03-31 03:30 in Paris is after the jump to UTC+2.
		assert.equal(toUnixSeconds('2024-03-31T03:30:00', 'Europe/Paris'), Date.UTC(2024, 2, 31, 1, 30) / 1000);
		assert.equal(toUnixSeconds('2024-07-01T12:00:00', 'America/New_York'), Date.UTC(2024, 6, 1, 16) / 1000);
	});

	test('what is not a date is refused', () => {
		for (const bad of ['', ' ', 'soon', '2013-02-30', '2013-13-01', '2013-03-03T25:00:00', -1, NaN, Infinity, {}, [], true, new Date('x')]) {
			assert.equal(toUnixSeconds(bad, 'UTC'), undefined, String(bad));
		}
	});
});

describe('JustClick functions table', () => {
	const parse = (raw: Record<string, unknown>) => updateOrderStatus.schema({ timezone: 'UTC' }).safeParse(raw);
	const messages = (raw: Record<string, unknown>) => {
		const result = parse(raw);
		assert.equal(result.success, false);
		return result.error!.issues.map((i) => i.message);
	};

	test('Order → Update Status is UpdateOrderStatus', () => {
		assert.equal(JUSTCLICK_FUNCTIONS.order.updateStatus, updateOrderStatus);
		assert.equal(updateOrderStatus.apiName, 'UpdateOrderStatus');
	});

	test('params follow the documented order; absent ones are not sent', () => {
		const sent = parse({ billId: 100000, status: ' Sent ', date: '2013-03-02T20:00:00Z', rpo: '10000000000000' });
		assert.ok(sent.success);
		assert.equal(buildQuery(updateOrderStatus.toParams(sent.data)), buildQuery(DOC_PARAMS));
		const cancel = parse({ billId: '100000', status: 'cancel', date: '', rpo: '' });
		assert.ok(cancel.success);
		assert.equal(buildQuery(updateOrderStatus.toParams(cancel.data)), 'bill_id=100000&status=cancel');
	});

	test('messages name the field', () => {
		assert.deepEqual(messages({ billId: '1', status: 'sent', date: 1362254400, rpo: '' }), [
			"Tracking number (rpo) is required when status is 'sent'",
		]);
		assert.deepEqual(messages({ billId: '1', status: 'paid', date: '' }), ["Date (date) is required when status is 'paid'"]);
		assert.deepEqual(messages({ billId: '1', status: 'sent', date: '', rpo: '' }), [
			"Date (date) is required when status is 'sent'",
			"Tracking number (rpo) is required when status is 'sent'",
		]);
		assert.deepEqual(messages({ billId: '1', status: 'shipped' }), [
			'Status must be one of sent, paid, return, cancel (got "shipped")',
		]);
		assert.deepEqual(messages({ billId: ' ', status: 'cancel' }), ['Order number (billId) is required']);
		assert.deepEqual(messages({ billId: '1', status: 'paid', date: 'tomorrow' }), ['Date (date) is not a valid date: "tomorrow"']);
		assert.deepEqual(messages({ billId: { id: 1 }, status: 'cancel' }), ['Order number (billId) must be text']);
	});
});
