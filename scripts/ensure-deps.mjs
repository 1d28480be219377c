// Installs the project's dev dependencies when node_modules is missing or older
// than package.json / package-lock.json, so `npm test` and `npm start` work on a
// fresh clone without a separate `npm install` step.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
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
