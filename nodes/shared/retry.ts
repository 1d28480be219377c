/**
 * Capped exponential backoff with full jitter, honouring a vendor's
 * Retry-After. One request is retried only when the vendor said it did not act
 * on it (rate limit, 5xx before processing), so a success is never repeated.
 */
import { sleep } from 'n8n-workflow';

export interface RetryPolicy {
	/** total attempts, the first included */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What an attempt's failure means for the next one. */
export type RetryDecision = { retry: false } | { retry: true; retryAfterMs?: number };

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(random() * ceiling);
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

/**
 * Runs `attempt` until it succeeds, `decide` says stop, or the policy's
 * attempts run out. The error finally thrown is the attempt's own (callers
 * throw NodeApiError/NodeOperationError), passed through unchanged.
 */
export async function withRetry<T>(
	attempt: (attemptNumber: number) => Promise<T>,
	decide: (error: unknown) => RetryDecision,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
	for (let n = 1; ; n++) {
		const outcome = await settle(attempt(n));
		if (outcome.ok) return outcome.value;
		const decision = decide(outcome.error);
		if (!decision.retry || n >= policy.maxAttempts) throw outcome.error;
		await sleep(backoffDelay(n, policy, decision.retryAfterMs));
	}
}
