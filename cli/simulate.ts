/**
 * The vendor simulator: sends the callback a vendor would send, so a shop owner
 * can try a workflow without waiting for Hiboutik, ONe or IKITECH (the "Submit
 * test webhook" button, for every vendor).
 *
 * The requests are built from the same sample payloads the triggers use for
 * their sample data, so what the simulator sends is what the trigger expects:
 * test/cli/triggers.test.ts feeds every built request into the real trigger.
 *
 * This is a command-line tool, not a node: it may use process, fs and fetch.
 */
import { readFileSync } from 'node:fs';
import { HIBOUTIK_EVENTS, isHiboutikEvent } from '../nodes/Hiboutik/events';
import { SAMPLE_BODIES as HIBOUTIK_SAMPLE_BODIES } from '../nodes/Hiboutik/samples';
import { IKITECH_EVENTS, isIkitechEvent } from '../nodes/Ikitech/events';
import { IKITECH_SAMPLES } from '../nodes/Ikitech/samples';
import { findOneEvent, ONE_EVENT_NAMES } from '../nodes/One/events';
import { ONE_SAMPLES, ONE_TEST_WEBHOOK_SAMPLE } from '../nodes/One/samples';
import { httpBuildQuery, phpUrlEncode } from '../nodes/shared/phpQuery';

export const VENDORS = ['hiboutik', 'one', 'ikitech'] as const;
export type Vendor = (typeof VENDORS)[number];

/** The event that sends what ONe's own "Submit test webhook" button sends (see ONE_TEST_WEBHOOK_SAMPLE). */
export const ONE_TEST_EVENT = 'test_webhook';

/** A request exactly as it goes on the wire. */
export interface SimulatedRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: string;
}

export interface RequestOptions {
	/** the trigger's Test or Production URL */
	url: string;
	/** Hiboutik: the callback secret, sent as `k=` in the URL */
	secret?: string;
	/** IKITECH: the store's token, sent in the `Token` header */
	token?: string;
	/** ONe: HTTP Basic username and password */
	user?: string;
	password?: string;
	/** a custom payload (the parsed JSON of --file) instead of the event's sample */
	payload?: unknown;
}

/** A mistake in what the user asked for (exit code 2), as opposed to a refused or failed request. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** No HTTP answer at all: wrong host, n8n not running, timeout. */
export class ConnectionError extends Error {
	override name = 'ConnectionError';
}

type CredentialOption = 'secret' | 'token' | 'user' | 'password';

interface VendorProfile {
	/** one line for --list */
	summary: string;
	events: readonly string[];
	/** the canonical event name for what the user typed, or undefined */
	findEvent(text: string): string | undefined;
	/** the credential options this vendor uses; the others are refused */
	credentialOptions: readonly CredentialOption[];
	build(event: string, options: RequestOptions): SimulatedRequest;
	/** a warning when the request will carry no credential at all */
	missingCredential(options: RequestOptions): string | undefined;
	/** what a 401/403 answer means for this vendor */
	refusedHint: string;
	/** an example command for --help */
	example: string;
}

const USER_AGENT = 'n8n-nodes-commerce-hooks simulator';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const TIMEOUT_MS = 30_000;
/** How much of a body is printed without --verbose. */
const PREVIEW_CHARS = 600;
const MAX_REPEAT = 100;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** "New-Order", "new order" and "NEW_ORDER" are the same event name. */
const underscored = (text: string) => text.trim().replace(/[\s-]+/g, '_');

/**
 * Appends query parameters the URL does not already have, leaving the rest of
 * the URL exactly as typed (a URL the user pasted with its own k= or event=
 * keeps them).
 */
function withQueryParameters(url: string, parameters: Array<[string, string | undefined]>): string {
	const parsed = new URL(url);
	const missing = parameters.filter(
		(pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '' && !parsed.searchParams.has(pair[0]),
	);
	if (missing.length === 0) return url;
	const added = missing.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
	parsed.search = parsed.search === '' ? `?${added}` : `${parsed.search}&${added}`;
	return parsed.toString();
}

function hiboutikBody(event: string, payload: unknown): string {
	if (payload === undefined) return HIBOUTIK_SAMPLE_BODIES[event as keyof typeof HIBOUTIK_SAMPLE_BODIES];
	if (!isPlainObject(payload)) {
		throw new UsageError('A Hiboutik --file must hold one JSON object of fields, e.g. {"sale_id": "1287", "line_items": [...]}');
	}
	return httpBuildQuery(payload);
}

/** A file holding `{type, data}` is sent as it is; any other JSON is the `data` of the event. */
function ikitechBody(event: string, payload: unknown): unknown {
	if (payload === undefined) return IKITECH_SAMPLES[event as keyof typeof IKITECH_SAMPLES];
	if (isPlainObject(payload) && 'type' in payload && 'data' in payload) return payload;
	return { type: event, data: payload };
}

function basicAuthorization(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

const PROFILES: Record<Vendor, VendorProfile> = {
	hiboutik: {
		summary: 'form POST with PHP bracket keys; --secret S is added to the URL as ?k=S, with &event=<event>',
		events: HIBOUTIK_EVENTS,
		findEvent: (text) => {
			const name = underscored(text).toLowerCase();
			return isHiboutikEvent(name) ? name : undefined;
		},
		credentialOptions: ['secret'],
		build: (event, options) => ({
			method: 'POST',
			// Hiboutik's callback names neither the event nor a signature: the pasted URL carries both.
			url: withQueryParameters(options.url, [
				['k', options.secret],
				['event', event],
			]),
			headers: { 'Content-Type': FORM, 'User-Agent': USER_AGENT },
			body: hiboutikBody(event, options.payload),
		}),
		missingCredential: (options) =>
			options.secret === undefined && !new URL(options.url).searchParams.has('k')
				? 'No --secret and no k= in the URL: the Hiboutik Trigger will refuse the call (403).'
				: undefined,
		refusedHint:
			"The secret (k= in the URL, or --secret) is not the one in the node's Hiboutik Callback Secret credential.",
		example:
			'simulate hiboutik sale_validated --url https://n8n.example.com/webhook-test/<id>/webhook --secret <your callback secret>',
	},
	one: {
		summary: 'JSON POST with HTTP Basic authentication (--user U --password P)',
		events: [...ONE_EVENT_NAMES, ONE_TEST_EVENT],
		findEvent: (text) => {
			if (underscored(text).toLowerCase() === ONE_TEST_EVENT) return ONE_TEST_EVENT;
			return findOneEvent(text);
		},
		credentialOptions: ['user', 'password'],
		build: (event, options) => {
			const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, 'User-Agent': USER_AGENT };
			if (options.user !== undefined && options.password !== undefined) {
				headers.Authorization = basicAuthorization(options.user, options.password);
			}
			const sample = event === ONE_TEST_EVENT ? ONE_TEST_WEBHOOK_SAMPLE : ONE_SAMPLES[event as keyof typeof ONE_SAMPLES];
			return { method: 'POST', url: options.url, headers, body: JSON.stringify(options.payload ?? sample) };
		},
		missingCredential: (options) =>
			options.user === undefined ? 'No --user/--password: the ONe Trigger will refuse the call (401).' : undefined,
		refusedHint: "--user/--password do not match the node's ONe Webhook credential.",
		example: 'simulate one cart_opened --url https://n8n.example.com/webhook/<id>/webhook --user <user> --password <password>',
	},
	ikitech: {
		summary: 'JSON POST of {type, data} with the store token in a Token header (--token T)',
		events: IKITECH_EVENTS,
		findEvent: (text) => {
			const name = underscored(text).toUpperCase();
			return isIkitechEvent(name) ? name : undefined;
		},
		credentialOptions: ['token'],
		build: (event, options) => {
			const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, 'User-Agent': USER_AGENT };
			if (options.token !== undefined) headers.Token = options.token;
			return { method: 'POST', url: options.url, headers, body: JSON.stringify(ikitechBody(event, options.payload)) };
		},
		missingCredential: (options) =>
			options.token === undefined ? 'No --token: the IKITECH Trigger will refuse the call (403).' : undefined,
		refusedHint: "--token is not the token in the node's IKITECH credential.",
		example: 'simulate ikitech NEW_ORDER --url https://n8n.example.com/webhook-test/<id>/webhook --token <store token>',
	},
};

const CREDENTIAL_FLAGS: Record<CredentialOption, string> = {
	secret: '--secret',
	token: '--token',
	user: '--user',
	password: '--password',
};

export function isVendor(value: string): value is Vendor {
	return (VENDORS as readonly string[]).includes(value);
}

export function findVendor(text: string): Vendor {
	const name = text.trim().toLowerCase();
	if (!isVendor(name)) throw new UsageError(`Unknown vendor "${text}". Use one of: ${VENDORS.join(', ')}`);
	return name;
}

/** The event's canonical name ("new_order" → "NEW_ORDER"), or a UsageError listing the valid ones. */
export function findEvent(vendor: Vendor, text: string): string {
	const found = PROFILES[vendor].findEvent(text);
	if (found === undefined) {
		throw new UsageError(`Unknown ${vendor} event "${text}". Use one of: ${PROFILES[vendor].events.join(', ')}`);
	}
	return found;
}

export function eventsOf(vendor: Vendor): readonly string[] {
	return PROFILES[vendor].events;
}

function checkUrl(url: string | undefined): string {
	if (url === undefined || url.trim() === '') {
		throw new UsageError("--url is required: the trigger node's Test URL or Production URL");
	}
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		throw new UsageError(`--url "${url}" is not a URL; copy the trigger node's Test URL or Production URL`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new UsageError(`--url must start with http:// or https://, got "${parsed.protocol}"`);
	}
	return url.trim();
}

function checkCredentialOptions(vendor: Vendor, options: RequestOptions): void {
	const allowed = PROFILES[vendor].credentialOptions;
	for (const option of Object.keys(CREDENTIAL_FLAGS) as CredentialOption[]) {
		if (options[option] !== undefined && !allowed.includes(option)) {
			const uses = allowed.map((o) => CREDENTIAL_FLAGS[o]).join(' and ');
			throw new UsageError(`${CREDENTIAL_FLAGS[option]} is not used by ${vendor}, which takes ${uses}`);
		}
	}
	if ((options.user === undefined) !== (options.password === undefined)) {
		throw new UsageError('--user and --password go together');
	}
}

/**
 * The request the vendor would send for `event` (pure: no I/O). The event may
 * be spelled loosely ("new_order"); the URL must be absolute.
 */
export function buildRequest(vendor: Vendor, event: string, options: RequestOptions): SimulatedRequest {
	const url = checkUrl(options.url);
	checkCredentialOptions(vendor, options);
	return PROFILES[vendor].build(findEvent(vendor, event), { ...options, url });
}

/** The custom payload of --file: one JSON document. */
export function loadPayloadFile(path: string): unknown {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new UsageError(`Cannot read --file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	try {
		return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
	} catch (error) {
		throw new UsageError(`--file ${path} is not valid JSON: ${(error as Error).message}`);
	}
}

// ---------------------------------------------------------------------------------------------
// Printing what was sent and received, with secrets masked
// ---------------------------------------------------------------------------------------------

const MASK = '*****';

/** The values that must never be printed, in every form they take on the wire. */
function secretValues(options: RequestOptions): string[] {
	const raw = [options.secret, options.token, options.password].filter(
		(value): value is string => value !== undefined && value.length >= 3,
	);
	const forms = raw.flatMap((value) => [value, encodeURIComponent(value), phpUrlEncode(value)]);
	if (options.user !== undefined && options.password !== undefined) {
		forms.push(basicAuthorization(options.user, options.password).slice('Basic '.length));
	}
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: readonly string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}

/** The URL with its `k` secret masked, whatever the secret is. */
function maskUrl(url: string, secrets: readonly string[]): string {
	const masked = url.replace(/([?&]k=)[^&#]*/g, `$1${MASK}`);
	return redact(masked, secrets);
}

function maskHeader(name: string, value: string, options: RequestOptions): string {
	const lower = name.toLowerCase();
	if (lower === 'authorization') {
		const user = options.user === undefined ? '' : ` (user "${options.user}")`;
		return `${value.split(' ')[0]} ${MASK}${user}`;
	}
	if (lower === 'token') return MASK;
	return value;
}

function preview(body: string, verbose: boolean): string {
	if (verbose || body.length <= PREVIEW_CHARS) return body;
	return `${body.slice(0, PREVIEW_CHARS)}… (${body.length - PREVIEW_CHARS} more characters; --verbose prints all)`;
}

/** The lines that show a request: method, URL and headers with secrets masked, then the body. */
export function describeRequest(request: SimulatedRequest, options: RequestOptions, verbose = false): string[] {
	const secrets = secretValues(options);
	return [
		`→ ${request.method} ${maskUrl(request.url, secrets)}`,
		...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${maskHeader(name, value, options)}`),
		'',
		indent(preview(redact(request.body, secrets), verbose)),
	];
}

const indent = (text: string) =>
	text
		.split('\n')
		.map((line) => `  ${line}`)
		.join('\n');

export interface SimulatedResponse {
	status: number;
	body: string;
	/** the Location header of a redirect */
	location?: string;
}

/** n8n's Test URLs (`/webhook-test/...`) exist only while the editor listens, for one call. */
const isN8nTestUrl = (url: string) => new URL(url).pathname.includes('/webhook-test/');

/** What an answer means, in one line a shop owner can act on. */
export function explainResponse(vendor: Vendor, url: string, response: SimulatedResponse): string {
	const { status } = response;
	if (status >= 200 && status < 300) {
		let json: unknown;
		try {
			json = JSON.parse(response.body);
		} catch {
			json = undefined;
		}
		if (isPlainObject(json) && json.started === false) {
			const event = json.event === undefined ? '' : ` (event ${String(json.event)})`;
			return `Received, but no execution started: ${String(json.reason)}${event}.`;
		}
		if (vendor === 'hiboutik' && isPlainObject(json) && typeof json.alerte === 'string') {
			return `Accepted; Hiboutik would show the cashier: ${json.alerte}`;
		}
		return 'Accepted: the workflow received the callback.';
	}
	if (status >= 300 && status < 400) {
		const to = response.location ? ` to ${response.location}` : '';
		return `Redirected${to}: use that URL with --url (a vendor would not follow it with its POST).`;
	}
	if (status === 401 || status === 403) return `Refused (${status}): ${PROFILES[vendor].refusedHint}`;
	if (status === 404) {
		return isN8nTestUrl(url)
			? 'No workflow is listening on this Test URL: click "Listen for test event" in the trigger node first ' +
					'(a Test URL takes one call per click).'
			: 'No active workflow has this Production URL: activate the workflow, ' +
					'or use the Test URL while listening for a test event.';
	}
	if (status >= 500) return `The server failed (${status}); see the n8n log.`;
	return `Refused (${status}); the answer above says why.`;
}

export function describeResponse(
	vendor: Vendor,
	url: string,
	response: SimulatedResponse,
	options: RequestOptions,
	verbose = false,
): string[] {
	const secrets = secretValues(options);
	return [
		`← ${response.status}`,
		...(response.body === '' ? [] : [indent(preview(redact(response.body, secrets), verbose))]),
		explainResponse(vendor, url, response),
	];
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

export interface SimulateOptions extends RequestOptions {
	vendor: string;
	event: string;
	/** a JSON file whose content replaces the event's sample payload */
	file?: string;
	/** how many times to send the same callback (to see duplicate suppression); default 1 */
	repeat?: number;
	/** print bodies in full */
	verbose?: boolean;
	/** where the report goes; default console.log */
	print?: (line: string) => void;
	/** where warnings go; default console.error */
	warn?: (line: string) => void;
	timeoutMs?: number;
}

export interface SimulateResult extends SimulatedResponse {
	/** every answer, in order (one per --repeat) */
	responses: SimulatedResponse[];
	/** whether every answer was 2xx */
	ok: boolean;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

function checkRepeat(repeat: number | undefined): number {
	const count = repeat ?? 1;
	if (!Number.isInteger(count) || count < 1 || count > MAX_REPEAT) {
		throw new UsageError(`--repeat must be a whole number from 1 to ${MAX_REPEAT}`);
	}
	return count;
}

/** Explains a failed fetch (no HTTP answer) in words, with the usual cause. */
function connectionFailure(url: string, error: unknown, timeoutMs: number): ConnectionError {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const name = (error as Error).name;
	if (name === 'TimeoutError' || name === 'AbortError') {
		return new ConnectionError(`No answer from ${new URL(url).host} within ${timeoutMs / 1000} s.`);
	}
	const code = cause?.code ?? '';
	const reasons: Record<string, string> = {
		ECONNREFUSED: 'connection refused: is n8n running on that host and port?',
		ENOTFOUND: 'host not found: check the URL',
		EAI_AGAIN: 'host name lookup failed: check the URL and the network',
		ECONNRESET: 'the connection was closed by the server',
	};
	const reason = reasons[code] ?? cause?.message ?? (error as Error).message;
	return new ConnectionError(`Could not reach ${new URL(url).host}: ${reason}`);
}

async function send(request: SimulatedRequest, timeoutMs: number): Promise<SimulatedResponse> {
	let response: Response;
	try {
		response = await fetch(request.url, {
			method: request.method,
			headers: request.headers,
			body: request.body,
			// A vendor's POST does not follow redirects either; show the redirect instead.
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
		});
	} catch (error) {
		throw connectionFailure(request.url, error, timeoutMs);
	}
	const body = await response.text();
	const location = response.headers.get('location') ?? undefined;
	return { status: response.status, body, ...(location === undefined ? {} : { location }) };
}

/**
 * Sends the vendor's callback for `event` to `url` (`repeat` times), prints the
 * request and every answer, and returns the last answer. Throws UsageError for
 * a bad option and ConnectionError when nothing answers.
 */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
	const print = options.print ?? ((line: string) => console.log(line));
	const warn = options.warn ?? ((line: string) => console.error(line));
	const vendor = findVendor(options.vendor);
	const repeat = checkRepeat(options.repeat);
	const payload = options.file === undefined ? options.payload : loadPayloadFile(options.file);
	const requestOptions: RequestOptions = { ...options, payload };
	const request = buildRequest(vendor, options.event, requestOptions);
	const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;

	const missing = PROFILES[vendor].missingCredential(requestOptions);
	if (missing !== undefined) warn(`Warning: ${missing}`);
	if (options.secret !== undefined && vendor === 'hiboutik' && new URL(options.url).searchParams.get('k') !== null) {
		warn('Note: the URL already has k=; it is sent as it is and --secret is not added.');
	}
	if (repeat > 1 && isN8nTestUrl(request.url)) {
		warn(
			'Note: an n8n Test URL takes one call per "Listen for test event" click, so repeats get 404. ' +
				'Use the Production URL of the active workflow to see duplicate suppression.',
		);
	}

	print(describeRequest(request, requestOptions, options.verbose).join('\n'));
	const responses: SimulatedResponse[] = [];
	for (let attempt = 1; attempt <= repeat; attempt++) {
		if (repeat > 1) print(`\n[${attempt}/${repeat}]`);
		const response = await send(request, timeoutMs);
		responses.push(response);
		print(describeResponse(vendor, request.url, response, requestOptions, options.verbose).join('\n'));
	}
	const last = responses[responses.length - 1];
	return { ...last, responses, ok: responses.every((r) => isSuccess(r.status)) };
}

// ---------------------------------------------------------------------------------------------
// Help texts
// ---------------------------------------------------------------------------------------------

/** `simulate --list`: every vendor, how it calls, and its events. */
export function listText(): string {
	return VENDORS.map((vendor) => {
		const profile = PROFILES[vendor];
		const events = profile.events.map((event) =>
			vendor === 'one' && event === ONE_TEST_EVENT ? `${event} (what ONe's "Submit test webhook" button sends)` : event,
		);
		return `${vendor}: ${profile.summary}\n${events.map((e) => `  ${e}`).join('\n')}`;
	}).join('\n\n');
}

export function examples(command: string): string[] {
	return VENDORS.map((vendor) => `  ${command} ${PROFILES[vendor].example}`);
}
