/**
 * What every vendor trigger does with an incoming callback, in one place:
 * answer a refusal without starting an execution, read the body without ever
 * throwing at n8n, validate it with a zod schema into a message that names the
 * field, drop duplicates with state n8n persists, and keep secrets out of the
 * output.
 */
import { createHash } from 'crypto';
import type {
	IDataObject,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/**
 * The versions of every vendor trigger. 1.1 behaves exactly as 1; it exists
 * because n8n 2.x treats a webhook node of version 1 as its Webhook node v1
 * and evaluates that node's `{{$parameter["options"]["binaryData"]}}`
 * expression on every callback (webhook-helpers.js, parseRequestBody). That
 * evaluation needs an expression isolate even when n8n is told to take one
 * only when needed (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true), which then
 * triples the CPU a callback costs (docs/BENCHMARKS.md). Version 1 stays for
 * workflows saved with it.
 */
export const CALLBACK_TRIGGER_VERSIONS = { version: [1, 1.1], defaultVersion: 1.1 } satisfies Pick<
	INodeTypeDescription,
	'version' | 'defaultVersion'
>;

/**
 * The two webhooks of every vendor trigger, on one path.
 * - POST receives the vendor's callbacks. `responseData: ''` matters: without
 *   it n8n 2.x answers a callback that started a workflow with the literal
 *   text "firstEntryJson"; with it n8n sends the node's `webhookResponse`
 *   (Hiboutik's cashier alert) or its usual {"message":"Workflow was started"}.
 * - GET serves sample data on the Test URL. Its URL is the same as the POST's,
 *   so the editor does not list it a second time (a shop owner would wonder
 *   which one to paste).
 */
export const CALLBACK_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' },
	{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', responseData: '', path: 'webhook', ndvHideUrl: true },
];

/** A callback we answer ourselves, with no execution. */
export class CallbackRefusal extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export const unauthorizedBasic = (realm: string) =>
	new CallbackRefusal(401, 'Wrong or missing username/password', {
		'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"`,
	});

export const forbidden = (what: string) => new CallbackRefusal(403, `Wrong or missing ${what}`);

export const badRequest = (message: string) => new CallbackRefusal(400, message);

function writeJson(ctx: IWebhookFunctions, status: number, body: IDataObject, headers: Record<string, string> = {}) {
	const res = ctx.getResponseObject();
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	res.end(JSON.stringify(body));
}

/** Answers 200 and starts nothing (an event the user did not select, a duplicate). */
export function acknowledgeWithoutRunning(ctx: IWebhookFunctions, reason: string, extra: IDataObject = {}): IWebhookResponseData {
	writeJson(ctx, 200, { received: true, started: false, reason, ...extra });
	return { noWebhookResponse: true };
}

/**
 * Runs a trigger's handling of one callback. A refusal becomes its status code;
 * anything unexpected becomes a 400 with its message rather than an exception
 * inside n8n's webhook server. Either way no execution starts.
 */
export async function handleCallback(
	ctx: IWebhookFunctions,
	handle: () => Promise<IWebhookResponseData> | IWebhookResponseData,
): Promise<IWebhookResponseData> {
	try {
		return await handle();
	} catch (error) {
		const refusal =
			error instanceof CallbackRefusal
				? error
				: new CallbackRefusal(400, `Could not read this callback: ${(error as Error).message}`);
		writeJson(ctx, refusal.status, { error: refusal.message }, refusal.headers);
		return { noWebhookResponse: true };
	}
}

/**
 * The body exactly as sent. n8n's webhook server keeps the bytes on
 * `req.rawBody` once it has read them; for a trigger above version 1 it reads
 * them only for the content types it parses, so otherwise they are read here
 * the way n8n's Webhook node does (`req.readRawBody()`).
 */
export async function readRawBody(ctx: IWebhookFunctions): Promise<string> {
	const req = ctx.getRequestObject() as unknown as { rawBody?: Buffer | string; readRawBody?: () => Promise<void> };
	if (req.rawBody === undefined && typeof req.readRawBody === 'function') {
		try {
			await req.readRawBody();
		} catch (error) {
			throw badRequest(`The body could not be read: ${(error as Error).message}`);
		}
	}
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody.toString('utf8');
	if (typeof req.rawBody === 'string') return req.rawBody;
	return '';
}

export function contentTypeOf(ctx: IWebhookFunctions): string {
	const header = ctx.getHeaderData()['content-type'];
	return (typeof header === 'string' ? header : '').split(';')[0].trim().toLowerCase();
}

/**
 * A JSON callback body. n8n has already parsed JSON bodies (and refused
 * invalid ones); we re-check so a wrong content type or empty body gets a
 * clear answer.
 */
export async function readJsonBody(ctx: IWebhookFunctions): Promise<unknown> {
	const type = contentTypeOf(ctx);
	if (type !== 'application/json' && !type.endsWith('+json')) {
		throw new CallbackRefusal(415, `Expected a JSON body (Content-Type: application/json), got "${type || 'none'}"`);
	}
	const raw = await readRawBody(ctx);
	if (raw.trim() === '') throw badRequest('The body is empty; expected a JSON object');
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		throw badRequest('The body is not valid JSON');
	}
}

/** "data.order_code: Required; type: Invalid enum value" — names the fields that failed. */
export function describeZodError(error: ZodError, prefix = ''): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => {
			const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
			return `${path || '(body)'}: ${issue.message}`;
		})
		.join('; ');
}

/** Parses with a zod schema; a failure is a 400 that names the field. */
export function parsePayload<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown, prefix = ''): T {
	const result = schema.safeParse(value);
	if (!result.success) throw badRequest(`Invalid callback: ${describeZodError(result.error, prefix)}`);
	return result.data;
}

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'token', 'cookie', 'set-cookie', 'x-api-key']);

/** The request headers worth having in a workflow, never the ones that carry secrets. */
export function safeHeaders(ctx: IWebhookFunctions): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(ctx.getHeaderData())) {
		if (!SENSITIVE_HEADERS.has(name.toLowerCase()) && value !== undefined) out[name.toLowerCase()] = value as string;
	}
	return out;
}

export function fingerprint(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

const DEDUP_MAX_KEYS = 1000;
const DEDUP_WINDOW_MS = 7 * 24 * 3600 * 1000;

interface SeenCallbacks {
	seen?: Record<string, number>;
}

/**
 * True when this callback was already accepted; otherwise records it. State is
 * the node's workflow static data, which n8n saves to its database after each
 * webhook call and reloads for the next one, so it survives restarts and is
 * shared by every n8n process (main, webhook processes) of an instance.
 */
export function isDuplicateCallback(ctx: IWebhookFunctions, key: string, now = Date.now()): boolean {
	const data = ctx.getWorkflowStaticData('node') as SeenCallbacks;
	const seen: Record<string, number> = { ...(data.seen ?? {}) };
	const previous = seen[key];
	if (previous !== undefined && now - previous < DEDUP_WINDOW_MS) return true;
	seen[key] = now;
	const recent = Object.entries(seen)
		.filter(([, at]) => now - at < DEDUP_WINDOW_MS)
		.sort((a, b) => b[1] - a[1])
		.slice(0, DEDUP_MAX_KEYS);
	// Assigning a new object marks static data as changed, which is what makes n8n save it.
	data.seen = Object.fromEntries(recent);
	return false;
}
