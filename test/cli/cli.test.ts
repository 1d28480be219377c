/** The command line as a user runs it: a child process, its output and its exit code. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';
import { main } from '../../cli/index';
import { startRecorder, type Recorder } from './recorder';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node --import tsx cli/index.ts <args>` without blocking this process (the test server lives here). */
function cli(args: string[]): Promise<Run> {
	return new Promise((resolve) => {
		execFile(process.execPath, ['--import', 'tsx', 'cli/index.ts', ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}

describe('the CLI as a child process', () => {
	let server: Recorder;
	before(async () => {
		server = await startRecorder((request) =>
			request.headers.token === TOKEN
				? { status: 200, body: '{"message":"Workflow was started"}' }
				: { status: 403, body: '{"error":"Forbidden: Token header"}' },
		);
	});
	after(() => server.close());

	test('simulate ikitech NEW_ORDER --token t: exit 0, the request and the answer printed, token masked', async () => {
		const url = `${server.url}/webhook/abc/webhook`;
		const run = await cli(['simulate', 'ikitech', 'NEW_ORDER', '--url', url, '--token', TOKEN]);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, new RegExp(`→ POST ${url.replace(/[.]/g, '\\.')}`));
		assert.match(run.stdout, /Token: \*{5}/);
		assert.match(run.stdout, /← 200/);
		assert.match(run.stdout, /Workflow was started/);
		assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
		const arrived = server.requests.at(-1)!;
		assert.deepEqual(JSON.parse(arrived.body), IKITECH_SAMPLES.NEW_ORDER);
	});

	test('a refused call exits 1', async () => {
		const run = await cli(['simulate', 'ikitech', 'new_order', '--url', server.url, '--token', 'wrong']);
		assert.equal(run.code, 1);
		assert.match(run.stdout, /← 403/);
	});

	test('nothing listening exits 1 with the reason', async () => {
		const closed = await startRecorder();
		await closed.close();
		const run = await cli(['simulate', 'ikitech', 'NEW_ORDER', '--url', closed.url, '--token', TOKEN]);
		assert.equal(run.code, 1);
		assert.match(run.stderr, /connection refused/);
	});

	test('a wrong command exits 2 and points to --help', async () => {
		const run = await cli(['simulate', 'ikitech', 'NO_SUCH', '--url', server.url]);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /Unknown ikitech event "NO_SUCH". Use one of: NEW_PRODUCT/);
		assert.match(run.stderr, /simulate --help/);
	});

	test('--list and --help exit 0', async () => {
		const list = await cli(['simulate', '--list']);
		assert.equal(list.code, 0);
		assert.match(list.stdout, /^hiboutik:/m);
		assert.match(list.stdout, /^ {2}NEW_ORDER$/m);
		const help = await cli(['simulate', '--help']);
		assert.equal(help.code, 0);
		for (const vendor of ['hiboutik', 'one', 'ikitech']) assert.match(help.stdout, new RegExp(`simulate ${vendor} `));
	});
});

describe('main() argument handling', () => {
	async function run(argv: string[]) {
		const out: string[] = [];
		const err: string[] = [];
		const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
		return { code, out: out.join('\n'), err: err.join('\n') };
	}

	test('no command prints usage and exits 2', async () => {
		const r = await run([]);
		assert.equal(r.code, 2);
		assert.match(r.out, /Usage:/);
	});

	test('an unknown option, a missing value or an unknown command exits 2', async () => {
		assert.equal((await run(['simulate', 'ikitech', 'NEW_ORDER', '--url', 'http://127.0.0.1:1', '--tokn', 'x'])).code, 2);
		assert.equal((await run(['simulate', 'ikitech', 'NEW_ORDER', '--url'])).code, 2);
		assert.match((await run(['send', 'ikitech'])).err, /Unknown command "send"/);
	});

	test('a missing vendor/event, URL, or a non-numeric --repeat exits 2', async () => {
		assert.match((await run(['simulate', 'ikitech'])).err, /Name a vendor and an event/);
		assert.match((await run(['simulate', 'ikitech', 'NEW_ORDER'])).err, /--url is required/);
		assert.match((await run(['simulate', 'ikitech', 'NEW_ORDER', '--url', 'http://127.0.0.1:1', '--repeat', 'two'])).err, /--repeat must be a whole number/);
	});
});
