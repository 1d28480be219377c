import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter, withRetry, type RetryPolicy } from '../../nodes/shared/retry';

const fast: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

test('Retry-After is read as seconds or as an HTTP date', () => {
	assert.equal(parseRetryAfter('3'), 3000);
	assert.equal(parseRetryAfter(2), 2000);
	const now = Date.parse('2026-11-23T10:00:00Z');
	assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:07 GMT', now), 7000);
	assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
	assert.equal(parseRetryAfter('soon'), undefined);
	assert.equal(parseRetryAfter(undefined), undefined);
});

test('backoff grows exponentially under a cap, with full jitter, and Retry-After wins but is capped', () => {
	const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
	assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, undefined, () => 1)), [100, 200, 400, 800, 1000]);
	assert.equal(backoffDelay(3, policy, undefined, () => 0), 0);
	assert.equal(backoffDelay(1, policy, 250), 250);
	assert.equal(backoffDelay(1, policy, 60_000), 1000);
});

test('withRetry retries only what decide allows and returns the first success', async () => {
	let calls = 0;
	const value = await withRetry(
		async (n) => {
			calls++;
			if (n < 3) throw new Error(`try ${n}`);
			return 'ok';
		},
		() => ({ retry: true }),
		fast,
	);
	assert.equal(value, 'ok');
	assert.equal(calls, 3);
});

test('withRetry passes the attempt error through unchanged when told not to retry or out of attempts', async () => {
	const fatal = new Error('fatal');
	let calls = 0;
	await assert.rejects(
		withRetry(async () => { calls++; throw fatal; }, () => ({ retry: false }), fast),
		(e) => e === fatal,
	);
	assert.equal(calls, 1);
	calls = 0;
	await assert.rejects(withRetry(async () => { calls++; throw fatal; }, () => ({ retry: true }), fast), (e) => e === fatal);
	assert.equal(calls, fast.maxAttempts);
});
