/**
 * Talking to SPREAD's form API the way its PHP sample's curl call does:
 * `CURLOPT_POST` with a pre-encoded body, `CURLOPT_FOLLOWLOCATION` +
 * `CURLOPT_POSTREDIR = CURL_REDIR_POST_ALL` (a redirect is followed and the
 * POST and its body kept, whatever the 3xx), and credentials that, as curl
 * does by default, go only to the origin they were configured for.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';
import { answerRetryDecision, bodyText, excerpt, header, isRetryableStatus, RetryableAnswer, type HttpAnswer } from '../shared/httpAnswer';
import { DEFAULT_RETRY_POLICY, withRetry } from '../shared/retry';

export const CREDENTIAL_TYPE = 'spreadApi';
export const DEFAULT_BASE_URL = 'https://social-sb.com';

/** SPREAD's sample sets no limit (curl's default applies); five hops cover a domain move or a load balancer. */
export const MAX_REDIRECTS = 5;
const REQUEST_TIMEOUT_MS = 60_000;

export type SpreadAnswer = HttpAnswer;


const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);




/**
 * `${baseUrl}${path}` from the credential, refusing anything but an http(s)
 * URL. Read once per execution: n8n reads and decrypts a credential from its
 * database on every getCredentials call.
 */
export async function spreadUrl(ctx: IExecuteFunctions, path: string): Promise<URL> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const base = String(credentials.baseUrl || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(`${base}${path}`);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The SPREAD credential's Base URL is not a valid URL: "${base}"`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(ctx.getNode(), `The SPREAD credential's Base URL must start with https:// ("${base}")`);
	}
	return url;
}

/** One HTTP exchange; 3xx and error statuses come back as answers, not exceptions. */
async function postOnce(ctx: IExecuteFunctions, url: URL, body: string, withCredentials: boolean): Promise<SpreadAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: url.href,
		body,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
		},
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	const response = (
		withCredentials
			? await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)
			: await ctx.helpers.httpRequest(options)
	) as IN8nHttpFullResponse;
	return { statusCode: response.statusCode, headers: (response.headers ?? {}) as IDataObject, body: response.body };
}

/**
 * POSTs `body` and follows redirects like SPREAD's curl call: the method and
 * body are kept on every hop (301/302/303 included), Location may be relative,
 * and the API keys are sent only while the hop stays on the configured origin.
 */
async function postFollowingRedirects(ctx: IExecuteFunctions, start: URL, body: string, itemIndex: number) {
	let url = start;
	for (let hops = 0; ; hops++) {
		const answer = await postOnce(ctx, url, body, url.origin === start.origin);
		const location = header(answer.headers, 'location');
		if (!isRedirect(answer.statusCode) || location === undefined) return answer;
		if (hops >= MAX_REDIRECTS) {
			throw new NodeApiError(ctx.getNode(), { httpCode: String(answer.statusCode) } as JsonObject, {
				message: `SPREAD redirected the request more than ${MAX_REDIRECTS} times`,
				description: `Last redirect: ${url.href} → ${location}`,
				itemIndex,
			});
		}
		url = nextHop(ctx, url, location, itemIndex);
	}
}

function nextHop(ctx: IExecuteFunctions, from: URL, location: string, itemIndex: number): URL {
	let next: URL;
	try {
		next = new URL(location, from);
	} catch {
		next = new URL('invalid:');
	}
	if (next.protocol !== 'https:' && next.protocol !== 'http:') {
		throw new NodeApiError(ctx.getNode(), {} as JsonObject, {
			message: 'SPREAD redirected the request to an unusable address',
			description: `Location: ${location}`,
			itemIndex,
		});
	}
	return next;
}


/** What a non-2xx answer means for the user. */
function answerError(ctx: IExecuteFunctions, answer: SpreadAnswer, itemIndex: number, attempts?: number): NodeApiError {
	const status = answer.statusCode;
	const text = bodyText(answer.body);
	const response = { httpCode: String(status), body: text } as JsonObject;
	if (status === 401 || status === 403) {
		return new NodeApiError(ctx.getNode(), response, {
			message: 'SPREAD refused the API keys (public/private key)',
			description:
				`SPREAD answered HTTP ${status}${text ? `: ${excerpt(text)}` : ''}. Check the Public Key and Private Key in ` +
				'the SPREAD credential against SPREAD\'s back office, "Paramétrage > Tracker" (bottom of the page).',
			httpCode: String(status),
			itemIndex,
		});
	}
	if (isRetryableStatus(status)) {
		return new NodeApiError(ctx.getNode(), response, {
			message: `SPREAD could not take the request (HTTP ${status}${attempts ? ` after ${attempts} attempts` : ''})`,
			description: excerpt(text) || undefined,
			httpCode: String(status),
			itemIndex,
		});
	}
	return new NodeApiError(ctx.getNode(), response, {
		message: `SPREAD answered HTTP ${status}${text ? `: ${excerpt(text, 200)}` : ''}`,
		description: excerpt(text, 2000) || undefined,
		httpCode: String(status),
		itemIndex,
	});
}

/**
 * POSTs a pre-encoded form body to SPREAD and returns its 2xx answer. 429 and
 * 5xx are asked again with backoff, honouring Retry-After: safe for
 * `updateOrder`, an upsert keyed by the order ID, where sending the same order
 * twice leaves SPREAD in the same state as sending it once.
 */
export async function postForm(ctx: IExecuteFunctions, url: URL, body: string, itemIndex: number): Promise<SpreadAnswer> {
	let attempts = 0;
	let answer: SpreadAnswer;
	try {
		answer = await withRetry(async (attempt) => {
			attempts = attempt;
			const result = await postFollowingRedirects(ctx, url, body, itemIndex);
			if (isRetryableStatus(result.statusCode)) throw new RetryableAnswer(result);
			return result;
		}, (error) => answerRetryDecision(error, true, DEFAULT_RETRY_POLICY));
	} catch (error) {
		if (error instanceof RetryableAnswer) throw answerError(ctx, error.answer, itemIndex, attempts);
		// n8n already wraps network failures in a NodeApiError (then returned as is).
		const failure = new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		failure.context.itemIndex ??= itemIndex;
		throw failure;
	}
	if (answer.statusCode < 200 || answer.statusCode > 299) throw answerError(ctx, answer, itemIndex);
	return answer;
}
