/**
 * `npm run bench`: our nodes inside a real n8n against what a user builds
 * instead from n8n's generic nodes (issue #5). Prints a table of ratios
 * (ours / generic) and writes it into docs/BENCHMARKS.md.
 *
 *   node --import tsx bench/run.ts              default run (3 rounds each; 17 min on 2 shared vCPUs)
 *   node --import tsx bench/run.ts --quick      smoke run (1 round, short loads, 1,000 items; 2 to 4 min)
 *
 * Options: --rounds N, --duration SECONDS (trigger load per round), --warmup SECONDS,
 * --connections N, --items N (action items), --only triggers,actions,micro,
 * --no-lazy (skip section 1b: the triggers again with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true),
 * --n8n-env KEY=VALUE (repeatable; extra environment for every n8n started, e.g.
 * N8N_EXPRESSION_ENGINE=legacy), --doc / --no-doc (write docs/BENCHMARKS.md;
 * default: yes, except with --quick or --n8n-env).
 * Raw results go to bench/results/<date>.json (not committed);
 * `--report bench/results/<date>.json` rewrites docs/BENCHMARKS.md from one.
 *
 * Everything runs on 127.0.0.1: n8n, the local vendor servers of the tests
 * (test/vendors/*), and the load generator (autocannon).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import path from 'node:path';
import { ensureRuntime, N8N_VERSION } from '../scripts/runtime.mjs';
import { startN8n } from '../test-e2e/helpers/n8n';
import { SECRETS } from '../test-e2e/helpers/vendors';
import { startJustClickServer } from '../test/vendors/justclickServer';
import { startSpreadServer } from '../test/vendors/spreadServer';
import { runActionBench, setupActions, type BenchInstance, type VendorServers } from './actions';
import { runMicroBench } from './micro';
import { billIds } from './payloads';
import { snapshot } from './proc';
import { LAZY_ISOLATES_ENV, renderConsole, renderMarkdown, summarize, writeResultsBlock, type RawResults, type TriggerSection } from './report';
import { loadAverage } from './stats';
import { runTriggerBench, setupTriggers, verifyTriggers } from './triggers';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTIONS = ['triggers', 'actions', 'micro'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
	quick: boolean;
	rounds: number;
	durationSec: number;
	warmupSec: number;
	connections: number;
	items: number;
	only: Set<Section>;
	n8nEnv: Record<string, string>;
	/** also run section 1 in an n8n with LAZY_ISOLATES_ENV (section 1b) */
	lazyTriggers: boolean;
	writeDoc: boolean;
}

function parseArgs(argv: string[]): Options {
	const quick = argv.includes('--quick');
	const value = (name: string): string | undefined => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const number = (name: string, fallback: number) => {
		const raw = value(name);
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
		return n;
	};
	const only = value('--only');
	const n8nEnv: Record<string, string> = {};
	argv.forEach((arg, i) => {
		if (arg !== '--n8n-env') return;
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(argv[i + 1] ?? '');
		if (!match) throw new Error(`--n8n-env takes KEY=VALUE, got "${argv[i + 1] ?? ''}"`);
		n8nEnv[match[1]] = match[2];
	});
	const sections = new Set<Section>(
		only === undefined
			? SECTIONS
			: only.split(',').map((s) => {
					if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only takes ${SECTIONS.join(',')}, got "${s}"`);
					return s as Section;
				}),
	);
	return {
		quick,
		rounds: number('--rounds', quick ? 1 : 3),
		durationSec: number('--duration', quick ? 3 : 6),
		warmupSec: number('--warmup', quick ? 1 : 2),
		connections: number('--connections', 20),
		items: number('--items', quick ? 1000 : 10_000),
		only: sections,
		n8nEnv,
		lazyTriggers: !argv.includes('--no-lazy') && Object.keys(n8nEnv).length === 0,
		writeDoc: argv.includes('--doc') || (!quick && Object.keys(n8nEnv).length === 0 && !argv.includes('--no-doc')),
	};
}

const started = Date.now();
const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** A fresh n8n with its owner set up; `withPack: false` is an n8n without this pack (the generic side). */
async function boot(name: string, withPack: boolean, options: Options, extraEnv: Record<string, string> = {}): Promise<BenchInstance> {
	const n8n = await startN8n({
		name: `bench-${name}`,
		withPack,
		// No pruning of old executions in the middle of a measurement.
		env: { EXECUTIONS_DATA_PRUNE: 'false', ...options.n8nEnv, ...extraEnv },
	});
	const api = n8n.client();
	await api.setupOwner();
	return { n8n, api };
}

async function triggerSection(options: Options, title: string, extraEnv: Record<string, string> = {}): Promise<TriggerSection> {
	log(`${title} — starting n8n with the pack`);
	const instance = await boot('triggers', true, options, extraEnv);
	try {
		const targets = await setupTriggers(instance.n8n, instance.api);
		const checks = await verifyTriggers(instance.api, targets);
		log(`  ${targets.length} workflows published and checked (each output holds the parsed payload)`);
		const results = await runTriggerBench(instance.api, targets, { ...options, pid: instance.n8n.process.pid!, log });
		return {
			checks,
			runs: targets.map((t) => ({ vendor: t.vendor, variant: t.variant, flow: t.flow, rounds: results.get(t) ?? [] })),
		};
	} catch (error) {
		console.error(`n8n log: ${instance.n8n.logFile}`);
		throw error;
	} finally {
		await instance.n8n.stop();
	}
}

async function actionSection(options: Options, raw: RawResults) {
	log('section 2: actions — starting the vendor servers, an n8n with the pack and one without');
	const [justClick, spread] = await Promise.all([
		startJustClickServer({ userId: SECRETS.justClickUser, apiKey: SECRETS.justClickKey, bills: billIds(Math.max(options.items, 200)) }),
		startSpreadServer({ publicKey: SECRETS.spreadPublic, privateKey: SECRETS.spreadPrivate }),
	]);
	const servers: VendorServers = { justClick, spread };
	const [ours, generic] = await Promise.all([boot('actions-ours', true, options), boot('actions-generic', false, options)]);
	try {
		const targets = await setupActions(ours, generic, servers);
		const idle = { ours: snapshot(ours.n8n.process.pid!), generic: snapshot(generic.n8n.process.pid!) };
		const results = await runActionBench(targets, servers, { rounds: options.rounds, items: options.items, log });
		const firstBody = (vendor: string, variant: string) =>
			results.get(targets.find((t) => t.vendor === vendor && t.variant === variant)!)?.[0]?.firstBody;
		raw.actions = {
			idle,
			sameBytes: {
				justclick: firstBody('justclick', 'ours') === firstBody('justclick', 'generic'),
				spread: firstBody('spread', 'ours') === firstBody('spread', 'generic'),
			},
			runs: targets.map((t) => ({
				vendor: t.vendor,
				variant: t.variant,
				flow: t.flow,
				rounds: (results.get(t) ?? []).map(({ firstBody: _body, ...round }) => round),
			})),
		};
		for (const [vendor, same] of Object.entries(raw.actions.sameBytes)) {
			if (!same) {
				log(`  WARNING: ${vendor}: ours and generic did not send the same first body:`);
				log(`    ours:    ${firstBody(vendor, 'ours')}`);
				log(`    generic: ${firstBody(vendor, 'generic')}`);
			}
		}
	} catch (error) {
		console.error(`n8n logs: ${ours.n8n.logFile} ${generic.n8n.logFile}`);
		throw error;
	} finally {
		await Promise.all([ours.n8n.stop(), generic.n8n.stop()]);
		await Promise.all([justClick.close(), spread.close()]);
	}
}

function skeleton(): string {
	return `# Benchmarks\n\nHow to run: \`npm run bench\` (see bench/run.ts).\n`;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const runtime = await ensureRuntime();
	const argv = process.argv.slice(2).join(' ');
	const raw: RawResults = {
		date: new Date().toISOString(),
		command: `npm run bench${argv ? ` -- ${argv}` : ''}`,
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
			memoryGiB: totalmem() / 2 ** 30,
			kernel: release(),
			loadAverageStart: loadAverage(),
			loadAverageEnd: 0,
		},
		benchNode: process.version,
		n8nNode: runtime.nodeVersion,
		n8nVersion: N8N_VERSION,
		options: {
			quick: options.quick,
			rounds: options.rounds,
			durationSec: options.durationSec,
			warmupSec: options.warmupSec,
			connections: options.connections,
			items: options.items,
			n8nEnv: options.n8nEnv,
		},
		durationSec: 0,
	};
	log(
		`${options.quick ? 'quick' : 'default'} run: ${options.rounds} round(s), triggers ${options.durationSec} s × ${options.connections} connections, actions ${options.items} items; load average ${raw.machine.loadAverageStart}`,
	);
	if (options.only.has('triggers')) {
		raw.triggers = await triggerSection(options, 'section 1: triggers');
		if (options.lazyTriggers) {
			// One round fewer: this setting is a check of where the time goes, not the headline.
			const lazyOptions = { ...options, rounds: Math.max(1, options.rounds - 1) };
			raw.triggersLazy = await triggerSection(lazyOptions, 'section 1b: triggers, lazy expression isolates', LAZY_ISOLATES_ENV);
		}
	}
	if (options.only.has('actions')) await actionSection(options, raw);
	if (options.only.has('micro')) {
		log('section 3: our own code per call (Node of n8n, child process)');
		raw.micro = await runMicroBench(runtime.nodeBin, options.quick);
	}
	raw.machine.loadAverageEnd = loadAverage();
	raw.durationSec = (Date.now() - started) / 1000;

	const summary = summarize(raw);
	console.log(`\n${renderConsole(summary)}\n`);
	const resultsDir = path.join(ROOT, 'bench', 'results');
	mkdirSync(resultsDir, { recursive: true });
	const resultsFile = path.join(resultsDir, `${raw.date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(resultsFile, `${JSON.stringify(raw, null, 2)}\n`);
	log(`raw results: ${path.relative(ROOT, resultsFile)}`);
	if (options.writeDoc) {
		writeResultsBlock(DOC, renderMarkdown(summary), skeleton);
		log(`results written into ${path.relative(ROOT, DOC)}`);
	}
	const missed = summary.verdicts.filter((v) => !v.met);
	log(`${summary.verdicts.length - missed.length} of ${summary.verdicts.length} targets met`);
}

/** Rewrites docs/BENCHMARKS.md from a saved raw results file: `--report bench/results/<file>.json`. */
function reportOnly(file: string) {
	const summary = summarize(JSON.parse(readFileSync(file, 'utf8')) as RawResults);
	console.log(renderConsole(summary));
	writeResultsBlock(DOC, renderMarkdown(summary), skeleton);
}

const reportIndex = process.argv.indexOf('--report');
if (reportIndex >= 0) {
	reportOnly(process.argv[reportIndex + 1]);
} else {
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
