/**
 * Turns the measurements into medians, ratios (ours / generic) and target
 * verdicts, prints them, and writes them into docs/BENCHMARKS.md between two
 * markers, leaving the hand-written discussion around them untouched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ActionRound, ActionVendor, ActionVariant } from './actions';
import type { MicroResult } from './micro';
import type { MemorySnapshot } from './proc';
import { fmt, fmtRatio, median, ratio } from './stats';
import type { TriggerCheck, TriggerRound, TriggerVariant, TriggerVendor } from './triggers';

export interface Machine {
	cpus: number;
	cpuModel: string;
	memoryGiB: number;
	kernel: string;
	loadAverageStart: number;
	loadAverageEnd: number;
}

export interface RawResults {
	date: string;
	command: string;
	machine: Machine;
	benchNode: string;
	n8nNode: string;
	n8nVersion: string;
	options: {
		quick: boolean;
		rounds: number;
		durationSec: number;
		warmupSec: number;
		connections: number;
		items: number;
		n8nEnv?: Record<string, string>;
	};
	durationSec: number;
	triggers?: TriggerSection;
	/** section 1 again, in an n8n that takes expression isolates only when needed (LAZY_ISOLATES_ENV) */
	triggersLazy?: TriggerSection;
	actions?: {
		idle: { ours: MemorySnapshot; generic: MemorySnapshot };
		sameBytes: Record<ActionVendor, boolean>;
		runs: Array<{ vendor: ActionVendor; variant: ActionVariant; flow: string; rounds: Array<Omit<ActionRound, 'firstBody'>> }>;
	};
	micro?: { node: string; results: MicroResult[] };
}

export interface TriggerSection {
	checks: TriggerCheck[];
	runs: Array<{ vendor: TriggerVendor; variant: TriggerVariant; flow: string; rounds: TriggerRound[] }>;
}

/** n8n's own setting for taking an expression isolate only when an expression is evaluated. */
export const LAZY_ISOLATES_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } as const;

export interface Verdict {
	section: 1 | 2 | 3;
	subject: string;
	target: string;
	measured: string;
	met: boolean;
	/** how far from the target, in the target's own terms */
	margin: string;
}

interface TriggerSummary {
	vendor: TriggerVendor;
	variant: TriggerVariant;
	flow: string;
	requestsPerSec: number;
	p50Ms: number;
	p99Ms: number;
	sustainedPerSec: number;
	cpuMsPerExecution: number;
	drainSec: number;
	failures: number;
	rounds: number;
}

interface ActionSummary {
	vendor: ActionVendor;
	variant: ActionVariant;
	flow: string;
	items: number;
	itemsPerSec: number;
	nodeItemsPerSec: number;
	wallSec: number;
	peakMainMiB: number;
	peakTotalMiB: number;
	/** n8n CPU (main + task runner) per item, µs */
	cpuMicrosPerItem: number;
	rounds: number;
}

export interface Summary {
	raw: RawResults;
	triggers: TriggerSummary[];
	triggersLazy: TriggerSummary[];
	actions: ActionSummary[];
	micro: Array<MicroResult & { n8nMicros?: number; share?: number }>;
	verdicts: Verdict[];
}

function summarizeTriggers(section: TriggerSection | undefined): TriggerSummary[] {
	return (section?.runs ?? []).map(({ vendor, variant, flow, rounds }) => ({
		vendor,
		variant,
		flow,
		requestsPerSec: median(rounds.map((r) => r.requestsPerSec)),
		p50Ms: median(rounds.map((r) => r.p50Ms)),
		p99Ms: median(rounds.map((r) => r.p99Ms)),
		sustainedPerSec: median(rounds.map((r) => r.sustainedPerSec)),
		cpuMsPerExecution: median(rounds.map((r) => r.cpuMsPerExecution)),
		drainSec: median(rounds.map((r) => r.drainMs / 1000)),
		failures: rounds.reduce((sum, r) => sum + r.failures, 0),
		rounds: rounds.length,
	}));
}

function summarizeActions(raw: RawResults): ActionSummary[] {
	return (raw.actions?.runs ?? []).map(({ vendor, variant, flow, rounds }) => ({
		vendor,
		variant,
		flow,
		items: rounds[0]?.items ?? 0,
		itemsPerSec: median(rounds.map((r) => r.itemsPerSec)),
		nodeItemsPerSec: median(rounds.map((r) => r.nodeItemsPerSec)),
		wallSec: median(rounds.map((r) => r.wallMs / 1000)),
		peakMainMiB: median(rounds.map((r) => r.memory.peak.mainMiB)),
		peakTotalMiB: median(rounds.map((r) => r.memory.peak.totalMiB)),
		cpuMicrosPerItem: median(rounds.map((r) => (r.cpuSec * 1e6) / r.items)),
		rounds: rounds.length,
	}));
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const signedPct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)} %`;

/** A "ratio ≥ minimum" verdict, with the margin as a relative distance to the minimum. */
function atLeast(section: 1 | 2, subject: string, target: string, value: number, minimum: number): Verdict {
	return {
		section,
		subject,
		target,
		measured: fmtRatio(value),
		met: value >= minimum,
		margin: Number.isFinite(value) ? `${signedPct(value / minimum - 1)} vs target` : 'not measured',
	};
}

export function summarize(raw: RawResults): Summary {
	const triggers = summarizeTriggers(raw.triggers);
	const triggersLazy = summarizeTriggers(raw.triggersLazy);
	const actions = summarizeActions(raw);
	const verdicts: Verdict[] = [];
	const trigger = (vendor: string, variant: string) => triggers.find((t) => t.vendor === vendor && t.variant === variant);
	const action = (vendor: string, variant: string) => actions.find((a) => a.vendor === vendor && a.variant === variant);

	const triggerVerdicts = (set: TriggerSummary[], setting: string) => {
		const find = (vendor: string, variant: string) => set.find((t) => t.vendor === vendor && t.variant === variant);
		for (const vendor of new Set(set.map((t) => t.vendor))) {
			const ours = find(vendor, 'ours')!;
			const bare = find(vendor, 'bare');
			const generic = find(vendor, 'generic');
			const subject = `${vendor} trigger${setting}`;
			if (bare) verdicts.push(atLeast(1, subject, '≥ 0.95 × bare Webhook req/s', ratio(ours.requestsPerSec, bare.requestsPerSec), 0.95));
			if (generic) verdicts.push(atLeast(1, subject, '≥ 1.0 × generic chain req/s', ratio(ours.requestsPerSec, generic.requestsPerSec), 1));
		}
	};
	triggerVerdicts(triggers, '');
	triggerVerdicts(triggersLazy, ', lazy isolates');
	for (const vendor of new Set(actions.map((a) => a.vendor))) {
		const ours = action(vendor, 'ours')!;
		const generic = action(vendor, 'generic');
		if (!generic) continue;
		verdicts.push(atLeast(2, `${vendor} node`, '≥ 1.5 × generic chain items/s', ratio(ours.itemsPerSec, generic.itemsPerSec), 1.5));
		const memory = ratio(ours.peakTotalMiB, generic.peakTotalMiB);
		verdicts.push({
			section: 2,
			subject: `${vendor} node`,
			target: 'lighter: peak RSS (n8n + task runner) ≤ generic',
			measured: fmtRatio(memory),
			met: memory <= 1,
			margin: `${fmt(ours.peakTotalMiB)} vs ${fmt(generic.peakTotalMiB)} MiB`,
		});
	}

	// Our code's share of what n8n spends per execution (triggers) or per item (actions):
	// the CPU time of n8n (main process + task runner) per execution or item with our node.
	const n8nMicrosFor = (key: string): number | undefined => {
		const base = key.split('.')[0];
		const t = trigger(base, 'ours');
		if (t) return t.cpuMsPerExecution * 1000;
		const a = action(base, 'ours');
		if (a) return a.cpuMicrosPerItem;
		return undefined;
	};
	const micro = (raw.micro?.results ?? []).map((m) => {
		const n8nMicros = n8nMicrosFor(m.key);
		return { ...m, n8nMicros, share: n8nMicros === undefined ? undefined : m.micros / n8nMicros };
	});
	for (const m of micro) {
		if (m.share === undefined || m.key.includes('.')) continue;
		verdicts.push({
			section: 3,
			subject: m.label,
			target: '≤ 5 % of n8n time per execution/item',
			measured: pct(m.share),
			met: m.share <= 0.05,
			margin: `${fmt(m.micros, 1)} µs of ${fmt(m.n8nMicros ?? Number.NaN, 0)} µs`,
		});
	}
	return { raw, triggers, triggersLazy, actions, micro, verdicts };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function table(headers: string[], rows: string[][], align: Array<'l' | 'r'>): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	const rule = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
	return [line(headers), rule, ...rows.map(line)].join('\n');
}

function triggerTables(s: Summary, triggers: TriggerSummary[]): string {
	if (triggers.length === 0) return '_Not run._';
	const o = s.raw.options;
	const rows = triggers.map((t) => [
		t.vendor,
		t.variant,
		t.flow,
		fmt(t.requestsPerSec),
		fmt(t.p50Ms, 1),
		fmt(t.p99Ms, 1),
		fmt(t.sustainedPerSec),
		fmt(t.drainSec, 1),
		fmt(t.cpuMsPerExecution, 2),
		String(t.failures),
	]);
	const detail = table(
		['trigger', 'variant', 'nodes', 'req/s', 'p50 ms', 'p99 ms', 'sustained exec/s', 'drain s', 'n8n CPU ms/exec', 'failures'],
		rows,
		['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
	);
	const ratios = [...new Set(triggers.map((t) => t.vendor))].map((vendor) => {
		const get = (variant: string) => triggers.find((t) => t.vendor === vendor && t.variant === variant);
		const ours = get('ours')!;
		const generic = get('generic');
		const bare = get('bare');
		return [
			vendor,
			fmtRatio(ratio(ours.requestsPerSec, bare?.requestsPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.requestsPerSec, generic?.requestsPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.sustainedPerSec, bare?.sustainedPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.sustainedPerSec, generic?.sustainedPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.p50Ms, generic?.p50Ms ?? Number.NaN)),
			fmtRatio(ratio(ours.p99Ms, generic?.p99Ms ?? Number.NaN)),
			fmtRatio(ratio(ours.cpuMsPerExecution, bare?.cpuMsPerExecution ?? Number.NaN)),
			fmtRatio(ratio(ours.cpuMsPerExecution, generic?.cpuMsPerExecution ?? Number.NaN)),
		];
	});
	return [
		`Medians of ${triggers[0].rounds} round(s) of ${o.durationSec} s at ${o.connections} connections per variant.`,
		'',
		detail,
		'',
		'Ratios, ours / other (throughput: higher is better for us; latency and CPU: lower is better for us):',
		'',
		table(
			[
				'trigger',
				'req/s vs bare',
				'req/s vs generic',
				'sustained vs bare',
				'sustained vs generic',
				'p50 vs generic',
				'p99 vs generic',
				'CPU/exec vs bare',
				'CPU/exec vs generic',
			],
			ratios,
			['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
		),
	].join('\n');
}

function actionTables(s: Summary): string {
	if (s.actions.length === 0) return '_Section 2 not run._';
	const idle = s.raw.actions!.idle;
	const rows = s.actions.map((a) => [
		a.vendor,
		a.variant,
		a.flow,
		fmt(a.itemsPerSec),
		fmt(a.wallSec, 1),
		fmt(a.nodeItemsPerSec),
		fmt(a.cpuMicrosPerItem),
		fmt(a.peakMainMiB),
		fmt(a.peakTotalMiB),
	]);
	const ratios = [...new Set(s.actions.map((a) => a.vendor))].map((vendor) => {
		const ours = s.actions.find((a) => a.vendor === vendor && a.variant === 'ours')!;
		const generic = s.actions.find((a) => a.vendor === vendor && a.variant === 'generic');
		return [
			vendor,
			fmtRatio(ratio(ours.itemsPerSec, generic?.itemsPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.nodeItemsPerSec, generic?.nodeItemsPerSec ?? Number.NaN)),
			fmtRatio(ratio(ours.cpuMicrosPerItem, generic?.cpuMicrosPerItem ?? Number.NaN)),
			fmtRatio(ratio(ours.peakMainMiB, generic?.peakMainMiB ?? Number.NaN)),
			fmtRatio(ratio(ours.peakTotalMiB, generic?.peakTotalMiB ?? Number.NaN)),
			s.raw.actions!.sameBytes[vendor] ? 'yes' : 'NO',
		];
	});
	return [
		`Medians of ${s.actions[0].rounds} round(s) of ${s.actions[0].items} items per variant. Items/s: items ÷ wall time of the whole workflow call (Webhook → Split Out → nodes under test); node items/s: items ÷ n8n's own execution time of the nodes under test. n8n CPU: user + system time of the n8n process and its task runner from the call until the execution is recorded. Peak RSS sampled every 100 ms over the same span. Idle before the first call: ours ${fmt(idle.ours.mainMiB)} MiB (${fmt(idle.ours.totalMiB)} MiB with the task runner), generic ${fmt(idle.generic.mainMiB)} MiB (${fmt(idle.generic.totalMiB)} MiB).`,
		'',
		table(
			['action', 'variant', 'nodes under test', 'items/s', 'wall s', 'node items/s', 'n8n CPU µs/item', 'peak RSS main MiB', 'peak RSS main + runner MiB'],
			rows,
			['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
		'Ratios, ours / generic:',
		'',
		table(
			['action', 'items/s', 'node items/s', 'CPU/item', 'peak RSS main', 'peak RSS main + runner', 'same bytes sent'],
			ratios,
			['l', 'r', 'r', 'r', 'r', 'r', 'l'],
		),
	].join('\n');
}

function microTable(s: Summary): string {
	if (s.micro.length === 0) return '_Section 3 not run._';
	const rows = s.micro.map((m) => [
		m.label,
		fmt(m.micros, 1),
		m.n8nMicros === undefined ? '' : fmt(m.n8nMicros),
		m.share === undefined ? '' : pct(m.share),
		m.covers,
	]);
	return [
		`In-process, Node ${s.raw.micro!.node} (n8n's), median of batches. n8n's time is the CPU time of n8n (main process + task runner) per execution of our trigger's workflow in section 1, per item of our node's workflow in section 2.`,
		'',
		table(['our code, per call', 'µs', 'n8n CPU µs per execution / item', 'share', 'what one call covers'], rows, ['l', 'r', 'r', 'r', 'l']),
	].join('\n');
}

function verdictTable(s: Summary): string {
	if (s.verdicts.length === 0) return '';
	return table(
		['§', 'subject', 'target', 'measured', 'verdict', 'margin'],
		s.verdicts.map((v) => [String(v.section), v.subject, v.target, v.measured, v.met ? 'met' : '**missed**', v.margin]),
		['r', 'l', 'l', 'r', 'l', 'l'],
	);
}

function checks(s: Summary): string {
	const lines: string[] = [];
	for (const check of s.raw.triggers?.checks ?? []) {
		if (check.forged !== 'not tried') lines.push(`- ${check.target}: forged call ${check.forged}.`);
	}
	return lines.join('\n');
}

/** The machine's load average over the measured rounds: how much else was running. */
function loadDuringRounds(r: RawResults): string {
	const loads = [
		...[r.triggers, r.triggersLazy].flatMap((section) =>
			(section?.runs ?? []).flatMap((run) => run.rounds.map((round) => round.loadAverage)),
		),
		...(r.actions?.runs ?? []).flatMap((run) => run.rounds.map((round) => round.loadAverage)),
	];
	if (loads.length === 0) return '';
	return `, median ${fmt(median(loads), 1)} and at most ${fmt(Math.max(...loads), 1)} during the measured rounds (the bench itself keeps about 2 to 3 processes busy)`;
}

export function renderMarkdown(s: Summary): string {
	const r = s.raw;
	const m = r.machine;
	const o = r.options;
	return [
		`Run of ${r.date} — \`${r.command}\`${o.quick ? ' (quick smoke run: not representative)' : ''}, ${fmt(r.durationSec / 60, 1)} min.`,
		'',
		`Machine: ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryGiB, 1)} GiB RAM, Linux ${m.kernel}; 1-minute load average ${m.loadAverageStart} at the start, ${m.loadAverageEnd} at the end${loadDuringRounds(r)}. n8n ${r.n8nVersion} on Node ${r.n8nNode} (SQLite, regular mode, ${
			Object.keys(o.n8nEnv ?? {}).length > 0
				? `defaults except ${Object.entries(o.n8nEnv ?? {})
						.map(([k, v]) => `\`${k}=${v}\``)
						.join(', ')}`
				: 'defaults'
		}); load generator autocannon 8 on Node ${r.benchNode}, same machine, 127.0.0.1 only.`,
		'',
		'### 1. Triggers',
		'',
		triggerTables(s, s.triggers),
		'',
		checks(s),
		'',
		...(r.triggersLazy
			? [
					`#### 1b. Triggers, n8n taking expression isolates only when needed (${Object.entries(LAZY_ISOLATES_ENV)
						.map(([k, v]) => `\`${k}=${v}\``)
						.join(', ')})`,
					'',
					triggerTables(s, s.triggersLazy),
					'',
				]
			: []),
		'### 2. Actions',
		'',
		actionTables(s),
		'',
		'### 3. Our own code per call',
		'',
		microTable(s),
		'',
		'### Targets',
		'',
		verdictTable(s),
	].join('\n');
}

export function renderConsole(s: Summary): string {
	return renderMarkdown(s)
		.replace(/\*\*/g, '')
		.replace(/`/g, '');
}

export const RESULTS_START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** Replaces the results block of docs/BENCHMARKS.md (creating the file around it if needed). */
export function writeResultsBlock(file: string, markdown: string, skeleton: () => string): void {
	const block = `${RESULTS_START}\n${markdown}\n${RESULTS_END}`;
	const current = existsSync(file) ? readFileSync(file, 'utf8') : skeleton();
	const start = current.indexOf(RESULTS_START);
	const end = current.indexOf(RESULTS_END);
	const next =
		start >= 0 && end > start ? `${current.slice(0, start)}${block}${current.slice(end + RESULTS_END.length)}` : `${current.trimEnd()}\n\n${block}\n`;
	writeFileSync(file, next);
}
