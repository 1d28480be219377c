/**
 * Throwaway PostgreSQL and Redis servers on 127.0.0.1 for n8n's queue mode
 * (main + worker + webhook processes sharing one database and one Bull queue),
 * and `startQueueStack()` that boots the whole trio with our pack loaded.
 *
 * Needs Debian's `postgresql` and `redis-server` packages (the binaries only:
 * nothing is started as a system service). `.ci/run` must install them:
 *   apt-get install -y postgresql redis-server
 * Tests call `queueModeAvailable()` and skip with its reason when they are absent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, killOnExit, sleep, startN8n, type N8nInstance, type StartN8nOptions } from './n8n';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

function findBinary(name: string): string | undefined {
	const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
	if (onPath) return onPath;
	// Debian keeps PostgreSQL's server programs out of PATH.
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	for (const version of readdirSync(root).sort().reverse()) {
		const candidate = path.join(root, version, 'bin', name);
		if (existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Why queue mode cannot run here, or undefined when it can. */
export function queueModeAvailable(): string | undefined {
	const missing = ['initdb', 'postgres', 'redis-server'].filter((name) => !findBinary(name));
	if (missing.length) return `missing ${missing.join(', ')} (apt-get install postgresql redis-server)`;
	return undefined;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before listening on ${port}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await sleep(100);
	}
	throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess, cleanup: () => void, signal: NodeJS.Signals = 'SIGTERM') {
	return async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		cleanup();
	};
}

export async function startRedis(): Promise<Service> {
	const binary = findBinary('redis-server');
	if (!binary) throw new Error('redis-server not found (apt-get install redis-server)');
	const port = await freePort();
	const dir = mkdtempSync(path.join(tmpdir(), 'redis-e2e-'));
	let output = '';
	const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	killOnExit(child);
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	try {
		await waitForPort(port, child, 10_000, 'redis-server');
	} catch (error) {
		child.kill('SIGKILL');
		throw new Error(`${(error as Error).message}\n${output}`);
	}
	return { port, stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })) };
}

export interface Postgres extends Service {
	database: string;
	user: string;
	/** n8n's DB_* settings for this server. */
	n8nEnv: Record<string, string>;
}

/**
 * A fresh PostgreSQL cluster in a temp folder (initdb, trust auth, no fsync),
 * listening on 127.0.0.1 only. As root, PostgreSQL refuses to run, so the
 * cluster belongs to the `postgres` system user the Debian package creates.
 */
export async function startPostgres(database = 'n8n'): Promise<Postgres> {
	const initdb = findBinary('initdb');
	const postgres = findBinary('postgres');
	if (!initdb || !postgres) throw new Error('PostgreSQL server programs not found (apt-get install postgresql)');
	const port = await freePort();
	const dir = mkdtempSync(path.join(tmpdir(), 'pg-e2e-'));
	// PostgreSQL refuses to run as root: as root, run its programs as `postgres`.
	const owner = process.getuid?.() === 0 ? postgresUser() : {};
	if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dir, owner.uid, owner.gid);
	const data = path.join(dir, 'data');
	const initResult = spawnSync(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
		encoding: 'utf8',
		...owner,
	});
	if (initResult.status !== 0) throw new Error(`initdb failed:\n${initResult.stdout}${initResult.stderr}`);

	const args = [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	];
	let output = '';
	const child = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'], ...owner });
	killOnExit(child);
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const cleanup = () => rmSync(dir, { recursive: true, force: true });
	try {
		await waitForPort(port, child, 20_000, 'postgres');
		await createDatabase(port, dir, database, owner);
	} catch (error) {
		child.kill('SIGKILL');
		cleanup();
		throw new Error(`${(error as Error).message}\n${output}`);
	}
	return {
		port,
		database,
		user: 'postgres',
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		},
		// SIGINT = PostgreSQL's "fast" shutdown.
		stop: stopper(child, cleanup, 'SIGINT'),
	};
}

/** uid/gid of the `postgres` user the Debian package creates. */
function postgresUser(): { uid?: number; gid?: number } {
	const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (uid.status !== 0) throw new Error('running as root but there is no `postgres` user to own the cluster');
	return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

async function createDatabase(port: number, socketDir: string, database: string, owner: { uid?: number; gid?: number }): Promise<void> {
	const postgres = findBinary('postgres');
	const createdb = findBinary('createdb') ?? (postgres && path.join(path.dirname(postgres), 'createdb'));
	if (!createdb || !existsSync(createdb)) throw new Error('createdb not found (apt-get install postgresql-client)');
	const deadline = Date.now() + 15_000;
	for (;;) {
		const result = spawnSync(createdb, ['-h', socketDir, '-p', String(port), '-U', 'postgres', database], { encoding: 'utf8', ...owner });
		if (result.status === 0) return;
		// "the database system is starting up": retry briefly.
		if (Date.now() > deadline) throw new Error(`createdb failed:\n${result.stdout}${result.stderr}`);
		await sleep(200);
	}
}

export interface QueueStack {
	postgres: Postgres;
	redis: Service;
	main: N8nInstance;
	worker: N8nInstance;
	webhook: N8nInstance;
	/** Shared by all three processes (credentials are encrypted with it). */
	encryptionKey: string;
	stop(): Promise<void>;
}

/**
 * Boots n8n in queue mode: PostgreSQL + Redis, a main process (editor + REST API,
 * registers webhooks), a worker (runs executions) and a webhook process (receives
 * production webhook calls and enqueues them). Each process has its own user
 * folder with the pack installed; they share the database, the queue and the
 * encryption key. Send production webhook calls to `stack.webhook.webhookUrl()`.
 */
export async function startQueueStack(options: { env?: Record<string, string> } = {}): Promise<QueueStack> {
	const services: Service[] = [];
	const processes: N8nInstance[] = [];
	// n8n processes first (all at once), then the servers they use.
	const stopAll = async () => {
		await Promise.all(processes.map((instance) => instance.stop().catch(() => undefined)));
		await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
	};
	try {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		services.push(postgres, redis);
		const encryptionKey = randomBytes(24).toString('base64url');
		const env: Record<string, string> = {
			...postgres.n8nEnv,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: encryptionKey,
			...options.env,
		};
		const boot = async (mode: StartN8nOptions['mode']) => {
			const instance = await startN8n({ mode, env, name: 'queue' });
			processes.push(instance);
			return instance;
		};
		// The main process runs the database migrations; the others start after it.
		const main = await boot('queue-main');
		const [worker, webhook] = await Promise.all([boot('queue-worker'), boot('queue-webhook')]);
		return { postgres, redis, main, worker, webhook, encryptionKey, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}
