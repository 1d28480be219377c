/**
 * Talking to the integration API of a ONe by Unity instance: where requests
 * go, one request with its retries, lists (with or without pages), and what
 * ONe's error answers mean for a shop owner. Used by the ONe node and by the
 * ONe Trigger when it registers its webhooks itself.
 *
 * ONe documents the paths (VENDOR-FACTS) but not its answers: the error body
 * (Spring-style `{status, error, message, path}` or `{code, message,
 * errors}`), the list shapes (a JSON array, or a page `{content: [...], last}`)
 * and where a created record's id is are read leniently here (inferred).
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
	type JsonObject,
} from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../shared/retry';
import {
	answerRetryDecision,
	bodyText,
	excerpt,
	header,
	isRetryableStatus,
	RetryableAnswer,
	type HttpAnswer,
} from '../shared/httpAnswer';

export const ONE_API_CREDENTIAL = 'oneApi';

/** What may call ONe's API: an action node's run, or the trigger on activation. */
export type OneApiContext = IExecuteFunctions | IHookFunctions;

const ORDERPATH = '/api/v1/orderpath/integrations/auth-required';
const WEBHOOKS = '/api/v1/webhooks/integrations/auth-required/webhooks';

/** The paths of ONe's integration API, as its documentation names them. */
export const ONE_PATHS = {
	/** GET, with `?offerId=`: the offer with its lines (the query parameter's name is inferred) */
	offer: `${ORDERPATH}/offer`,
	addConfigurableProducts: (cartId: string) => `${ORDERPATH}/carts/${encodeURIComponent(cartId)}/add-configurable-products`,
	webhooks: WEBHOOKS,
	webhook: (id: string) => `${WEBHOOKS}/${encodeURIComponent(id)}`,
	/** "send an example request" (the back office's "Submit test webhook"); the path's last part is inferred */
	sendExample: (id: string) => `${WEBHOOKS}/${encodeURIComponent(id)}/send-example`,
	webhookTypes: `${WEBHOOKS}/types`,
} as const;

/** A runaway list (a page that never says it is the last) stops here. */
const MAX_PAGES = 100;

const REQUEST_TIMEOUT_MS = 60_000;

export interface OneRequest {
	method: IHttpRequestMethods;
	/** below the instance's address, e.g. /api/v1/webhooks/... */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Sending it twice leaves ONe as sending it once (reads, deletes), so a 5xx
	 * may be sent again. A 429 is always sent again: ONe did not act on it.
	 */
	idempotent: boolean;
}

export type OneAnswer = HttpAnswer;

// ---------------------------------------------------------------------------
// Where requests go

/**
 * The instance's address from the credential, or why it cannot be used:
 * http(s), nothing after the path, no trailing slash.
 */
export function instanceUrl(credentials: IDataObject): { url: string } | { problem: string } {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (baseUrl === '') return { problem: 'The ONe API credential has no Base URL (the address of your ONe instance, e.g. https://yourcompany.b2b.one)' };
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return { problem: `The ONe API credential's Base URL is not a web address: "${baseUrl}". Write it like https://yourcompany.b2b.one` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `The ONe API credential's Base URL must start with https:// ("${baseUrl}")` };
	}
	if (url.search !== '' || url.hash !== '') {
		return { problem: `The ONe API credential's Base URL must be the address of your ONe instance only, without ? or # ("${baseUrl}")` };
	}
	return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

export async function readInstanceUrl(ctx: OneApiContext, itemIndex?: number): Promise<string> {
	const credentials = await (ctx as IExecuteFunctions).getCredentials(ONE_API_CREDENTIAL, itemIndex ?? 0);
	const found = instanceUrl(credentials);
	if ('problem' in found) throw new NodeOperationError(ctx.getNode(), found.problem, { itemIndex });
	return found.url;
}

// ---------------------------------------------------------------------------
// Reading answers


function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
	} catch {
		return body;
	}
}

export const isRecord = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);




/** The lists ONe may wrap records in (inferred): a page's `content`, or `items` / `data` / `results` / `webhooks`. */
const LIST_KEYS = ['content', 'items', 'data', 'results', 'webhooks', 'types'];

/** A list answer as records: a JSON array, or an object wrapping one; a lone record counts as one. */
export function recordsOf(body: unknown): IDataObject[] {
	let list: unknown[];
	if (Array.isArray(body)) list = body;
	else if (isRecord(body)) {
		const key = LIST_KEYS.find((k) => Array.isArray(body[k]));
		list = key === undefined ? [body] : (body[key] as unknown[]);
	} else list = body === undefined || body === null || body === '' ? [] : [body];
	return list.map((entry) => (isRecord(entry) ? entry : { value: entry as IDataObject[string] }));
}

/** A Spring-style page that says more follow: `{content, last: false, number}` (inferred). */
function nextPageOf(body: unknown): number | undefined {
	if (!isRecord(body) || !Array.isArray(body.content) || body.last !== false) return undefined;
	const current = typeof body.number === 'number' ? body.number : undefined;
	return current === undefined ? undefined : current + 1;
}

/** The id ONe gave a record it created: in the answer (`id`, `webhookId`, `uuid`, or a bare id), else the Location header. */
export function createdIdOf(answer: OneAnswer): string | undefined {
	const body = answer.body;
	if (typeof body === 'string' && /^[\w:-]{1,200}$/.test(body.trim())) return body.trim();
	if (typeof body === 'number') return String(body);
	if (isRecord(body)) {
		for (const key of ['id', 'webhookId', 'uuid']) {
			const value = body[key];
			if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
		}
	}
	const location = header(answer.headers, 'location');
	const last = location?.split('?')[0].replace(/\/+$/, '').split('/').pop();
	return last === undefined || last === '' ? undefined : decodeURIComponent(last);
}

// ---------------------------------------------------------------------------
// What a failed answer means

const ADVICE: Record<number, string> = {
	400: 'ONe refused the values sent; its message names what is wrong.',
	401: 'Check the ONe API credential: the Base URL (the address of your ONe instance) and the API token.',
	403: "The API token of the ONe API credential may not do this: ask your ONe administrator for the integration API's rights.",
	404: 'ONe has nothing at this address: check the ID, and the Base URL of the ONe API credential.',
	409: 'ONe refused this because of the current state of the record (it may already exist).',
	422: 'ONe refused the values sent; its message names what is wrong.',
	429: 'ONe received too many requests; wait a little and run again.',
};

const DEFAULT_WORDING: Record<number, string> = {
	400: 'bad request',
	401: 'the API token was refused',
	403: 'forbidden',
	404: 'not found',
	409: 'conflict',
	422: 'the values were refused',
	429: 'too many requests',
};

function adviceFor(status: number): string | undefined {
	if (status >= 500) return 'ONe had a problem on its side; try again later.';
	return ADVICE[status];
}

/** ONe's own words about the failure, from whichever field carries them. */
function saidByOne(body: unknown): string | undefined {
	if (!isRecord(body)) return undefined;
	for (const key of ['message', 'detail', 'error_description', 'title', 'error']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function detailsOf(body: unknown): string | undefined {
	if (!isRecord(body)) return undefined;
	for (const key of ['errors', 'details', 'violations', 'fieldErrors']) {
		const value = body[key];
		if (value !== undefined && value !== null && value !== '') {
			return excerpt(typeof value === 'string' ? value : JSON.stringify(value), 1000);
		}
	}
	return undefined;
}

/** "ONe 404: Offer not found", with what to do and ONe's details in the description. */
export function describeFailure(answer: OneAnswer, attempts?: number): { message: string; description: string } {
	const status = answer.statusCode;
	const said = saidByOne(answer.body);
	const wording =
		said ?? DEFAULT_WORDING[status] ?? (status >= 500 ? 'server error' : excerpt(bodyText(answer.body), 200) || 'unexpected answer');
	const tried = attempts !== undefined && attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const lines = [adviceFor(status)];
	const details = detailsOf(answer.body);
	if (details !== undefined) lines.push(`Details: ${details}`);
	if (said === undefined && bodyText(answer.body) !== '') lines.push(`Answer: ${excerpt(bodyText(answer.body), 500)}`);
	return {
		message: `ONe ${status}: ${wording}${tried}`,
		description: lines.filter((line): line is string => line !== undefined).join(' '),
	};
}

export function failureError(ctx: OneApiContext, answer: OneAnswer, itemIndex?: number, attempts?: number): NodeApiError {
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



async function sendOnce(ctx: OneApiContext, root: string, request: OneRequest): Promise<OneAnswer> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${root}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// The API token must never follow a redirect to another host.
		sendCredentialsOnCrossOriginRedirect: false,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) {
		options.body = request.body;
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, ONE_API_CREDENTIAL, options)) as IN8nHttpFullResponse;
	return {
		statusCode: response.statusCode,
		headers: (response.headers ?? {}) as IDataObject,
		body: parsedBody(response.body),
	};
}

/**
 * One call of ONe's API with its retries, whatever the final status (for
 * callers that accept some refusals, e.g. a 404 when deleting). Network
 * failures and unusable credentials throw.
 */
export async function sendOneRequest(
	ctx: OneApiContext,
	request: OneRequest,
	itemIndex?: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<{ answer: OneAnswer; attempts: number }> {
	const root = await readInstanceUrl(ctx, itemIndex);
	let attempts = 0;
	try {
		const answer = await withRetry(
			async (attempt) => {
				attempts = attempt;
				const result = await sendOnce(ctx, root, request);
				if (isRetryableStatus(result.statusCode)) throw new RetryableAnswer(result);
				return result;
			},
			(error) => answerRetryDecision(error, request.idempotent, policy),
			policy,
		);
		return { answer, attempts };
	} catch (error) {
		if (error instanceof RetryableAnswer) return { answer: error.answer, attempts };
		// n8n already wraps network failures in a NodeApiError (then returned as is).
		const failure = new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		if (itemIndex !== undefined) failure.context.itemIndex ??= itemIndex;
		throw failure;
	}
}

/** One call of ONe's API with its retries. Returns the 2xx answer; throws a NodeApiError otherwise. */
export async function callOne(
	ctx: OneApiContext,
	request: OneRequest,
	itemIndex?: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<OneAnswer> {
	const { answer, attempts } = await sendOneRequest(ctx, request, itemIndex, policy);
	if (answer.statusCode < 200 || answer.statusCode > 299) throw failureError(ctx, answer, itemIndex, attempts);
	return answer;
}

/**
 * Every record of a list, up to `limit` when given. A plain array is the
 * whole list; a page that says it is not the last (`last: false`) is followed
 * with `?page=` (inferred from Spring's page format).
 */
export async function getAllRecords(ctx: OneApiContext, path: string, itemIndex?: number, limit?: number): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let page: number | undefined;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const answer = await callOne(ctx, { method: 'GET', path, qs: page === undefined ? undefined : { page }, idempotent: true }, itemIndex);
		const found = recordsOf(answer.body);
		records.push(...found);
		if (limit !== undefined && records.length >= limit) return records.slice(0, limit);
		const next = nextPageOf(answer.body);
		if (found.length === 0 || next === undefined || next <= (page ?? 0)) return records;
		page = next;
	}
	return records;
}
