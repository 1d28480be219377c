// Runs node's test runner over every *.test.ts under the given folders (Node 20's
// --test does not expand globs itself). Usage: node scripts/run-tests.mjs test [more dirs] [-- node flags]
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const dirs = split < 0 ? args : args.slice(0, split);
const extra = split < 0 ? [] : args.slice(split + 1);

function find(dir) {
	if (!statSync(dir).isDirectory()) return [dir];
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return find(full);
		return name.endsWith('.test.ts') ? [full] : [];
	});
}

const files = dirs.flatMap(find).sort();
if (files.length === 0) {
	console.error(`no *.test.ts files under ${dirs.join(', ')}`);
	process.exit(1);
}
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--import', './test/setup.ts', '--test', '--test-reporter=spec', ...extra, ...files],
	{ stdio: 'inherit' },
);
process.exit(result.status ?? 1);
