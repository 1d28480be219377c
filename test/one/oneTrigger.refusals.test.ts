import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SAMPLES } from '../../nodes/One/samples';
import { basic, PASSWORD, sendToOne, USER } from './helpers';

const SAMPLE = ONE_SAMPLES.cart_opened;

function assertRefusedUnauthorized(r: Awaited<ReturnType<typeof sendToOne>>) {
	assert.equal(r.status, 401);
	assert.equal(r.workflowData, undefined);
	assert.equal(r.headers['www-authenticate'], 'Basic realm="ONe webhook", charset="UTF-8"');
	assert.deepEqual(r.json, { error: 'Wrong or missing username/password' });
}

describe('ONe Trigger: HTTP Basic authentication', () => {
	test('no Authorization header: 401 with a Basic challenge, no execution', async () => {
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { noAuth: true }));
	});

	test('wrong username', async () => {
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: basic('admin', PASSWORD) } }));
	});

	test('wrong password', async () => {
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: basic(USER, `${PASSWORD}x`) } }));
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: basic(USER, PASSWORD.slice(0, -1)) } }));
	});

	test('username and password swapped, or ONe help page\'s admin/admin', async () => {
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: basic(PASSWORD, USER) } }));
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: basic('admin', 'admin') } }));
	});

	test('not the Basic scheme', async () => {
		const token = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: `Bearer ${token}` } }));
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: `Digest username="${USER}"` } }));
		assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization: token } }));
	});

	test('malformed Basic values: garbage base64, no colon, empty', async () => {
		for (const authorization of [
			'Basic !!!notbase64***',
			`Basic ${Buffer.from(`${USER}${PASSWORD}`).toString('base64')}`,
			'Basic ',
			'Basic',
			`Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64')}`,
		]) {
			assertRefusedUnauthorized(await sendToOne(SAMPLE, { headers: { authorization } }));
		}
	});

	test('scheme and header name are case-insensitive, as HTTP says', async () => {
		const token = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
		const r = await sendToOne(SAMPLE, { noAuth: true, headers: { Authorization: `basic ${token}` } });
		assert.equal(r.status, 200);
		assert.ok(r.workflowData);
	});

	test('a node whose credential has an empty password accepts nobody', async () => {
		assertRefusedUnauthorized(
			await sendToOne(SAMPLE, { credentials: { user: USER, password: '' }, headers: { authorization: basic(USER, '') } }),
		);
	});

	test('authentication comes before reading the body: a bad body without a password is still a 401', async () => {
		assertRefusedUnauthorized(await sendToOne('{"eventType": ', { noAuth: true, headers: { 'content-type': 'text/plain' } }));
	});
});

describe('ONe Trigger: malformed bodies are refused, never crash', () => {
	test('truncated JSON: n8n answers 422 before the node runs', async () => {
		const text = JSON.stringify(SAMPLE);
		const r = await sendToOne(text.slice(0, text.length - 7));
		assert.equal(r.status, 422);
		assert.equal(r.workflowData, undefined);
	});

	test('wrong content type: 415', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
			const r = await sendToOne(type.startsWith('application/x-www') ? 'customerId=org%3A77' : JSON.stringify(SAMPLE), {
				headers: { 'content-type': type },
			});
			assert.equal(r.status, 415, type);
			assert.equal(r.workflowData, undefined);
			assert.match((r.json as { error: string }).error, /Expected a JSON body/);
		}
	});

	test('a JSON type with a charset parameter is fine', async () => {
		const r = await sendToOne(SAMPLE, { headers: { 'content-type': 'application/json; charset=utf-8' } });
		assert.equal(r.status, 200);
		assert.ok(r.workflowData);
	});

	test('empty body: 400', async () => {
		const r = await sendToOne('');
		assert.equal(r.status, 400);
		assert.equal(r.workflowData, undefined);
		assert.match((r.json as { error: string }).error, /empty/);
	});

	test('1 MB of junk: refused (422 from n8n), no crash', async () => {
		const junk = Buffer.alloc(1024 * 1024);
		for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
		const r = await sendToOne(junk);
		assert.ok(r.status === 422 || r.status === 400, String(r.status));
		assert.equal(r.workflowData, undefined);
	});

	test('1 MB of valid JSON that is not an event object: 400', async () => {
		for (const body of [JSON.stringify('x'.repeat(1024 * 1024)), JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i))]) {
			const r = await sendToOne(body);
			assert.equal(r.status, 400);
			assert.equal(r.workflowData, undefined);
			assert.match((r.json as { error: string }).error, /expected one JSON object/);
		}
	});

	test('1 MB object of unknown fields without ids: 400 naming the missing id', async () => {
		const body: Record<string, string> = { eventType: 'ClientLogged' };
		for (let i = 0; i < 20_000; i++) body[`field_${i}`] = 'y'.repeat(40);
		const r = await sendToOne(body);
		assert.equal(r.status, 400);
		assert.match((r.json as { error: string }).error, /customerId/);
	});

	test('deeply nested brackets: no crash', async () => {
		const depth = 5000;
		const r = await sendToOne(`${'['.repeat(depth)}${']'.repeat(depth)}`);
		assert.ok(r.status === 400 || r.status === 422, String(r.status));
		assert.equal(r.workflowData, undefined);
		// Valid (the ids are in the wrapper): a deep payload is carried, not a crash.
		const nested = await sendToOne(`{"eventType":"ClientLogged","customerId":"ind:1","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
		assert.equal(nested.status, 200, nested.body.slice(0, 200));
		assert.ok((nested.workflowData?.[0][0].json.data as Record<string, unknown>).a);
	});

	test('JSON null, number or list: 400', async () => {
		for (const body of ['null', '42', '[{"customerId":"ind:1"}]', '"CartOpened"']) {
			const r = await sendToOne(body);
			assert.equal(r.status, 400, body);
			assert.equal(r.workflowData, undefined);
		}
	});
});
