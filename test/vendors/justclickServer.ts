/**
 * A local JustClick API (https://{login}.justclick.io/api/{Function}) for tests:
 * reads the form body as PHP does (parse_str), checks the md5 signature over
 * http_build_query of every parameter but `hash` in the order received, and
 * answers `{error_code, error_text, hash}` signed like JustClick, JSON-encoded
 * like PHP's json_encode. It can also be told to misbehave (rate limits, 5xx,
 * forged or garbage answers, slowness). Binds 127.0.0.1 only.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpBuildQuery, parseStr, parseStrToMap, type PhpParsedArray } from '../../nodes/shared/phpQuery';

export type JustClickServerMode =
	| 'ok'
	/** every call answers error_code 5, as for a login JustClick does not know */
	| 'badLogin'
	/** HTTP 429 with Retry-After (default: once, "0") */
	| 'status429'
	| { kind: 'status429'; times?: number; retryAfter?: string }
	/** HTTP 500 (default: once) */
	| 'status500'
	| { kind: 'status500'; times?: number }
	/** error_code 8, request limit from this IP (default: once, no Retry-After) */
	| 'code8'
	| { kind: 'code8'; times?: number; retryAfter?: string }
	/** handles the call, but signs the answer with another key */
	| 'forgedHash'
	/** answers an HTML page with status 200 */
	| 'garbage'
	/** handles the call after a delay (default 2000 ms) */
	| 'slow'
	| { kind: 'slow'; delayMs?: number };

export interface RecordedRequest {
	method: string;
	path: string;
	/** the exact bytes received, as text */
	rawBody: string;
	headers: IncomingHttpHeaders;
	/** the body as PHP's $_POST would hold it */
	params: Record<string, unknown>;
	/** status 0 until answered */
	answer: { status: number; body: string; errorCode?: number };
}

export interface OrderRecord {
	status: string;
	date?: string;
	rpo?: string;
}

export interface JustClickServerOptions {
	userId: string;
	apiKey: string;
	/** the orders the account has (default 100000 … 100009) */
	bills?: Iterable<string>;
}

export interface JustClickServer {
	baseUrl: string;
	requests: RecordedRequest[];
	/** the orders, with the last status each was given */
	orders: Map<string, OrderRecord | null>;
	setMode(mode: JustClickServerMode): void;
	/** requests JustClick handled and answered error_code 0 */
	successfulRequests(): RecordedRequest[];
	close(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** PHP's json_encode: non-ASCII as \uXXXX (UTF-16 units) and "/" as "\/". */
export function phpJsonEncode(value: unknown): string {
	return JSON.stringify(value)
		.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
		.replace(/\//g, '\\/');
}

/** What JustClick's PHP would send: the code, the text and md5("$code::$text::$key"). */
export function signedAnswer(code: number, text: string, apiKey: string, extra: Record<string, unknown> = {}): string {
	return phpJsonEncode({ error_code: code, error_text: text, ...extra, hash: md5(`${code}::${text}::${apiKey}`) });
}

interface Outcome {
	code: number;
	text: string;
	extra?: Record<string, unknown>;
}

const STATUSES = new Set(['sent', 'paid', 'return', 'cancel']);

type Handler = (params: PhpParsedArray, orders: Map<string, OrderRecord | null>) => Outcome;

const str = (params: PhpParsedArray, key: string) => {
	const value = params.get(key);
	return typeof value === 'string' ? value : undefined;
};

const FUNCTIONS: Record<string, Handler> = {
	UpdateOrderStatus(params, orders) {
		const billId = str(params, 'bill_id');
		const status = str(params, 'status');
		if (billId === undefined || status === undefined) return { code: 2, text: 'no transmitted data' };
		if (!STATUSES.has(status)) return { code: 3, text: 'wrong posted data' };
		const date = str(params, 'date');
		const rpo = str(params, 'rpo');
		if ((status === 'sent' || status === 'paid') && !/^\d+$/.test(date ?? '')) return { code: 3, text: 'wrong posted data' };
		if (status === 'sent' && !rpo) return { code: 3, text: 'wrong posted data' };
		if (!orders.has(billId)) return { code: 400, text: 'Заказ не найден' };
		orders.set(billId, { status, date, rpo });
		return { code: 0, text: 'OK' };
	},
	GetAllGroups() {
		return { code: 0, text: 'OK', extra: { result: [{ rass_name: 'clients', rass_title: 'Clients' }] } };
	},
};

type ActiveMode = { kind: string; times: number; retryAfter?: string; delayMs?: number };

function normalise(mode: JustClickServerMode): ActiveMode {
	if (typeof mode === 'string') {
		if (mode === 'status429') return { kind: mode, times: 1, retryAfter: '0' };
		if (mode === 'status500' || mode === 'code8') return { kind: mode, times: 1 };
		if (mode === 'slow') return { kind: mode, times: Infinity, delayMs: 2000 };
		return { kind: mode, times: Infinity };
	}
	if (mode.kind === 'slow') return { kind: 'slow', times: Infinity, delayMs: mode.delayMs ?? 2000 };
	const retryAfter = 'retryAfter' in mode ? mode.retryAfter : undefined;
	return { kind: mode.kind, times: mode.times ?? 1, retryAfter: retryAfter ?? (mode.kind === 'status429' ? '0' : undefined) };
}

function withoutHash(params: PhpParsedArray): PhpParsedArray {
	const copy: PhpParsedArray = new Map(params);
	copy.delete('hash');
	return copy;
}

export async function startJustClickServer(options: JustClickServerOptions): Promise<JustClickServer> {
	const { userId, apiKey } = options;
	const requests: RecordedRequest[] = [];
	const orders = new Map<string, OrderRecord | null>(
		[...(options.bills ?? Array.from({ length: 10 }, (_, i) => String(100000 + i)))].map((bill) => [bill, null]),
	);
	let mode: ActiveMode = { kind: 'ok', times: Infinity };
	const timers = new Set<NodeJS.Timeout>();

	/** The mode for this request; a counted mode falls back to 'ok' once used up. */
	function takeMode(): ActiveMode {
		const current = mode;
		if (current.kind !== 'ok' && Number.isFinite(current.times)) {
			current.times -= 1;
			if (current.times <= 0) mode = { kind: 'ok', times: Infinity };
		}
		return current;
	}

	function handle(path: string, rawBody: string, headers: IncomingHttpHeaders, active: ActiveMode): Outcome {
		const fn = /^\/api\/([A-Za-z]+)$/.exec(path)?.[1];
		if (fn === undefined) return { code: -1, text: 'not found' };
		const contentType = String(headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const params = contentType === 'application/x-www-form-urlencoded' ? parseStrToMap(rawBody) : new Map();
		if (params.size === 0) return { code: 2, text: 'no transmitted data' };
		const hash = params.get('hash');
		if (typeof hash !== 'string' || hash === '') return { code: 1, text: 'not transferred hash' };
		if (active.kind === 'badLogin') return { code: 5, text: 'invalid user name' };
		if (active.kind === 'code8') return { code: 8, text: 'too many requests from your ip' };
		if (md5(`${httpBuildQuery(withoutHash(params))}::${userId}::${apiKey}`) !== hash) {
			return { code: 4, text: 'incorrect hash' };
		}
		const handler = Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined;
		if (handler === undefined) return { code: -1, text: 'not found' };
		return handler(withoutHash(params), orders);
	}

	function answer(
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		body: string,
		headers: Record<string, string>,
		errorCode?: number,
	) {
		record.answer = { status, body, errorCode };
		res.writeHead(status, headers);
		res.end(body);
	}

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
			// Recorded on arrival; `answer` stays status 0 if the client gave up first (slow mode).
			const record: RecordedRequest = {
				method: req.method ?? '',
				path,
				rawBody,
				headers: req.headers,
				params: parseStr(rawBody),
				answer: { status: 0, body: '' },
			};
			requests.push(record);
			const active = takeMode();
			const json = { 'Content-Type': 'application/json; charset=utf-8' };
			if (active.kind === 'status429') {
				const retry: Record<string, string> = active.retryAfter === undefined ? {} : { 'Retry-After': active.retryAfter };
				return answer(res, record, 429, '<html><body>429 Too Many Requests</body></html>', { 'Content-Type': 'text/html', ...retry });
			}
			if (active.kind === 'status500') {
				return answer(res, record, 500, '<html><body>500 Internal Server Error</body></html>', { 'Content-Type': 'text/html' });
			}
			if (active.kind === 'garbage') {
				return answer(res, record, 200, '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>', { 'Content-Type': 'text/html' });
			}
			const respond = () => {
				if (req.method !== 'POST') return answer(res, record, 405, 'Method Not Allowed', { 'Content-Type': 'text/plain' });
				const outcome = handle(path, rawBody, req.headers, active);
				if (outcome.code === -1) return answer(res, record, 404, 'Not Found', { 'Content-Type': 'text/plain' });
				const key = active.kind === 'forgedHash' ? 'not-the-account-key' : apiKey;
				const retry: Record<string, string> =
					outcome.code === 8 && active.retryAfter !== undefined ? { 'Retry-After': active.retryAfter } : {};
				answer(res, record, 200, signedAnswer(outcome.code, outcome.text, key, outcome.extra), { ...json, ...retry }, outcome.code);
			};
			if (active.kind === 'slow') {
				const timer = setTimeout(() => {
					timers.delete(timer);
					if (!res.destroyed) respond();
				}, active.delayMs);
				timers.add(timer);
				return;
			}
			respond();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		orders,
		setMode(next) {
			mode = normalise(next);
		},
		successfulRequests: () => requests.filter((r) => r.answer.errorCode === 0 && r.answer.status === 200),
		async close() {
			for (const timer of timers) clearTimeout(timer);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
