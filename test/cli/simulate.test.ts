import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectionError, simulate, UsageError, type SimulateOptions } from '../../cli/simulate';
import { SAMPLE_BODIES } from '../../nodes/Hiboutik/samples';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';
import { ONE_SAMPLES } from '../../nodes/One/samples';
import { parseStr } from '../../nodes/shared/phpQuery';
import { startRecorder, type Recorder, type ScriptedAnswer } from './recorder';

const SECRET = 'h1b0ut1k-s3cr3t-f0r-tests';
const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';
const USER = 'one-hooks';
const PASSWORD = 'Kr0wa-Mleko-2025!';
const PATH = '/webhook/2f1c0a7e/webhook';

/** Runs simulate() with its printing captured. */
async function run(options: Omit<SimulateOptions, 'print' | 'warn'>) {
	const out: string[] = [];
	const err: string[] = [];
	const result = await simulate({ ...options, print: (line) => out.push(line), warn: (line) => err.push(line) });
	return { result, out: out.join('\n'), err: err.join('\n') };
}

describe('simulate() against a local server that records what arrives', () => {
	let server: Recorder;
	let answers: ScriptedAnswer[] = [];
	before(async () => {
		server = await startRecorder((_request, index) => answers[index] ?? { status: 200, body: '{"message":"Workflow was started"}' });
	});
	after(() => server.close());
	const fresh = (scripted: ScriptedAnswer[] = []) => {
		server.requests.length = 0;
		answers = scripted;
	};

	test('hiboutik: a form POST to the URL with k and event, the sample as PHP encodes it', async () => {
		fresh();
		const { result, out } = await run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url + PATH, secret: SECRET });
		assert.equal(result.status, 200);
		assert.equal(result.ok, true);
		assert.equal(server.requests.length, 1);
		const [request] = server.requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.url, `${PATH}?k=${SECRET}&event=sale_validated`);
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request.body, SAMPLE_BODIES.sale_validated);
		assert.equal((parseStr(request.body).line_items as unknown[]).length, 3);
		assert.ok(!out.includes(SECRET), 'the secret is never printed');
		assert.match(out, /← 200/);
		assert.match(out, /Accepted/);
	});

	test('one: JSON with the Basic credentials', async () => {
		fresh();
		const { result } = await run({ vendor: 'one', event: 'CartOpened', url: server.url + PATH, user: USER, password: PASSWORD });
		assert.equal(result.status, 200);
		const [request] = server.requests;
		assert.equal(request.url, PATH);
		assert.equal(request.headers['content-type'], 'application/json');
		assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
		assert.deepEqual(JSON.parse(request.body), ONE_SAMPLES.cart_opened);
	});

	test('ikitech: {type, data} with the Token header', async () => {
		fresh();
		const { result, out } = await run({ vendor: 'ikitech', event: 'new_order', url: server.url + PATH, token: TOKEN });
		assert.equal(result.status, 200);
		const [request] = server.requests;
		assert.equal(request.headers.token, TOKEN);
		assert.deepEqual(JSON.parse(request.body), IKITECH_SAMPLES.NEW_ORDER);
		assert.ok(!out.includes(TOKEN));
	});

	test('--repeat 2 sends the same bytes twice and reports both answers', async () => {
		fresh([
			{ status: 200, body: '{"message":"Workflow was started"}' },
			{ status: 200, body: '{"received":true,"started":false,"reason":"duplicate","event":"NEW_ORDER"}' },
		]);
		const { result, out } = await run({ vendor: 'ikitech', event: 'NEW_ORDER', url: server.url + PATH, token: TOKEN, repeat: 2 });
		assert.equal(server.requests.length, 2);
		assert.equal(server.requests[0].body, server.requests[1].body);
		assert.deepEqual(
			result.responses.map((r) => r.status),
			[200, 200],
		);
		assert.equal(result.ok, true);
		assert.match(out, /\[1\/2\][\s\S]*Accepted[\s\S]*\[2\/2\][\s\S]*no execution started: duplicate \(event NEW_ORDER\)/);
	});

	test('a refusal is reported with what to fix, and is not ok', async () => {
		fresh([{ status: 403, body: '{"error":"Forbidden: Token header"}' }]);
		const { result, out } = await run({ vendor: 'ikitech', event: 'NEW_ORDER', url: server.url + PATH, token: 'wrong-token' });
		assert.equal(result.status, 403);
		assert.equal(result.ok, false);
		assert.match(out, /Forbidden: Token header/);
		assert.match(out, /--token is not the token in the node's IKITECH credential/);
	});

	test('a 404 on an n8n Test URL says to click "Listen for test event"', async () => {
		fresh([{ status: 404, body: '{"code":404,"message":"The requested webhook is not registered."}' }]);
		const { result, out } = await run({ vendor: 'one', event: 'cart_opened', url: `${server.url}/webhook-test/x/webhook`, user: USER, password: PASSWORD });
		assert.equal(result.ok, false);
		assert.match(out, /Listen for test event/);
	});

	test('a redirect is shown, not followed (a vendor would not re-POST)', async () => {
		fresh([{ status: 301, headers: { location: 'https://n8n.example.com/webhook/x' } }]);
		const { result, out } = await run({ vendor: 'ikitech', event: 'NEW_ORDER', url: server.url + PATH, token: TOKEN });
		assert.equal(server.requests.length, 1);
		assert.equal(result.status, 301);
		assert.equal(result.ok, false);
		assert.match(out, /Redirected to https:\/\/n8n\.example\.com\/webhook\/x/);
	});

	test("hiboutik: the trigger's alert for the cashier is explained", async () => {
		fresh([{ status: 200, body: '{"alerte":"Vente envoyée à la boutique en ligne"}' }]);
		const { out } = await run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url + PATH, secret: SECRET });
		assert.match(out, /Hiboutik would show the cashier: Vente envoyée à la boutique en ligne/);
	});

	test('a secret echoed back in the answer is masked too', async () => {
		fresh([{ status: 400, body: `{"error":"bad k=${SECRET}"}` }]);
		const { out } = await run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url + PATH, secret: SECRET });
		assert.ok(!out.includes(SECRET));
	});

	test('--file sends the file instead of the sample', async () => {
		fresh();
		const dir = mkdtempSync(path.join(tmpdir(), 'simulate-'));
		const file = path.join(dir, 'sale.json');
		writeFileSync(file, JSON.stringify({ sale_id: '77', line_items: [{ product_id: '3', quantity: '2' }] }));
		await run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url + PATH, secret: SECRET, file });
		assert.deepEqual(parseStr(server.requests[0].body), { sale_id: '77', line_items: [{ product_id: '3', quantity: '2' }] });
	});

	test('a missing or invalid --file is a usage error, and nothing is sent', async () => {
		fresh();
		const dir = mkdtempSync(path.join(tmpdir(), 'simulate-'));
		const bad = path.join(dir, 'bad.json');
		writeFileSync(bad, '{"sale_id": ');
		await assert.rejects(run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url, file: bad }), /not valid JSON/);
		await assert.rejects(run({ vendor: 'hiboutik', event: 'sale_validated', url: server.url, file: path.join(dir, 'nope.json') }), /no such file/);
		assert.equal(server.requests.length, 0);
	});

	test('missing credentials are sent anyway, with a warning', async () => {
		fresh();
		const { err } = await run({ vendor: 'one', event: 'cart_opened', url: server.url + PATH });
		assert.equal(server.requests[0].headers.authorization, undefined);
		assert.match(err, /will refuse the call \(401\)/);
	});

	test('--repeat on a Test URL warns that n8n takes one call per click', async () => {
		fresh();
		const { err } = await run({ vendor: 'ikitech', event: 'NEW_ORDER', url: `${server.url}/webhook-test/x/webhook`, token: TOKEN, repeat: 2 });
		assert.match(err, /one call per "Listen for test event" click/);
	});

	test('bad --repeat values and unknown vendors are usage errors', async () => {
		for (const repeat of [0, -1, 1.5, 101]) {
			await assert.rejects(run({ vendor: 'ikitech', event: 'NEW_ORDER', url: server.url, repeat }), UsageError);
		}
		await assert.rejects(run({ vendor: 'shopify', event: 'x', url: server.url }), /Unknown vendor "shopify". Use one of: hiboutik, one, ikitech/);
	});
});

describe('simulate() when nothing answers', () => {
	test('a closed port is a ConnectionError that says so', async () => {
		const server = await startRecorder();
		const url = server.url;
		await server.close();
		await assert.rejects(run({ vendor: 'ikitech', event: 'NEW_ORDER', url, token: TOKEN }), (error: Error) => {
			assert.ok(error instanceof ConnectionError);
			assert.match(error.message, /connection refused/);
			return true;
		});
	});

	test('a server that never answers times out', async () => {
		const { createServer } = await import('node:http');
		const silent = createServer(() => {});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as { port: number };
		try {
			await assert.rejects(
				simulate({ vendor: 'ikitech', event: 'NEW_ORDER', url: `http://127.0.0.1:${port}/`, token: TOKEN, timeoutMs: 200, print: () => {}, warn: () => {} }),
				/No answer from 127\.0\.0\.1:\d+ within 0\.2 s/,
			);
		} finally {
			silent.closeAllConnections();
			silent.close();
		}
	});
});
