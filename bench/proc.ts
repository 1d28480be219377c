/**
 * Memory and CPU time of an n8n process and of the processes it started, read
 * from /proc.
 *
 * n8n 2.x runs Code nodes in a task runner, a child process of the main one;
 * a workflow that needs the runner costs its memory and CPU too, so the
 * benchmarks count the main process plus its descendants (and report the
 * main process alone for memory).
 *
 * CPU time is what makes the comparison hold on a busy machine: when other
 * programs take the CPU, throughput drops for reasons that have nothing to do
 * with the variant measured, but the CPU seconds n8n burns per execution stay
 * nearly the same.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of one process in MiB, or undefined when it has gone. */
export function rssMiB(pid: number): number | undefined {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Every process started by `pid`, directly or not. */
export function descendants(pid: number): number[] {
	const found: number[] = [];
	let tasks: string[];
	try {
		tasks = readdirSync(`/proc/${pid}/task`);
	} catch {
		return found;
	}
	for (const task of tasks) {
		let children = '';
		try {
			children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
		} catch {
			continue;
		}
		for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
			found.push(child, ...descendants(child));
		}
	}
	return found;
}

export interface MemorySnapshot {
	mainMiB: number;
	/** main process + every descendant (the task runner) */
	totalMiB: number;
}

export function snapshot(pid: number): MemorySnapshot {
	const mainMiB = rssMiB(pid) ?? 0;
	const others = descendants(pid).reduce((sum, child) => sum + (rssMiB(child) ?? 0), 0);
	return { mainMiB, totalMiB: mainMiB + others };
}

export interface MemoryPeak {
	/** at the start of the sampled period */
	start: MemorySnapshot;
	/** highest values seen while sampling (each on its own) */
	peak: MemorySnapshot;
	samples: number;
}

/** Samples a process tree every `intervalMs` until stopped; returns the peaks. */
export function sampleMemory(pid: number, intervalMs = 100): { stop(): MemoryPeak } {
	const start = snapshot(pid);
	const peak = { ...start };
	let samples = 1;
	const take = () => {
		const now = snapshot(pid);
		peak.mainMiB = Math.max(peak.mainMiB, now.mainMiB);
		peak.totalMiB = Math.max(peak.totalMiB, now.totalMiB);
		samples += 1;
	};
	const timer = setInterval(take, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			take();
			return { start, peak, samples };
		},
	};
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds a process has used so far (0 when it has gone). */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
	} catch {
		return 0;
	}
}

/**
 * CPU seconds of the process and its current descendants, per process id, so
 * that a difference between two readings only counts processes seen in both
 * (a task runner restarted in between would otherwise count negatively).
 */
export function treeCpu(pid: number): Map<number, number> {
	return new Map([pid, ...descendants(pid)].map((p) => [p, cpuSeconds(p)]));
}

/** CPU seconds used between two readings of `treeCpu`; a process born in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
	return total;
}
