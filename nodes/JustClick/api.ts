/**
 * Calling one JustClick API function, once for every function: build the
 * PHP-encoded body (the credential signs it), POST it, accept the answer only
 * when JustClick signed it, turn error codes into messages a shop owner can act
 * on, and retry what JustClick says it did not do (rate limits, 5xx).
 */
import {
	NodeApiError,
	type Failure,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { httpBuildQuery } from '../shared/phpQuery';
import { parseRetryAfter, withRetry, type RetryDecision, type RetryPolicy } from '../shared/retry';
import { secretsMatch } from '../shared/secrets';
import type { JustClickCredentials } from './credentialData';
import { describeErrorCode } from './errors';
import type { JustClickAnswer, JustClickParams } from './functions';
import { responseHash } from './signature';

export const CREDENTIAL_NAME = 'justClickApi';

/** What is missing from a credential, or undefined when it can be used. */
export function credentialProblem(credentials: JustClickCredentials): string | undefined {
	if (credentials.userId === '') return 'The JustClick credential has no login';
	if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(credentials.userId) && credentials.baseUrl === '') {
		return `The JustClick login "${credentials.userId}" cannot be a subdomain: use the login from https://LOGIN.justclick.io`;
	}
	if (credentials.apiKey === '') return 'The JustClick credential has no API key';
	return undefined;
}

export function functionUrl(credentials: JustClickCredentials, apiName: string): string {
	const base = credentials.baseUrl || `https://${credentials.userId}.${credentials.domain}`;
	return `${base}/api/${apiName}`;
}

/** The unsigned body: PHP's http_build_query of the params, undefined ones left out. */
export function buildQuery(params: JustClickParams): string {
	return httpBuildQuery(params);
}

// ---------------------------------------------------------------------------
// Reading an answer

export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: string;
}

/** Why a call failed, before it becomes an n8n error for a particular item. */
export type CallFailure =
	| { kind: 'vendor'; code: number; text: string; httpStatus: number; retryAfterMs?: number }
	| { kind: 'unsigned'; httpStatus: number; claimedCode?: number; claimedText?: string; body: string }
	| { kind: 'http'; httpStatus: number; retryAfterMs?: number; body: string }
	| { kind: 'network'; message: string; code?: string; url: string };

export class JustClickCallError extends Error {
	constructor(readonly failure: CallFailure) {
		super(failure.kind);
	}
}

function header(headers: Record<string, unknown>, name: string): unknown {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

function decodeJsonObject(body: string): IDataObject | undefined {
	try {
		const value = JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** error_code as a number: JustClick sends an integer, PHP would also accept "0". */
function numericCode(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	return undefined;
}

/** The verified answer, or the failure it stands for. Only a signed error_code 0 is a success. */
export function interpretResponse(response: RawResponse, apiKey: string): JustClickAnswer {
	const { statusCode: httpStatus, headers, body } = response;
	const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
	if (httpStatus === 429 || httpStatus >= 500) {
		throw new JustClickCallError({ kind: 'http', httpStatus, retryAfterMs, body });
	}
	const json = decodeJsonObject(body);
	const code = numericCode(json?.error_code);
	if (json === undefined || code === undefined) {
		throw new JustClickCallError({ kind: 'unsigned', httpStatus, body });
	}
	const signed =
		typeof json.hash === 'string' && secretsMatch(json.hash, responseHash(json.error_code, json.error_text, apiKey));
	const errorText = typeof json.error_text === 'string' ? json.error_text : String(json.error_text ?? '');
	if (!signed) {
		throw new JustClickCallError({ kind: 'unsigned', httpStatus, claimedCode: code, claimedText: errorText, body });
	}
	if (code !== 0) throw new JustClickCallError({ kind: 'vendor', code, text: errorText, httpStatus, retryAfterMs });
	if (httpStatus < 200 || httpStatus >= 300) throw new JustClickCallError({ kind: 'http', httpStatus, body });
	return { errorText, body: json };
}

/**
 * Rate limits (HTTP 429, error 8) mean JustClick did not act, so they are always
 * sent again. A 5xx may come after the change was made: it is sent again only
 * for functions where doing the same thing twice changes nothing.
 */
export function retryDecision(error: unknown, idempotent = true): RetryDecision {
	if (!(error instanceof JustClickCallError)) return { retry: false };
	const failure = error.failure;
	if (failure.kind === 'http' && (failure.httpStatus === 429 || (failure.httpStatus >= 500 && idempotent))) {
		return { retry: true, retryAfterMs: failure.retryAfterMs };
	}
	if (failure.kind === 'vendor' && describeErrorCode(failure.code).retryable === true) {
		return { retry: true, retryAfterMs: failure.retryAfterMs };
	}
	return { retry: false };
}

// ---------------------------------------------------------------------------
// Sending

export interface CallOptions {
	retry: RetryPolicy;
	timeoutMs: number;
	/** see JustClickFunction.idempotent */
	idempotent: boolean;
}

/** Sends an unsigned body to a function and gives back what came back, whatever the status. */
export type Transport = (url: string, query: string, timeoutMs: number) => Promise<RawResponse>;

/** The node's transport: the credential's `authenticate` signs the body on its way out. */
export function executeTransport(ctx: IExecuteFunctions): Transport {
	return async (url, query, timeoutMs) => {
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, {
				method: 'POST',
				url,
				// A string body is sent as is: n8n only re-encodes objects and URLSearchParams.
				body: query,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: timeoutMs,
			})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			return { statusCode: response.statusCode, headers: response.headers ?? {}, body: asText(response.body) };
		} catch (error) {
			throw networkFailure(error, url);
		}
	};
}

function asText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** n8n wraps transport errors in a NodeApiError whose `cause` is the original (axios) error. */
export function networkFailure(error: unknown, url: string): JustClickCallError {
	const e = error as { message?: string; code?: string; cause?: { message?: string; code?: string } };
	return new JustClickCallError({
		kind: 'network',
		message: e.cause?.message ?? e.message ?? String(error),
		code: e.cause?.code ?? e.code,
		url,
	});
}

/**
 * One call of a JustClick function: the whole request, from the params to a
 * verified answer, with retries. Throws JustClickCallError.
 */
export async function callJustClick(
	transport: Transport,
	credentials: JustClickCredentials,
	apiName: string,
	params: JustClickParams,
	options: CallOptions,
): Promise<JustClickAnswer> {
	const url = functionUrl(credentials, apiName);
	const query = buildQuery(params);
	return await withRetry(
		async () => interpretResponse(await transport(url, query, options.timeoutMs), credentials.apiKey),
		(error) => retryDecision(error, options.idempotent),
		options.retry,
	);
}

// ---------------------------------------------------------------------------
// Messages

const originOf = (url: string) => {
	try {
		return new URL(url).origin;
	} catch {
		return url;
	}
};

const excerpt = (body: string) => (body.length > 200 ? `${body.slice(0, 200)}…` : body);

/** The message and the advice for a failure, in the words a shop owner needs. */
export function describeFailure(
	failure: CallFailure,
	apiName: string,
	timeoutMs?: number,
): { message: string; description?: string; failure?: Failure } {
	switch (failure.kind) {
		case 'vendor': {
			const info = describeErrorCode(failure.code);
			return {
				message: `JustClick error ${failure.code} (${info.meaning}): ${failure.text}`,
				description: info.hint,
				failure: info.failure,
			};
		}
		case 'unsigned': {
			const claim =
				failure.claimedCode === undefined
					? ''
					: failure.claimedCode === 0
						? ': it claims success, but its hash does not match'
						: `: it says error ${failure.claimedCode} (${describeErrorCode(failure.claimedCode).meaning})`;
			const hint =
				failure.claimedCode === undefined
					? `JustClick's ${apiName} answered HTTP ${failure.httpStatus} with something that is not a JustClick answer: ${excerpt(failure.body) || '(empty)'}. Check the login and domain of the credential.`
					: failure.claimedCode === 4 || failure.claimedCode === 5
						? describeErrorCode(failure.claimedCode).hint
						: "The answer's hash does not match this credential's API key, so it cannot be trusted: check the API key.";
			return { message: `Response not signed by JustClick${claim}`, description: hint, failure: { cause: 'credential-invalid' } };
		}
		case 'http':
			return {
				message: `JustClick answered HTTP ${failure.httpStatus}`,
				description: excerpt(failure.body) || undefined,
				failure:
					failure.httpStatus === 429
						? { cause: 'rate-limited', retryAfterMs: failure.retryAfterMs }
						: failure.httpStatus >= 500
							? { cause: 'temporarily-unavailable', retryAfterMs: failure.retryAfterMs }
							: undefined,
			};
		case 'network': {
			// Not retried: a request that timed out may have been handled.
			const timedOut = failure.code === 'ETIMEDOUT' || /timeout/i.test(failure.message);
			if (timedOut && timeoutMs !== undefined) {
				return { message: `JustClick did not answer within ${timeoutMs} ms`, failure: { cause: 'temporarily-unavailable' } };
			}
			// The raw text (e.g. "connect ECONNREFUSED") goes in the description: n8n would
			// replace a message containing an error code with its own generic sentence.
			return {
				message: `Could not reach JustClick at ${originOf(failure.url)}`,
				description: `${failure.message}. Check the credential's Login, Domain and Base URL.`,
			};
		}
	}
}

/** A failed call as the NodeApiError n8n shows, tied to its item. */
export function toNodeApiError(
	node: INode,
	error: unknown,
	apiName: string,
	itemIndex: number,
	timeoutMs?: number,
): NodeApiError {
	if (!(error instanceof JustClickCallError)) {
		return new NodeApiError(node, { message: (error as Error)?.message ?? String(error) } as JsonObject, { itemIndex });
	}
	const { message, description, failure } = describeFailure(error.failure, apiName, timeoutMs);
	const httpCode = 'httpStatus' in error.failure ? String(error.failure.httpStatus) : undefined;
	// Only the message: n8n would read codes in the raw object as HTTP codes and rewrite the message.
	const raw: JsonObject = { message };
	return new NodeApiError(node, raw, { message, description, httpCode, itemIndex, failure });
}
