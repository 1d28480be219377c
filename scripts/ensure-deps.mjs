// Installs what `npm test` / `npm start` need on a fresh clone: the project's dev
// dependencies when node_modules is missing or older than the lock file, and
// PHP's CLI (the oracle for PHP encoding tests) when it is missing and we can
// install Debian packages.
import { existsSync, statSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const inputs = ['package.json', 'package-lock.json'].map((f) => path.join(root, f)).filter(existsSync);

const stale = !existsSync(marker) || inputs.some((f) => statSync(f).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
	const cmd = existsSync(path.join(root, 'package-lock.json')) ? 'npm ci' : 'npm install';
	console.log(`[ensure-deps] running ${cmd}`);
	execSync(`${cmd} --no-audit --no-fund`, { cwd: root, stdio: 'inherit' });
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
