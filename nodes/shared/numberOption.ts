/**
 * A number option as a node uses it. An option set by an expression may be
 * anything (text, NaN, a fraction), and a NaN retry count would never stop:
 * the value becomes a whole number within [min, max], or the fallback.
 */
export function wholeNumber(value: unknown, fallback: number, min: number, max: number): number {
	const n = Math.floor(Number(value ?? fallback));
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
