// `npm start`: a real n8n 2.40 on http://localhost:5678 with this pack installed
// the way Community Nodes installs it, and the workflow templates in templates/
// imported and published so their production webhooks answer at once.
//
// First run: installs Node 24 + n8n into a per-user cache (minutes, see
// scripts/runtime.mjs). Later runs: build, copy the pack, start (seconds);
// templates are re-imported only when a file in templates/ changed.
//
// Environment: PORT (default 5678), N8N_* variables pass through to n8n.
// State (database, encryption key, settings) lives in .n8n-user/ (gitignored):
// delete it for a fresh instance.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureRuntime, installPack, offlineN8nEnv, REPO_ROOT } from './runtime.mjs';

const port = Number(process.env.PORT || 5678);
const baseUrl = `http://localhost:${port}/`;
const userFolder = path.join(REPO_ROOT, '.n8n-user');
const templatesDir = process.env.COMMERCE_HOOKS_TEMPLATES_DIR || path.join(REPO_ROOT, 'templates');
const templatesState = path.join(userFolder, 'templates-state.json');
const database = path.join(userFolder, '.n8n', 'database.sqlite');

function log(message) {
	console.log(`[start] ${message}`);
}

function fail(message) {
	console.error(`[start] ${message}`);
	process.exit(1);
}

/** Newest modification time of what `npm run build` reads. */
function newestSource() {
	const newest = (entry) => {
		if (!existsSync(entry)) return 0;
		const stat = statSync(entry);
		if (!stat.isDirectory()) return stat.mtimeMs;
		return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
	};
	return Math.max(...['nodes', 'credentials', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'].map((f) => newest(path.join(REPO_ROOT, f))));
}

/** Builds the pack unless nothing changed since the last successful build by npm start. */
function build() {
	const stamp = path.join(userFolder, 'build-stamp.json');
	const sources = newestSource();
	try {
		const last = JSON.parse(readFileSync(stamp, 'utf8'));
		if (last.sources === sources && existsSync(path.join(REPO_ROOT, 'dist'))) {
			log('pack unchanged since the last build; not rebuilding');
			return;
		}
	} catch {
		// no stamp yet
	}
	const started = Date.now();
	log('building the pack (npm run build)');
	const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) fail('npm run build failed; fix the errors above and run npm start again');
	log(`built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	writeFileSync(stamp, JSON.stringify({ sources }));
}

function n8nEnv(runtimeEnv) {
	return {
		...runtimeEnv,
		...offlineN8nEnv(),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: baseUrl,
		N8N_EDITOR_BASE_URL: baseUrl,
		// The internal task runner's broker; next to our port so two instances can run side by side.
		N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? String(port + 1),
		// Let users pass any other n8n setting through.
		...pickN8nOverrides(),
	};
}

function pickN8nOverrides() {
	// The user folder and port are ours (PORT is the knob): the state and template bookkeeping live there.
	const ours = new Set(['N8N_USER_FOLDER', 'N8N_PORT']);
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => /^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_)/.test(key) && !ours.has(key)),
	);
}

/** Runs an n8n CLI command to completion (they boot n8n's DI and database: a few seconds each). */
function n8nCli(runtime, env, args) {
	const result = spawnSync(runtime.nodeBin, [runtime.n8nBin, ...args], { cwd: userFolder, env, encoding: 'utf8' });
	return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function displayPath(dir) {
	const relative = path.relative(REPO_ROOT, dir);
	return relative.startsWith('..') ? dir : relative;
}

function lastLine(output) {
	return output.split('\n').filter((line) => line.trim()).pop() ?? '(no output)';
}

/** `n8n import:workflow` of these templates in one go (existing ids are overwritten). */
function importAll(runtime, env, templates, { quiet = false } = {}) {
	const bundle = path.join(userFolder, 'templates-import.json');
	writeFileSync(bundle, JSON.stringify(templates.map(({ workflow }) => workflow), null, 2));
	const result = n8nCli(runtime, env, ['import:workflow', `--input=${bundle}`]);
	if (!result.ok && !quiet) log(`n8n import:workflow failed: ${lastLine(result.output)}`);
	return result.ok;
}

/** A stable 16-character n8n id for a template file that has none, so re-imports overwrite it. */
function stableId(fileName) {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const digest = createHash('sha256').update(`commerce-hooks-template:${fileName}`).digest();
	return Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}

function readTemplates() {
	if (!existsSync(templatesDir)) return [];
	return readdirSync(templatesDir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.flatMap((name) => {
			const text = readFileSync(path.join(templatesDir, name), 'utf8');
			let workflow;
			try {
				workflow = JSON.parse(text);
			} catch (error) {
				log(`skipping templates/${name}: not valid JSON (${error.message})`);
				return [];
			}
			if (!Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object') {
				log(`skipping templates/${name}: not an n8n workflow (needs nodes and connections)`);
				return [];
			}
			if (!workflow.id) {
				workflow.id = stableId(name);
				log(`templates/${name} has no "id"; importing it as ${workflow.id} (add the id to the file to keep it stable)`);
			}
			return [{ file: name, text, workflow }];
		});
}

function templatesHash(templates) {
	const hash = createHash('sha256');
	for (const { file, text } of templates) hash.update(`${file}\0${text}\0`);
	return hash.digest('hex');
}

function readState() {
	try {
		return JSON.parse(readFileSync(templatesState, 'utf8'));
	} catch {
		return {};
	}
}

/**
 * Imports the templates and publishes them (n8n 2.x: "publish" = activate the
 * current version) before n8n starts, so their webhooks are registered at boot.
 * Skipped when templates/ and the database are unchanged since the last start, so
 * edits made in the editor survive a restart.
 */
function syncTemplates(runtime, env, templates) {
	const hash = templatesHash(templates);
	const state = readState();
	if (templates.length === 0) {
		log(`no workflow templates in ${displayPath(templatesDir)}/ to import`);
		return [];
	}
	if (state.hash === hash && existsSync(database)) {
		log(`templates unchanged since the last start (${templates.length}); not re-importing`);
		return state.published ?? [];
	}
	const started = Date.now();
	log(`importing ${templates.length} workflow template(s) from ${displayPath(templatesDir)}/`);
	let importable = templates;
	if (!importAll(runtime, env, templates)) {
		// One import is all-or-nothing; find the file(s) n8n refuses, import the rest.
		importable = templates.filter((template) => {
			const result = importAll(runtime, env, [template], { quiet: true });
			if (!result) log(`could not import templates/${template.file} ("${template.workflow.name}"); skipped`);
			return result;
		});
	}
	const published = [];
	for (const { file, workflow } of importable) {
		const result = n8nCli(runtime, env, ['publish:workflow', `--id=${workflow.id}`]);
		if (result.ok) {
			published.push({ id: workflow.id, name: workflow.name, file });
		} else {
			log(`could not publish templates/${file} ("${workflow.name}"): ${lastLine(result.output)}`);
		}
	}
	writeFileSync(templatesState, JSON.stringify({ hash, published }, null, 2));
	log(`imported and published ${published.length}/${templates.length} template(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return published;
}

/**
 * Reads, from n8n's own database, how publishing went: per trigger node
 * "activated" or "failed" with n8n's error (table workflow_publication_trigger_status,
 * filled by n8n 2.40's publication service a moment after boot), and the
 * production webhooks registered for active workflows (table webhook_entity).
 */
function readPublication(runtime) {
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
		const all = (sql) => new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
		Promise.all([
			all('select id, name, activeVersionId from workflow_entity'),
			all('select workflowId, nodeId, versionId, status, errorMessage from workflow_publication_trigger_status'),
			all('select workflowId, webhookPath, method, node from webhook_entity order by node, method'),
		]).then(
			([workflows, triggers, webhooks]) => console.log(JSON.stringify({ workflows, triggers, webhooks })),
			(error) => { console.error(error.message); process.exit(1); },
		);`;
	const result = spawnSync(runtime.nodeBin, ['-e', script, database], {
		cwd: path.join(runtime.runtimeDir, 'n8n', 'node_modules', 'n8n'),
		encoding: 'utf8',
	});
	if (result.status !== 0) return undefined;
	try {
		return JSON.parse(result.stdout);
	} catch {
		return undefined;
	}
}

/** Trigger statuses of the workflow's published version (empty while n8n is still activating it). */
function triggersOf(publication, id) {
	const workflow = publication.workflows.find((w) => w.id === id);
	if (!workflow?.activeVersionId) return [];
	return publication.triggers.filter((t) => t.workflowId === id && t.versionId === workflow.activeVersionId);
}

function isPublished(publication, id) {
	return Boolean(publication.workflows.find((w) => w.id === id)?.activeVersionId);
}

/** Waits (up to `timeoutMs`) until n8n has tried to activate every published template. */
async function waitForPublication(runtime, published, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let publication;
	while (Date.now() < deadline) {
		publication = readPublication(runtime);
		const settled = (id) => !isPublished(publication, id) || triggersOf(publication, id).length > 0;
		if (publication && published.every(({ id }) => settled(id))) {
			// One more read: a workflow with several triggers may still be writing the others.
			await new Promise((resolve) => setTimeout(resolve, 500));
			return readPublication(runtime) ?? publication;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return publication;
}

async function waitForReady(child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) return false;
		try {
			const response = await fetch(`${baseUrl}healthz/readiness`);
			if (response.ok) return true;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return false;
}

async function printSummary(runtime, published, templates) {
	console.log('');
	log(`n8n is ready. Editor: ${baseUrl}`);
	log('(first visit: create the owner account; the pack\'s nodes are under "n8n-nodes-commerce-hooks")');
	if (published.length === 0) return;
	const publication = await waitForPublication(runtime, published, 45_000);
	if (!publication) {
		log('could not read the publication status from n8n\'s database');
		return;
	}
	let needsCredentials = false;
	for (const { id, name, file } of published) {
		const triggers = triggersOf(publication, id);
		const failed = triggers.filter((t) => t.status !== 'activated');
		const webhooks = publication.webhooks.filter((hook) => hook.workflowId === id);
		const nodeName = (nodeId) => templates.find((t) => t.workflow.id === id)?.workflow.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
		if (!isPublished(publication, id)) {
			log(`inactive: "${name}" (templates/${file}): unpublished (in the editor, or deleted)`);
			continue;
		}
		if (triggers.length === 0) {
			log(`pending: "${name}" (templates/${file}): n8n has not activated it yet (see its log)`);
			continue;
		}
		log(`${failed.length === 0 ? 'active' : failed.length < triggers.length ? 'partly active' : 'inactive'}: "${name}" (templates/${file})`);
		for (const hook of webhooks) log(`    ${hook.method.padEnd(6)} ${baseUrl}webhook/${hook.webhookPath}   (${hook.node})`);
		for (const trigger of failed) {
			log(`    not active: "${nodeName(trigger.nodeId)}": ${trigger.errorMessage ?? trigger.status}`);
			const webhookId = templates.find((t) => t.workflow.id === id)?.workflow.nodes.find((n) => n.id === trigger.nodeId)?.webhookId;
			if (webhookId) log(`    its URL once active: POST ${baseUrl}webhook/${webhookId}/webhook`);
		}
		if (failed.length > 0) needsCredentials = true;
	}
	if (needsCredentials) {
		console.log('');
		log('To switch a template on: open it in the editor, choose or create the credential in each node');
		log('that shows a warning (README: "How the trigger nodes work"), then publish the workflow.');
	}
	console.log('');
}

async function main() {
	const runtime = await ensureRuntime();
	mkdirSync(userFolder, { recursive: true });
	build();
	installPack(userFolder);
	const env = n8nEnv(runtime.env);
	const templates = readTemplates();
	const published = syncTemplates(runtime, env, templates);

	log(`starting n8n on ${baseUrl} (Ctrl-C stops it)`);
	const started = Date.now();
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(process.stdout);
	child.stderr.pipe(process.stderr);

	let stopping = false;
	const stop = (signal) => {
		if (stopping) {
			child.kill('SIGKILL');
			return;
		}
		stopping = true;
		log(`${signal}: stopping n8n (Ctrl-C again to kill it)`);
		child.kill('SIGTERM');
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	child.on('exit', (code, signal) => {
		log(`n8n exited (${signal ?? code})`);
		process.exit(stopping ? 0 : (code ?? 1));
	});

	if (await waitForReady(child, 120_000)) {
		log(`n8n started in ${((Date.now() - started) / 1000).toFixed(1)}s`);
		await printSummary(runtime, published, templates);
	} else if (child.exitCode === null) {
		log('n8n did not report ready within 120 s; still waiting (see its log above)');
	}
}

main().catch((error) => fail(error.stack ?? String(error)));
