/**
 * The unit tests run on Node 20 with n8n's legacy expression engine; n8n 2.x
 * runs with its `vm` engine (isolated-vm, Node 24 only) by default. The
 * shortcut for dragged-in field references (nodes/shared/itemParameters.ts)
 * must agree with that engine too, so its differential test runs again here on
 * the n8n runtime's Node 24 with the `vm` engine switched on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureRuntime, REPO_ROOT } from '../scripts/runtime.mjs';

test("field-reference shortcut agrees with n8n's default (vm) expression engine", async () => {
	const runtime = await ensureRuntime();
	// A test file run from a test process: node:test would skip it as a nested run.
	const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
	const run = spawnSync(
		runtime.nodeBin,
		[path.join(REPO_ROOT, 'scripts', 'run-tests.mjs'), path.join('test', 'shared', 'itemParameters.test.ts')],
		{ cwd: REPO_ROOT, env: { ...env, EXPRESSION_ENGINE: 'vm' }, encoding: 'utf8', timeout: 300_000 },
	);
	const output = `${run.stdout}\n${run.stderr}`;
	assert.equal(run.status, 0, output);
	assert.match(output, /ℹ pass [1-9]/);
	assert.match(output, /ℹ fail 0/);
});
