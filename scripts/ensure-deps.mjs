// Installs what `npm test` / `npm start` need on a fresh clone: the project's dev
// dependencies when node_modules is missing or older than the lock file, and
// PHP's CLI (the oracle for PHP encoding tests) when it is missing and we can
// install Debian packages.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// node_modules is current when it was installed from this exact lock file: we
// keep the lock file's hash beside it (mtimes change on every checkout or edit).
const lockFile = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.commerce-hooks-lock.sha256');
const lockHash = existsSync(lockFile) ? createHash('sha256').update(readFileSync(lockFile)).digest('hex') : 'no-lock';
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (installed !== lockHash || !existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
	const cmd = existsSync(lockFile) ? 'npm ci' : 'npm install';
	console.log(`[ensure-deps] running ${cmd}`);
	execSync(`${cmd} --no-audit --no-fund`, { cwd: root, stdio: 'inherit' });
	writeFileSync(stamp, `${lockHash}\n`);
}

const wantsPhp = process.argv.includes('--php');
// The vendors' own PHP samples use curl, so the oracle needs php-curl as well.
const hasPhp = spawnSync('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);'], { stdio: 'ignore' }).status === 0;
if (wantsPhp && !hasPhp) {
	if (process.getuid?.() === 0) {
		console.log('[ensure-deps] installing php-cli and php-curl (Debian) for the PHP differential tests');
		execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli php-curl >/dev/null', {
			stdio: 'inherit',
			shell: '/bin/bash',
		});
	} else {
		console.error('[ensure-deps] the PHP differential tests need php-cli: sudo apt-get install php-cli php-curl');
		process.exit(1);
	}
}

// --e2e: what the end-to-end tests need besides node_modules. The n8n runtime
// (Node 24 + n8n, installed once into ~/.cache by scripts/runtime.mjs: minutes the
// first time, instant after) and, for the queue-mode tests, PostgreSQL's and
// Redis's server programs (Debian packages; the tests start their own throwaway
// servers on 127.0.0.1, no system service is used).
if (process.argv.includes('--e2e')) {
	const hasProgram = (name) =>
		spawnSync('sh', ['-c', `command -v ${name} || ls /usr/lib/postgresql/*/bin/${name}`], { stdio: 'ignore' }).status === 0;
	const missing = ['initdb', 'postgres', 'redis-server'].filter((name) => !hasProgram(name));
	if (missing.length > 0) {
		if (process.getuid?.() === 0) {
			console.log(`[ensure-deps] installing postgresql and redis-server (Debian) for the queue-mode e2e tests (missing: ${missing.join(', ')})`);
			execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null', {
				stdio: 'inherit',
				shell: '/bin/bash',
			});
		} else {
			console.warn(`[ensure-deps] queue-mode e2e tests will be skipped: missing ${missing.join(', ')} (sudo apt-get install postgresql redis-server)`);
		}
	}
	const { ensureRuntime } = await import('./runtime.mjs');
	await ensureRuntime();
}
