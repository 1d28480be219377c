/**
 * Talking to Hiboutik's REST API (https://{account}.hiboutik.com/api): where
 * requests go, one request with its retries, pages followed through the Link
 * header, and what Hiboutik's error answers mean for a shop owner.
 *
 * Hiboutik answers errors as `{error, code, error_description, details}` with
 * HTTP 401, 403, 406, 422 or 429, allows 30 concurrent calls per shop and a
 * monthly number of calls. The node sends one request at a time, so it never
 * comes near the concurrency limit by itself.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../shared/retry';
import type { HiboutikCalls } from './apiOperations';
import {
	answerRetryDecision,
	bodyText,
	excerpt,
	header,
	isRetryableStatus,
	RetryableAnswer,
	type HttpAnswer,
} from '../shared/httpAnswer';

export const CREDENTIAL_TYPE = 'hiboutikApi';

/** Hiboutik's page size for lists. */
export const PAGE_SIZE = 250;

/** A runaway Link header (a "next" that never ends) stops here: 250,000 records. */
const MAX_PAGES = 1000;

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Who calls the API: the Hiboutik node for its items, and the Hiboutik Trigger
 * (registering its webhooks on activation, fetching a sale for a callback).
 */
export type HiboutikApiContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

export interface HiboutikRequest {
	method: IHttpRequestMethods;
	/** below the API root, e.g. `/sales/1287` */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Sending it twice leaves Hiboutik as sending it once (reads, setting an
	 * attribute, deleting), so a 5xx may be sent again. A 429 is always sent
	 * again: Hiboutik did not act on it.
	 */
	idempotent: boolean;
	/** how long to wait for the answer; 60 s unless a caller cannot wait that long */
	timeoutMs?: number;
}

export type HiboutikAnswer = HttpAnswer;

/** The error body Hiboutik documents. Every field may be missing on a proxy's or server's error page. */
interface HiboutikErrorBody {
	error?: string;
	code?: string | number;
	error_description?: string;
	details?: unknown;
}

// ---------------------------------------------------------------------------
// Where requests go

/** A Hiboutik account name is a DNS label: the "myshop" of https://myshop.hiboutik.com. */
const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * The API root for a credential, or why the credential cannot be used. The
 * same rule as the credential test's expression: the Base URL when set,
 * otherwise https://{account}.hiboutik.com/api.
 */
export function apiRoot(credentials: IDataObject): { url: string } | { problem: string } {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (baseUrl !== '') {
		let url: URL;
		try {
			url = new URL(baseUrl);
		} catch {
			return { problem: `The Hiboutik credential's Base URL is not a valid URL: "${baseUrl}"` };
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') {
			return { problem: `The Hiboutik credential's Base URL must start with https:// ("${baseUrl}")` };
		}
		return { url: baseUrl.replace(/\/+$/, '') };
	}
	const account = typeof credentials.account === 'string' ? credentials.account.trim() : '';
	if (account === '') return { problem: 'The Hiboutik credential has no account name' };
	if (!ACCOUNT_NAME.test(account)) {
		return {
			problem: `The Hiboutik account must be the account name only, e.g. "myshop" for https://myshop.hiboutik.com (got "${account}")`,
		};
	}
	return { url: `https://${account.toLowerCase()}.hiboutik.com/api` };
}

export async function readApiRoot(ctx: HiboutikApiContext, itemIndex: number): Promise<string> {
	const root = apiRoot(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
	if ('problem' in root) throw new NodeOperationError(ctx.getNode(), root.problem, { itemIndex });
	return root.url;
}

// ---------------------------------------------------------------------------
// Reading answers


function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
	} catch {
		return body;
	}
}

function errorBody(body: unknown): HiboutikErrorBody {
	const value = parsedBody(body);
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as HiboutikErrorBody) : {};
}




/** The page number of a `Link` header's rel="next" (Hiboutik's links end in `?p=N`), if any. */
export function nextPageNumber(headers: IDataObject | undefined): number | undefined {
	const link = header(headers, 'link');
	if (link === undefined) return undefined;
	for (const part of link.split(',')) {
		const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
		if (!match || !/\brel\s*=\s*"?next"?/i.test(match[2])) continue;
		const page = /[?&]p=(\d+)/.exec(match[1]);
		return page ? Number(page[1]) : undefined;
	}
	return undefined;
}

// ---------------------------------------------------------------------------
// What a failed answer means

const ADVICE: Record<number, string> = {
	401:
		"Check the Hiboutik API credential: the account name, the user's login email and its API key (in Hiboutik, Settings → Users → Users, wrench icon in front of the user's name).",
	403: "The Hiboutik user of this credential may not do this: check its rights in Hiboutik's user settings (Settings → Users).",
	404: 'Hiboutik has nothing at this address: check the ID (and the Base URL, if the credential sets one).',
	406: 'Hiboutik could not answer in JSON.',
	422: 'Hiboutik refused the values sent for this item; the details name the field.',
	429:
		"Hiboutik limits each shop's API use: 30 calls at the same time, and a number of calls per month. When the monthly allowance is used up, calls fail until the end of the month; more calls can be subscribed to in Hiboutik.",
};

const DEFAULT_WORDING: Record<number, string> = {
	401: 'the email or API key was refused',
	403: 'this user is not allowed to do this',
	404: 'not found',
	406: 'not acceptable',
	422: 'the request was refused',
	429: 'too many requests',
};

function adviceFor(status: number): string | undefined {
	if (status >= 500) return 'Hiboutik had a problem on its side; try again later.';
	return ADVICE[status];
}

/** "Hiboutik 422 (validation_error): …", with Hiboutik's code, details and what to do in the description. */
export function describeFailure(answer: HiboutikAnswer, attempts?: number): { message: string; description: string } {
	const status = answer.statusCode;
	const body = errorBody(answer.body);
	const label = typeof body.error === 'string' && body.error !== '' ? ` (${body.error})` : '';
	const said =
		typeof body.error_description === 'string' && body.error_description !== ''
			? body.error_description
			: (DEFAULT_WORDING[status] ?? (status >= 500 ? 'server error' : excerpt(bodyText(answer.body), 200) || 'unexpected answer'));
	const tried = attempts !== undefined && attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const lines = [adviceFor(status)];
	if (body.code !== undefined) lines.push(`Hiboutik error code: ${String(body.code)}.`);
	if (body.details !== undefined && body.details !== null && body.details !== '') {
		lines.push(`Details: ${excerpt(typeof body.details === 'string' ? body.details : JSON.stringify(body.details), 1000)}`);
	}
	if (body.error_description === undefined && bodyText(answer.body) !== '') {
		lines.push(`Answer: ${excerpt(bodyText(answer.body), 500)}`);
	}
	return {
		message: `Hiboutik ${status}${label}: ${said}${tried}`,
		description: lines.filter((line): line is string => line !== undefined).join(' '),
	};
}

export function failureError(ctx: HiboutikApiContext, answer: HiboutikAnswer, itemIndex: number, attempts?: number): NodeApiError {
	const { message, description } = describeFailure(answer, attempts);
	const httpCode = String(answer.statusCode);
	return new NodeApiError(ctx.getNode(), { httpCode, body: bodyText(answer.body) } as JsonObject, {
		message,
		description,
		httpCode,
		itemIndex,
	});
}

// ---------------------------------------------------------------------------
// Sending



async function sendOnce(ctx: HiboutikApiContext, root: string, request: HiboutikRequest): Promise<HiboutikAnswer> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${root}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// The API key must never follow a redirect to another host.
		sendCredentialsOnCrossOriginRedirect: false,
		timeout: request.timeoutMs ?? REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) {
		options.body = request.body;
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as IN8nHttpFullResponse;
	return {
		statusCode: response.statusCode,
		headers: (response.headers ?? {}) as IDataObject,
		body: parsedBody(response.body),
	};
}

/**
 * One call of Hiboutik's API with its retries. Returns the 2xx answer; throws
 * a NodeApiError for the item otherwise.
 */
export async function callHiboutik(
	ctx: HiboutikApiContext,
	request: HiboutikRequest,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<HiboutikAnswer> {
	const root = await readApiRoot(ctx, itemIndex);
	let attempts = 0;
	let answer: HiboutikAnswer;
	try {
		answer = await withRetry(
			async (attempt) => {
				attempts = attempt;
				const result = await sendOnce(ctx, root, request);
				if (isRetryableStatus(result.statusCode)) throw new RetryableAnswer(result);
				return result;
			},
			(error) => answerRetryDecision(error, request.idempotent, policy),
			policy,
		);
	} catch (error) {
		if (error instanceof RetryableAnswer) throw failureError(ctx, error.answer, itemIndex, attempts);
		// n8n already wraps network failures in a NodeApiError (then returned as is).
		const failure = new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		failure.context.itemIndex ??= itemIndex;
		throw failure;
	}
	if (answer.statusCode < 200 || answer.statusCode > 299) throw failureError(ctx, answer, itemIndex);
	return answer;
}

/** A list answer as records: Hiboutik sends a JSON array; a lone object counts as one record. */
export function recordsOf(body: unknown): IDataObject[] {
	const list = Array.isArray(body) ? body : body === undefined || body === null || body === '' ? [] : [body];
	return list.map((entry) => (entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject) : { value: entry }));
}

/**
 * Every record of a list, page after page as the Link header's rel="next"
 * says, up to `limit` records when given. The page number is read from the
 * link and asked of the credential's own API root, so the API key only ever
 * goes where the credential says.
 */
export async function getAllPages(
	ctx: HiboutikApiContext,
	path: string,
	itemIndex: number,
	limit?: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let page: number | undefined;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const answer = await callHiboutik(
			ctx,
			{ method: 'GET', path, qs: page === undefined ? undefined : { p: page }, idempotent: true },
			itemIndex,
			policy,
		);
		const found = recordsOf(answer.body);
		records.push(...found);
		if (limit !== undefined && records.length >= limit) return records.slice(0, limit);
		const next = nextPageNumber(answer.headers);
		// An empty page, no next link, or a link that does not move forward ends the list.
		if (found.length === 0 || next === undefined || next <= (page ?? 1)) return records;
		page = next;
	}
	return records;
}

/** How a caller that cannot wait long (a callback Hiboutik waits on) limits its calls. */
export interface CallLimits {
	policy?: RetryPolicy;
	timeoutMs?: number;
}

/**
 * The API calls an operation makes on behalf of one item: what the operations
 * of apiOperations.ts are given, by the Hiboutik node and by the trigger alike.
 */
export function hiboutikCalls(ctx: HiboutikApiContext, itemIndex: number, limits: CallLimits = {}): HiboutikCalls {
	const { policy = DEFAULT_RETRY_POLICY, timeoutMs } = limits;
	return {
		request: async (request) => (await callHiboutik(ctx, { timeoutMs, ...request }, itemIndex, policy)).body,
		getAll: async (path, limit) => await getAllPages(ctx, path, itemIndex, limit, policy),
		notFound: (message, description) =>
			new NodeApiError(ctx.getNode(), { httpCode: '404' } as JsonObject, { message, description, httpCode: '404', itemIndex }),
	};
}
