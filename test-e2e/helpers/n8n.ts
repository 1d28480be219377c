/**
 * Boots a real n8n 2.40 (the one `npm start` runs, installed by
 * scripts/runtime.mjs) with this pack installed the way Community Nodes installs
 * it, and talks to it over its REST API like the editor does.
 *
 *   const n8n = await startN8n();                 // regular mode, SQLite, fresh folder
 *   const api = n8n.client();
 *   await api.setupOwner();
 *   const wf = await api.createWorkflow({ name, nodes, connections });
 *   await api.activate(wf.id);
 *   await fetch(n8n.webhookUrl('smoke'), { method: 'POST', ... });
 *   const [execution] = await api.waitForExecutions(wf.id, 1);
 *   const full = await api.getExecution(execution.id);   // data unflattened
 *   await n8n.stop();
 *
 * Every instance gets its own temporary N8N_USER_FOLDER, free ports on 127.0.0.1
 * and a log file under .e2e/logs/ (kept after the test; printed path on failure).
 * The pack must be built first (`npm run build`; `npm run test:e2e` does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureMigratedSqlite, ensureRuntime, installPack, offlineN8nEnv, PACKAGE_NAME, REPO_ROOT, runtimeDir } from '../../scripts/runtime.mjs';

export { PACKAGE_NAME };

export type N8nMode = 'regular' | 'queue-main' | 'queue-worker' | 'queue-webhook';

export interface StartN8nOptions {
	mode?: N8nMode;
	/** Extra environment for n8n (wins over the defaults set here). */
	env?: Record<string, string>;
	/** HTTP port (worker: its health-check port). Default: a free one. */
	port?: number;
	/** Reuse a folder (e.g. to restart an instance on the same database). Default: a fresh temp folder. */
	userFolder?: string;
	/** Install the pack into the user folder (default true). */
	withPack?: boolean;
	/**
	 * SQLite only: start from a copy of an already-migrated database instead of
	 * running n8n's migrations (saves several seconds per boot). Default true.
	 */
	premigrated?: boolean;
	/** Log file name prefix under .e2e/logs/. */
	name?: string;
	readyTimeoutMs?: number;
}

export interface N8nInstance {
	mode: N8nMode;
	port: number;
	/** http://127.0.0.1:<port> (no trailing slash) */
	baseUrl: string;
	userFolder: string;
	logFile: string;
	encryptionKey: string;
	process: ChildProcess;
	/** Production webhook URL: `<baseUrl>/webhook/<path>`. */
	webhookUrl(webhookPath: string): string;
	/** Test webhook URL (editor "Listen for test event"): `<baseUrl>/webhook-test/<path>`. */
	testWebhookUrl(webhookPath: string): string;
	/** Everything n8n printed so far. */
	logs(): string;
	/** A REST client for this instance (main / regular processes only). */
	client(): N8nClient;
	/** SIGTERM, wait for a clean exit (SIGKILL after 20 s); removes the temp folder it created. */
	stop(): Promise<void>;
	/**
	 * Stops this process and starts a new one on the same user folder, database,
	 * port and encryption key (e.g. to check that state survives a restart). Use
	 * the returned instance from then on; after a restart, published workflows are
	 * re-activated in the background: `client.waitForPublication(id)`.
	 */
	restart(): Promise<N8nInstance>;
}

const LOG_DIR = path.join(REPO_ROOT, '.e2e', 'logs');

// n8n processes still running when the test process exits (a crash, a forgotten
// stop()) are killed rather than left behind holding ports.
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of liveChildren) child.kill('SIGKILL');
});

/** Registers a child process to be killed if the test process exits while it runs. */
export function killOnExit(child: ChildProcess): void {
	liveChildren.add(child);
	child.once('exit', () => liveChildren.delete(child));
}

/** A TCP port nobody listens on right now (asked from the kernel). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function commandFor(mode: N8nMode): string {
	switch (mode) {
		case 'queue-worker':
			return 'worker';
		case 'queue-webhook':
			return 'webhook';
		default:
			return 'start';
	}
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number, logs: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logs())}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await sleep(200);
	}
	throw new Error(`n8n was not ready at ${url} after ${timeoutMs} ms:\n${tail(logs())}`);
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts one n8n process and waits until it is ready. */
export async function startN8n(options: StartN8nOptions = {}, internal: { ownsFolder?: boolean } = {}): Promise<N8nInstance> {
	const mode = options.mode ?? 'regular';
	const runtime = await ensureRuntime();
	const port = options.port ?? (await freePort());
	const ownsFolder = internal.ownsFolder ?? !options.userFolder;
	const userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
	if (options.withPack !== false) installPack(userFolder);
	const usesSqlite = !options.env?.DB_TYPE || options.env.DB_TYPE === 'sqlite';
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	if (usesSqlite && options.premigrated !== false && !existsSync(database)) {
		mkdirSync(path.dirname(database), { recursive: true });
		copyFileSync(await ensureMigratedSqlite(), database);
	}
	mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, `${options.name ?? 'n8n'}-${mode}-${port}-${Date.now()}.log`);
	const baseUrl = `http://127.0.0.1:${port}`;
	const encryptionKey = options.env?.N8N_ENCRYPTION_KEY ?? randomBytes(24).toString('base64url');

	const env: NodeJS.ProcessEnv = {
		...runtime.env,
		...offlineN8nEnv(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// The worker has no HTTP server unless asked; its health check tells us it is up.
		...(mode === 'queue-worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
			: {}),
		...(mode.startsWith('queue-') ? { EXECUTIONS_MODE: 'queue' } : {}),
		...options.env,
	};
	// The test process's own N8N_USER_FOLDER (test/setup.ts) must not leak in.
	env.N8N_USER_FOLDER = userFolder;

	const log = createWriteStream(logFile);
	let output = '';
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, commandFor(mode)], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			log.write(chunk);
		});
	}
	killOnExit(child);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const logs = () => output;

	const stopProcess = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
		}
		await new Promise<void>((resolve) => log.end(resolve));
	};
	const stop = async () => {
		await stopProcess();
		if (ownsFolder) rmSync(userFolder, { recursive: true, force: true });
	};
	const restart = async () => {
		await stopProcess();
		return await startN8n(
			{ ...options, port, userFolder, withPack: false, env: { ...options.env, N8N_ENCRYPTION_KEY: encryptionKey } },
			{ ownsFolder },
		);
	};

	const readyUrl = mode === 'queue-worker' ? `${baseUrl}/healthz` : `${baseUrl}/healthz/readiness`;
	try {
		await waitForReady(readyUrl, child, options.readyTimeoutMs ?? 90_000, logs);
	} catch (error) {
		await stop();
		throw new Error(`${(error as Error).message}\n(full log: ${logFile})`);
	}

	return {
		mode,
		port,
		baseUrl,
		userFolder,
		logFile,
		encryptionKey,
		process: child,
		webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`,
		testWebhookUrl: (webhookPath) => `${baseUrl}/webhook-test/${webhookPath.replace(/^\//, '')}`,
		logs,
		client: () => new N8nClient(baseUrl),
		stop,
		restart,
	};
}

// ---------------------------------------------------------------------------
// REST client (the editor's internal API under /rest; answers are { data }).

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	// n8n's rule: 8-64 characters, a number and an uppercase letter.
	password: 'E2e-Owner-Passw0rd',
};

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface SavedWorkflow extends WorkflowJson {
	id: string;
	versionId: string;
	active: boolean;
	activeVersionId?: string | null;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	[key: string]: unknown;
}

/** n8n's IRunExecutionData, loosely typed: what tests read from it. */
export interface RunData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
		error?: { message?: string; [key: string]: unknown };
		lastNodeExecuted?: string;
	};
	[key: string]: unknown;
}

export interface ExecutionDetails extends ExecutionSummary {
	data: RunData;
	workflowData: WorkflowJson;
}

export class N8nRequestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(message);
	}
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export class ActivationError extends Error {
	constructor(
		message: string,
		readonly publication: PublicationStatus,
	) {
		super(message);
	}
}

/** n8n sends execution data as `flatted` text; its own copy of flatted turns it back. */
export function unflatten(text: string): unknown {
	const requireFromN8n = createRequire(path.join(runtimeDir(), 'n8n', 'node_modules', 'n8n', 'package.json'));
	const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
	return flatted.parse(text);
}

export class N8nClient {
	private cookie = '';
	// n8n binds the auth cookie to this header's value; every request sends the same one.
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON: keep the text
		}
		if (!response.ok) {
			throw new N8nRequestError(`${method} /rest${route} → ${response.status}: ${text.slice(0, 500)}`, response.status, parsed);
		}
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: T }).data : parsed) as T;
	}

	/** Creates the instance owner (first start only) and logs in as them. */
	async setupOwner(owner = DEFAULT_OWNER) {
		return await this.request<{ id: string; email: string }>('POST', '/owner/setup', owner);
	}

	async login(email = DEFAULT_OWNER.email, password = DEFAULT_OWNER.password) {
		return await this.request<{ id: string; email: string }>('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** `type` is the credential type name, e.g. 'hiboutikCallbackApi'; `data` its fields. */
	async createCredential(type: string, name: string, data: Record<string, unknown>) {
		return await this.request<{ id: string; name: string; type: string }>('POST', '/credentials', { type, name, data });
	}

	async createWorkflow(workflow: WorkflowJson): Promise<SavedWorkflow> {
		return await this.request<SavedWorkflow>('POST', '/workflows', {
			settings: { executionOrder: 'v1' },
			...workflow,
		});
	}

	async getWorkflow(id: string): Promise<SavedWorkflow> {
		return await this.request<SavedWorkflow>('GET', `/workflows/${id}`);
	}

	/**
	 * Publishes (activates) a version of the workflow (default: its current one)
	 * and waits until n8n has applied it. n8n 2.40 applies publications
	 * asynchronously (an outbox drained in the background), so the production
	 * webhooks are live only once this returns. Throws, with each failing
	 * trigger's error, when a trigger could not be activated (e.g. its `create`
	 * webhook method refused the configuration).
	 */
	async activate(id: string, versionId?: string, options: { timeoutMs?: number } = {}): Promise<SavedWorkflow> {
		const version = versionId ?? (await this.getWorkflow(id)).versionId;
		const saved = await this.request<SavedWorkflow>('POST', `/workflows/${id}/activate`, { versionId: version });
		await this.waitForPublication(id, options.timeoutMs);
		return saved;
	}

	/**
	 * Waits until n8n has finished (re)activating the workflow's published version,
	 * e.g. after `activate()` or after a restart; throws with each failing
	 * trigger's error when a trigger could not be activated.
	 */
	async waitForPublication(id: string, timeoutMs = 30_000): Promise<PublicationStatus> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const [status, workflow] = await Promise.all([this.publicationStatus(id), this.getWorkflow(id)]);
			const settled =
				status.status !== 'in_progress' &&
				!status.pendingVersionId &&
				(!workflow.activeVersionId || status.triggers.length > 0 || status.status === 'not_published');
			const current = !workflow.activeVersionId || status.liveVersionId === workflow.activeVersionId || status.status === 'failed';
			if (settled && current) {
				if (status.status === 'failed' || status.status === 'partial') {
					const errors = status.triggers.filter((t) => t.status === 'failed').map((t) => `node ${t.nodeId}: ${t.errorMessage}`);
					throw new ActivationError(`workflow ${id} could not be published (${status.status}): ${errors.join('; ')}`, status);
				}
				return status;
			}
			if (Date.now() > deadline) throw new ActivationError(`workflow ${id}: publication still ${status.status} after ${timeoutMs} ms`, status);
			await sleep(150);
		}
	}

	/** Where n8n is with publishing the workflow: per trigger node, activated or failed (with the error). */
	async publicationStatus(id: string): Promise<PublicationStatus> {
		return await this.request<PublicationStatus>('GET', `/workflows/${id}/publication-status`);
	}

	async deactivate(id: string): Promise<SavedWorkflow> {
		return await this.request<SavedWorkflow>('POST', `/workflows/${id}/deactivate`, {});
	}

	/** Node type descriptions the editor gets (every loaded node, with its package prefix). */
	async nodeTypes(): Promise<Array<{ name: string; displayName: string; version: number | number[] }>> {
		const response = await fetch(`${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		if (!response.ok) throw new N8nRequestError(`GET /types/nodes.json → ${response.status}`, response.status, await response.text());
		return (await response.json()) as Array<{ name: string; displayName: string; version: number | number[] }>;
	}

	async credentialTypes(): Promise<Array<{ name: string; displayName: string }>> {
		const response = await fetch(`${this.baseUrl}/types/credentials.json`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		if (!response.ok) throw new N8nRequestError(`GET /types/credentials.json → ${response.status}`, response.status, await response.text());
		return (await response.json()) as Array<{ name: string; displayName: string }>;
	}

	/** Latest executions first (up to 100). */
	async listExecutions(workflowId?: string): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ limit: '100' });
		if (workflowId) query.set('filter', JSON.stringify({ workflowId }));
		const page = await this.request<{ results: ExecutionSummary[] }>('GET', `/executions?${query}`);
		return page.results;
	}

	/** One execution with its full run data (n8n sends it flattened; this unflattens it). */
	async getExecution(id: string): Promise<ExecutionDetails> {
		const execution = await this.request<ExecutionSummary & { data: string | RunData; workflowData: WorkflowJson }>(
			'GET',
			`/executions/${id}`,
		);
		const data = typeof execution.data === 'string' ? (unflatten(execution.data) as RunData) : execution.data;
		return { ...execution, data };
	}

	/**
	 * Waits until the workflow has at least `count` finished executions (any status
	 * but new/running/waiting); returns them, oldest first.
	 */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 15_000): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		let done: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			const all = await this.listExecutions(workflowId);
			done = all.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (done.length >= count) return done.sort((a, b) => Number(a.id) - Number(b.id));
			await sleep(200);
		}
		throw new Error(`workflow ${workflowId}: ${done.length} finished execution(s) after ${timeoutMs} ms, expected ${count}`);
	}

	/** The JSON of the items a node output in an execution (first run, main output `output`). */
	static nodeOutput(execution: ExecutionDetails, nodeName: string, output = 0): Array<Record<string, unknown>> {
		const runs = execution.data.resultData.runData[nodeName];
		if (!runs?.length) throw new Error(`node "${nodeName}" did not run in execution ${execution.id}`);
		return (runs[0].data?.main?.[output] ?? []).map((item) => item.json);
	}
}

/** Removes log files older than a day so .e2e/logs does not grow forever. */
export function pruneOldLogs(): void {
	if (!existsSync(LOG_DIR)) return;
	const dayAgo = Date.now() - 24 * 3600 * 1000;
	for (const file of readdirSync(LOG_DIR)) {
		const match = /-(\d{13})\.log$/.exec(file);
		if (match && Number(match[1]) < dayAgo) rmSync(path.join(LOG_DIR, file), { force: true });
	}
}

/** Reads a log file (e.g. to print it when a test fails). */
export function readLog(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
