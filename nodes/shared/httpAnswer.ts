/**
 * Reading a vendor's HTTP answer, for the nodes that call JSON/form APIs with
 * `returnFullResponse` and `ignoreHttpStatusErrors` (so every status reaches
 * us and we decide): header lookup, body text for error messages, and which
 * answers may be asked for again.
 */
import type { IDataObject } from 'n8n-workflow';
import { parseRetryAfter, type RetryDecision, type RetryPolicy } from './retry';

export interface HttpAnswer {
	statusCode: number;
	headers: IDataObject;
	/** JSON already parsed, otherwise the text as received */
	body: unknown;
}

/** A header by name, whatever its case; repeated headers are joined as HTTP does. */
export function header(headers: IDataObject | undefined, name: string): string | undefined {
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
	const value = found?.[1];
	if (Array.isArray(value)) return value.map(String).join(', ');
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	return typeof body === 'string' ? body : JSON.stringify(body);
}

/** Keeps long HTML error pages from filling the error panel. */
export const excerpt = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** 429: the vendor did not act on it; 5xx: it failed. Either may be worth asking again. */
export const isRetryableStatus = (status: number) => status === 429 || (status >= 500 && status <= 599);

/** Thrown inside a retried attempt to hand a retryable answer to the retry decision. */
export class RetryableAnswer<Answer extends HttpAnswer = HttpAnswer> extends Error {
	constructor(readonly answer: Answer) {
		super(`HTTP ${answer.statusCode}`);
	}
}

/**
 * 429 means the vendor did not act, so it is always sent again; a 5xx only when
 * sending twice does no harm (`idempotent`). A Retry-After longer than the
 * policy's longest wait (e.g. until a monthly allowance renews) is not waited
 * for within a run: the answer becomes the item's error at once.
 */
export function answerRetryDecision(error: unknown, idempotent: boolean, policy: RetryPolicy): RetryDecision {
	if (!(error instanceof RetryableAnswer)) return { retry: false };
	const { statusCode, headers } = error.answer;
	const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
	if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return { retry: false };
	if (statusCode === 429 || idempotent) return { retry: true, retryAfterMs };
	return { retry: false };
}
