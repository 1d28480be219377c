/**
 * A local SPREAD API for tests (https://social-sb.com/api/updateOrder and a
 * little of REST v2): checks HTTP Basic auth with the public/private keys
 * (401 + WWW-Authenticate: Basic otherwise, which is what lets curl's
 * CURLAUTH_ANY in SPREAD's PHP sample send its credentials), reads the form
 * body as PHP does (parse_str), checks the fields SPREAD's documentation
 * requires, and keeps orders in an upsert store keyed by order_idorder. Every
 * request is recorded with its exact bytes. It can also misbehave on demand
 * (401, 429, 500, garbage, redirects). Binds 127.0.0.1 only.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseStr } from '../../nodes/shared/phpQuery';
import { basicAuthMatches } from '../../nodes/shared/secrets';

export const UPDATE_ORDER_PATH = '/api/updateOrder';
/** Where redirect mode sends the client by default: same server, another path. */
export const MOVED_UPDATE_ORDER_PATH = '/v1/moved/updateOrder';

export type SpreadServerMode =
	| 'ok'
	/** every request answers 401, whatever the keys */
	| 'unauthorized'
	/** HTTP 429 with Retry-After (default: once, "1") */
	| 'status429'
	| { kind: 'status429'; times?: number; retryAfter?: string }
	/** HTTP 500 (default: once) */
	| 'status500'
	| { kind: 'status500'; times?: number }
	/** status 200 with a body that is neither JSON nor meant for machines */
	| 'garbage'
	/** redirects updateOrder (default: once, 302, to MOVED_UPDATE_ORDER_PATH; location may be absolute) */
	| 'redirect'
	| { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; times?: number; location?: string };

export interface RecordedRequest {
	method: string;
	path: string;
	/** the exact bytes received, as text */
	rawBody: string;
	headers: IncomingHttpHeaders;
	/** whether the Basic credentials matched */
	authorized: boolean;
	/** the body as PHP's $_POST would hold it */
	params: Record<string, unknown>;
	answer: { status: number; body: string };
}

/** An order as SPREAD's REST v2 shows it (GET /api/v2/orders/{orderId}). */
export interface StoredOrder {
	id: string;
	orderId: string;
	customerEmail?: string;
	externalId?: string;
	status: string;
	amount: string;
	createdAt: string;
	updatedAt: string;
	startService: string | null;
	endService: string | null;
	tags: string[];
	attributes: string[][];
	/** how many updateOrder calls touched this order */
	writes: number;
}

export interface SpreadServerOptions {
	publicKey: string;
	privateKey: string;
}

export interface SpreadServer {
	/** e.g. http://127.0.0.1:40123 — the credential's Base URL */
	baseUrl: string;
	requests: RecordedRequest[];
	orders: Map<string, StoredOrder>;
	setMode(mode: SpreadServerMode): void;
	/** requests that reached the order endpoint (any path), in order */
	orderRequests(): RecordedRequest[];
	close(): Promise<void>;
}

const ORDER_STATES = new Set(['0', '10', '20', '50', '100']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Json = Record<string, unknown>;

const asRecord = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : []);
const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface ModeState {
	mode: SpreadServerMode;
	remaining: number;
}

function timesOf(mode: SpreadServerMode): number {
	if (typeof mode === 'object' && 'times' in mode && mode.times !== undefined) return mode.times;
	return 1;
}

function modeKind(mode: SpreadServerMode): string {
	return typeof mode === 'string' ? mode : mode.kind;
}

/** What SPREAD's documentation requires of an updateOrder call; undefined when fine. */
function missingOrInvalid(data: Json): string | undefined {
	const email = asText(data.customer_email);
	const externalId = asText(data.external_id);
	if (!email && !externalId) return 'customer_email or external_id is required';
	if (email && !EMAIL.test(email)) return 'customer_email is not a valid email';
	for (const field of ['order_idorder', 'order_state', 'order_amount', 'order_crea_dt']) {
		if (!asText(data[field])) return `${field} is required`;
	}
	if (!ORDER_STATES.has(String(data.order_state))) return 'order_state must be 0, 10, 20, 50 or 100';
	if (!/^\d+(\.\d+)?$/.test(String(data.order_amount))) return 'order_amount must be a number';
	if (!DATE_TIME.test(String(data.order_crea_dt))) return 'order_crea_dt must be Y-m-d H:i:s';
	for (const field of ['order_start_service', 'order_end_service', 'customer_birthday']) {
		if (data[field] !== undefined && !DATE.test(String(data[field]))) return `${field} must be Y-m-d`;
	}
	return undefined;
}

function nowSql(): string {
	return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

function upsertOrder(orders: Map<string, StoredOrder>, data: Json): { order: StoredOrder; created: boolean } {
	const orderId = String(data.order_idorder);
	const existing = orders.get(orderId);
	const order: StoredOrder = existing ?? {
		id: String(100000 + orders.size + 1),
		orderId,
		status: '',
		amount: '',
		createdAt: '',
		updatedAt: '',
		startService: null,
		endService: null,
		tags: [],
		attributes: [],
		writes: 0,
	};
	order.customerEmail = asText(data.customer_email) ?? order.customerEmail;
	order.externalId = asText(data.external_id) ?? order.externalId;
	order.status = String(data.order_state);
	order.amount = String(data.order_amount);
	order.createdAt = String(data.order_crea_dt);
	order.updatedAt = nowSql();
	order.startService = asText(data.order_start_service) ?? order.startService;
	order.endService = asText(data.order_end_service) ?? order.endService;
	if (data.product_attributes !== undefined) {
		order.attributes = asList(data.product_attributes).map((p) => asList(p).map(String));
	}
	const removed = new Set(asList(data.del_order_tag).map(String));
	const tags = [...order.tags, ...asList(data.add_order_tag).map(String)].filter((t) => !removed.has(t));
	order.tags = [...new Set(tags)];
	order.writes += 1;
	orders.set(orderId, order);
	return { order, created: existing === undefined };
}

function publicOrder(order: StoredOrder): Json {
	const { writes: _writes, customerEmail: _email, externalId: _external, ...shown } = order;
	return shown;
}

export async function startSpreadServer(options: SpreadServerOptions): Promise<SpreadServer> {
	const requests: RecordedRequest[] = [];
	const orders = new Map<string, StoredOrder>();
	let state: ModeState = { mode: 'ok', remaining: 0 };

	/** Consumes one use of a limited misbehaviour; true when it applies to this request. */
	const misbehaves = (kind: string) => {
		if (modeKind(state.mode) !== kind) return false;
		if (kind === 'unauthorized' || kind === 'garbage') return true;
		if (state.remaining <= 0) return false;
		state.remaining -= 1;
		return true;
	};

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const path = (req.url ?? '/').split('?')[0];
			const authorized = basicAuthMatches(req.headers.authorization, {
				user: options.publicKey,
				password: options.privateKey,
			});
			const record: RecordedRequest = {
				method: req.method ?? 'GET',
				path,
				rawBody,
				headers: req.headers,
				authorized,
				params: parseStr(rawBody),
				answer: { status: 0, body: '' },
			};
			requests.push(record);
			const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
				record.answer = { status, body };
				send(res, status, body, headers);
			};
			const answerJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
				answer(status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });

			if (!authorized || misbehaves('unauthorized')) {
				answerJson(401, { error: 'Unauthorized' }, { 'WWW-Authenticate': 'Basic realm="SPREAD API"' });
				return;
			}
			const isOrderCall = req.method === 'POST' && (path === UPDATE_ORDER_PATH || path === MOVED_UPDATE_ORDER_PATH);
			if (isOrderCall) {
				if (path === UPDATE_ORDER_PATH && misbehaves('redirect')) {
					const mode = typeof state.mode === 'object' && state.mode.kind === 'redirect' ? state.mode : undefined;
					const location = mode?.location ?? MOVED_UPDATE_ORDER_PATH;
					answer(mode?.status ?? 302, '', { Location: location });
					return;
				}
				if (misbehaves('status429')) {
					const retryAfter =
						typeof state.mode === 'object' && state.mode.kind === 'status429' ? (state.mode.retryAfter ?? '1') : '1';
					answerJson(429, { error: 'Too many requests' }, { 'Retry-After': retryAfter });
					return;
				}
				if (misbehaves('status500')) {
					answer(500, '<html><body><h1>500 Internal Server Error</h1></body></html>', { 'Content-Type': 'text/html' });
					return;
				}
				if (misbehaves('garbage')) {
					answer(200, '<html><body>Maintenance en cours \u{1F6A7} %PDF-1.4 \u0000\u00ff</body>', {
						'Content-Type': 'text/html',
					});
					return;
				}
				const params = record.params;
				const data = asRecord(params.data);
				const problem = missingOrInvalid(data);
				if (problem) {
					answerJson(400, { error: problem });
					return;
				}
				const requestId = asText(asRecord(params.request).order_idorder);
				if (requestId !== undefined && requestId !== data.order_idorder) {
					answerJson(400, { error: 'request[order_idorder] does not match data[order_idorder]' });
					return;
				}
				const { order, created } = upsertOrder(orders, data);
				answerJson(200, { success: true, action: created ? 'created' : 'updated', order: publicOrder(order) });
				return;
			}
			if (req.method === 'GET' && path === '/api/v2/customers') {
				answerJson(200, { customers: [] });
				return;
			}
			const orderMatch = /^\/api\/v2\/orders\/([^/]+)$/.exec(path);
			if (req.method === 'GET' && orderMatch) {
				const order = orders.get(decodeURIComponent(orderMatch[1]));
				if (order) answerJson(200, { order: publicOrder(order) });
				else answerJson(404, { error: 'Order not found' });
				return;
			}
			answerJson(404, { error: 'Not found' });
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		orders,
		setMode(mode) {
			state = { mode, remaining: timesOf(mode) };
		},
		orderRequests: () =>
			requests.filter((r) => r.method === 'POST' && (r.path === UPDATE_ORDER_PATH || r.path === MOVED_UPDATE_ORDER_PATH)),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
	res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
	res.end(body);
}
