// Small numeric helpers shared by the benchmark sections.
import { loadavg } from 'node:os';

export function median(values: number[]): number {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ratio(ours: number, theirs: number): number {
	return theirs > 0 && Number.isFinite(ours) ? ours / theirs : Number.NaN;
}

/**
 * The order variants run in during round `round`: rotated by one each round
 * (A B C, B C A, C A B, ...; for two variants A B, B A, A B), so that no
 * variant always runs first or right after the same other one, and slow
 * drifts of the machine (another job starting, the database growing) fall
 * on every variant alike.
 */
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
	const shift = round % variants.length;
	return [...variants.slice(shift), ...variants.slice(0, shift)];
}

/** The 1-minute load average: how busy the machine was around a measurement. */
export function loadAverage(): number {
	return Number(loadavg()[0].toFixed(2));
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const fmtRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
