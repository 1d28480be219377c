/**
 * JustClick's own PHP sample, run by real PHP (with curl) against the fake
 * JustClick, is the oracle: the request bytes our node sends must be PHP's,
 * byte for byte, and PHP's CheckHash must accept the fake server's answers
 * (and reject its forged ones), so the server signs as JustClick does.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';
import { JustClick } from '../../nodes/JustClick/JustClick.node.js';
import { JustClickApi } from '../../credentials/JustClickApi.credentials';
import { responseHash, phpInterpolate } from '../../nodes/JustClick/signature';
import { buildQuery, interpretResponse } from '../../nodes/JustClick/api';
import { updateOrderStatus } from '../../nodes/JustClick/functions';
import { startJustClickServer, phpJsonEncode, type JustClickServer } from '../vendors/justclickServer';

const PHP_DIR = path.join(__dirname, '..', 'vendors', 'php');
const USER = 'username';
const KEY = 'X'.repeat(40);

function requirePhpWithCurl() {
	const probe = spawnSync('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 3);'], { stdio: 'ignore' });
	if (probe.status !== 0) {
		throw new Error(
			'The JustClick PHP differential tests need php-cli with curl: sudo apt-get install -y php-cli php-curl ' +
				'(or run `npm test`, which installs them when it can).',
		);
	}
}

/** Runs a script of test/vendors/php (with the system's php.ini, which loads curl). */
async function php(script: string, env: Record<string, string> = {}, stdin = ''): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn('php', ['-d', 'display_errors=stderr', path.join(PHP_DIR, script)], {
			env: { ...process.env, ...env },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (c: Buffer) => out.push(c));
		child.stderr.on('data', (c: Buffer) => err.push(c));
		child.on('error', reject);
		child.on('close', (status) => {
			const stderr = Buffer.concat(err).toString('utf8');
			if (status === 0 && stderr.trim() === '') resolve(Buffer.concat(out).toString('utf8'));
			else reject(new Error(`php ${script} exited ${status}: ${stderr}`));
		});
		child.stdin.end(stdin);
	});
}

requirePhpWithCurl();

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

async function nodeRequestBody(parameters: INodeParameters): Promise<string> {
	const before = server.requests.length;
	const { error } = await runNode(
		{
			nodeType: new JustClick(),
			parameters: { resource: 'order', operation: 'updateStatus', ...parameters },
			credentials: { justClickApi: { userId: USER, apiKey: KEY, domain: 'justclick.io', baseUrl: server.baseUrl } },
			credentialTypes: [new JustClickApi()],
		},
		[{ json: {} }],
	);
	assert.equal(error, undefined, String(error?.message));
	assert.equal(server.requests.length, before + 1);
	return server.requests[before].rawBody;
}

describe("JustClick's PHP sample (UpdateOrderStatus) against the fake server", () => {
	test('our node sends the same bytes as PHP for the same params', async () => {
		const output = await php('justclick-update-order-status.php', { JUSTCLICK_BASE_URL: server.baseUrl });
		assert.equal(output, 'The order status is updated: 0');
		const phpRequest = server.requests[0];
		assert.equal(phpRequest.path, '/api/UpdateOrderStatus');
		assert.equal(phpRequest.headers['content-type'], 'application/x-www-form-urlencoded');

		const ours = await nodeRequestBody({ billId: '100000', status: 'sent', date: '={{ 1362254400 }}', rpo: '10000000000000' });
		assert.equal(ours, phpRequest.rawBody);
		assert.equal(ours, 'bill_id=100000&status=sent&date=1362254400&rpo=10000000000000&hash=92cea5ba30b463b8c3b234e3d2945e65');
	});

	test("PHP's CheckHash accepts the server's signed errors, Cyrillic text included", async () => {
		server.setMode('badLogin');
		assert.equal(
			await php('justclick-update-order-status.php', { JUSTCLICK_BASE_URL: server.baseUrl }),
			'Error code:5 - description: invalid user name',
		);
		const noOrders = await startJustClickServer({ userId: USER, apiKey: KEY, bills: [] });
		try {
			assert.equal(
				await php('justclick-update-order-status.php', { JUSTCLICK_BASE_URL: noOrders.baseUrl }),
				'Error code:400 - description: Заказ не найден',
			);
		} finally {
			await noOrders.close();
		}
	});

	test("PHP's CheckHash rejects the server's forged answers, as our node does", async () => {
		server.setMode('forgedHash');
		assert.equal(
			await php('justclick-update-order-status.php', { JUSTCLICK_BASE_URL: server.baseUrl }),
			'Error! The response hash is not true!',
		);
	});
});

describe('Request bytes: our node vs PHP GetHash/Send for other values', () => {
	const cases: Array<{ name: string; params: Record<string, string>; parameters: INodeParameters }> = [
		{
			name: 'paid without rpo',
			params: { bill_id: '100001', status: 'paid', date: '1700000000' },
			parameters: { billId: '100001', status: 'paid', date: '={{ 1700000000 }}' },
		},
		{
			name: 'a tracking number with spaces, symbols and UTF-8',
			params: { bill_id: '100002', status: 'sent', date: '1362254400', rpo: "RA 644 000 123 RU ~*'()!@#$%^&+=/?№ёé😀" },
			parameters: {
				billId: '100002',
				status: 'sent',
				date: '={{ 1362254400 }}',
				rpo: "RA 644 000 123 RU ~*'()!@#$%^&+=/?№ёé😀",
			},
		},
		{
			name: 'return, nothing optional',
			params: { bill_id: '100003', status: 'return' },
			parameters: { billId: '100003', status: 'return' },
		},
	];

	for (const { name, params, parameters } of cases) {
		test(name, async () => {
			const job = { url: `${server.baseUrl}/api/UpdateOrderStatus`, user_id: USER, key: KEY, params };
			const result = JSON.parse(await php('justclick-send.php', {}, JSON.stringify(job))) as { checked: boolean; response: string };
			assert.equal(result.checked, true, `PHP's CheckHash refused: ${result.response}`);
			const phpBody = server.requests.at(-1)!.rawBody;
			assert.equal(server.requests.at(-1)!.answer.errorCode, 0);
			assert.equal(await nodeRequestBody(parameters), phpBody);
		});
	}
});

describe("Response check: ours vs PHP's CheckHash", () => {
	test('the same text is hashed, and the same answers pass, for every kind of value', async () => {
		const codes: unknown[] = [0, '0', 400, '400', 8, 1.5, 1e20, 0.1, -3, true, false, null, '', '00', ' 0'];
		const texts: unknown[] = ['OK', 'Заказ не найден', 'a/b "q" \\ \u0000 😀', '', null, 12, 2.5, true];
		const answers: string[] = [];
		for (const code of codes) {
			for (const text of texts) {
				answers.push(phpJsonEncode({ error_code: code, error_text: text, hash: responseHash(code, text, KEY) }));
			}
		}
		// Some that must fail: another key, a changed text, an uppercase digest.
		const forged = [
			phpJsonEncode({ error_code: 0, error_text: 'OK', hash: responseHash(0, 'OK', 'other') }),
			phpJsonEncode({ error_code: 0, error_text: 'OK ', hash: responseHash(0, 'OK', KEY) }),
			phpJsonEncode({ error_code: 0, error_text: 'OK', hash: responseHash(0, 'OK', KEY).toUpperCase() }),
		];
		const all = [...answers, ...forged];
		const results = JSON.parse(await php('justclick-check-hash.php', {}, JSON.stringify({ key: KEY, answers: all }))) as Array<{
			hashed: string;
			checked: boolean;
		}>;
		all.forEach((raw, i) => {
			const json = JSON.parse(raw) as { error_code: unknown; error_text: unknown };
			assert.equal(`${phpInterpolate(json.error_code)}::${phpInterpolate(json.error_text)}`, results[i].hashed, raw);
			assert.equal(results[i].checked, i < answers.length, raw);
		});
		// Our check agrees with PHP on every answer that is a JustClick answer (an integer code).
		for (const [i, raw] of all.entries()) {
			const code = (JSON.parse(raw) as { error_code: unknown }).error_code;
			if (code !== 0 && code !== '0') continue;
			let ours: boolean;
			try {
				interpretResponse({ statusCode: 200, headers: {}, body: raw }, KEY);
				ours = true;
			} catch {
				ours = false;
			}
			assert.equal(ours, results[i].checked, raw);
		}
	});

	test('the schema builds what PHP would build from the same array', () => {
		const parsed = updateOrderStatus.schema({ timezone: 'UTC' }).parse({ billId: '1', status: 'sent', date: 1, rpo: 'x' });
		assert.equal(buildQuery(updateOrderStatus.toParams(parsed)), 'bill_id=1&status=sent&date=1&rpo=x');
	});
});
