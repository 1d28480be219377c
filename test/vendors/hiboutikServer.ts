/**
 * A local Hiboutik REST API for tests (https://{account}.hiboutik.com/api):
 * HTTP Basic auth with the user's email and API key, JSON answers (406 when
 * the client will not take JSON), request bodies in JSON or form encoding (both
 * are accepted by Hiboutik), errors as `{error, code, error_description,
 * details}`. It serves seeded sales with their line items and customers,
 * applies attribute updates to its in-memory data (so a test can read back the
 * new points), and keeps webhooks with Hiboutik's Link-header pagination
 * (`?p=N`, page size configurable). It can misbehave on demand (401, 429 with
 * Retry-After, 500, 422). Every request is recorded. Binds 127.0.0.1 only.
 *
 * Hiboutik documents the calls but not every answer: the bodies of PUT and
 * DELETE answers and the error codes here are illustrative.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseStr } from '../../nodes/shared/phpQuery';
import { basicAuthMatches } from '../../nodes/shared/secrets';
import { SAMPLE_FIELDS } from '../../nodes/Hiboutik/samples';
import { typeCounts } from '../../nodes/Hiboutik/schemas';

export const API_PATH = '/api';
export const HIBOUTIK_PAGE_SIZE = 250;

/** Misbehaviours on demand; `skip` is how many requests are answered normally before one starts. */
export type HiboutikServerMode =
	| 'ok'
	/** every request answers 401, whatever the credentials */
	| 'unauthorized'
	/** HTTP 429 with Retry-After (default: once, "1") */
	| 'status429'
	| { kind: 'status429'; times?: number; retryAfter?: string; skip?: number }
	/** HTTP 500 (default: once) */
	| 'status500'
	| { kind: 'status500'; times?: number; skip?: number }
	/** HTTP 422 with a validation_error body (default: once) */
	| 'status422'
	| { kind: 'status422'; times?: number; skip?: number };

export interface RecordedRequest {
	method: string;
	/** the path below the origin, e.g. /api/sales/1287 */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** the body as Hiboutik reads it (JSON or form) */
	body: Record<string, unknown>;
	authorized: boolean;
	answer: { status: number; body: string; headers: Record<string, string> };
}

type Json = Record<string, unknown>;

export interface HiboutikServerOptions {
	email: string;
	apiKey: string;
	/** records per page of a list (Hiboutik: 250) */
	pageSize?: number;
	/**
	 * Where Link headers point (default: this server's API root). Hiboutik's
	 * links carry its own host; a test can make them point elsewhere.
	 */
	linkBase?: string;
}

export interface HiboutikServer {
	/** e.g. http://127.0.0.1:40123/api — the credential's Base URL */
	baseUrl: string;
	requests: RecordedRequest[];
	/** sale_id → sale as GET /sales/{id} shows it */
	sales: Map<number, Json>;
	/** customers_id → customer as GET /customer/{id} shows it */
	customers: Map<number, Json>;
	/** webhook_id → webhook */
	webhooks: Map<number, Json>;
	setMode(mode: HiboutikServerMode): void;
	setPageSize(size: number): void;
	/** whether "get one" answers are a list of one record (Hiboutik) or the bare record */
	setSingleRecordsAsList(asList: boolean): void;
	/** the line item with this id, in whichever sale holds it */
	lineItem(id: number): Json | undefined;
	/** back to the seeded data, no requests, mode 'ok' */
	reset(): void;
	close(): Promise<void>;
}

/** The API's view of the trigger's sample sale (ids as numbers, money as text). */
function seedSales(): Map<number, Json> {
	const callback = typeCounts(SAMPLE_FIELDS.sale_validated) as Json;
	const sale: Json = {
		sale_id: callback.sale_id,
		unique_sale_id: callback.unique_sale_id,
		store_id: callback.store_id,
		customer_id: callback.customer_id,
		vendor_id: callback.vendor_id,
		created_at: callback.created_at,
		completed_at: callback.completed_at,
		currency: callback.currency,
		total: callback.total,
		payment: callback.payment,
		points: callback.points,
		sale_ext_ref: callback.sale_ext_ref,
		line_items: structuredClone(callback.line_items),
		taxes: structuredClone(callback.taxes),
	};
	const second: Json = {
		sale_id: 1288,
		unique_sale_id: 1043,
		store_id: 1,
		customer_id: 357,
		vendor_id: 2,
		created_at: '2025-03-14 18:02:11',
		completed_at: '2025-03-14 18:03:40',
		currency: 'EUR',
		total: '37.50',
		payment: 'ESP',
		points: 0,
		sale_ext_ref: '',
		line_items: [
			{
				line_item_id: 5640,
				product_id: 0,
				product_size: 0,
				quantity: 1,
				product_price: '37.50',
				points: 0,
				discount: '0.00',
				product_model: 'Retouche sur mesure (prix libre)',
				product_barcode: '',
				tags: [],
			},
		],
		taxes: [],
	};
	return new Map([
		[sale.sale_id as number, sale],
		[1288, second],
	]);
}

function seedCustomers(): Map<number, Json> {
	const customer = (id: number, first: string, last: string, email: string, points: number): Json => ({
		customers_id: id,
		first_name: first,
		last_name: last,
		email,
		phone: '0600000000',
		date_of_birth: '0000-00-00',
		country: 'FRA',
		points,
	});
	return new Map([
		[356, customer(356, 'Élodie', 'Marchand', 'elodie.marchand@example.fr', 120)],
		[357, customer(357, 'Karim', 'Benali', 'karim.benali@example.fr', 0)],
	]);
}

const LINE_ITEM_ATTRIBUTES = new Set(['points', 'quantity', 'product_price', 'discount', 'comments', 'serial_number']);
const CUSTOMER_ATTRIBUTES = new Set(['first_name', 'last_name', 'email', 'phone', 'date_of_birth', 'country', 'points', 'vat']);
const WHOLE_NUMBER_ATTRIBUTES = new Set(['points']);
const WEBHOOK_ACTIONS = new Set([
	'sale',
	'sale_item',
	'payment',
	'customer',
	'store_credit',
	'product',
	'stock_order',
	'timestamp',
	'schedule',
]);

interface ModeState {
	mode: HiboutikServerMode;
	remaining: number;
	skip: number;
}

const modeKind = (mode: HiboutikServerMode) => (typeof mode === 'string' ? mode : mode.kind);
const timesOf = (mode: HiboutikServerMode) =>
	typeof mode === 'object' && 'times' in mode && mode.times !== undefined ? mode.times : 1;
const skipOf = (mode: HiboutikServerMode) => (typeof mode === 'object' && 'skip' in mode && mode.skip !== undefined ? mode.skip : 0);

class ApiError {
	constructor(
		readonly status: number,
		readonly body: { error: string; code: number; error_description: string; details: unknown },
		readonly headers: Record<string, string> = {},
	) {}
}

const validation = (description: string, details: Json) =>
	new ApiError(422, { error: 'validation_error', code: 3, error_description: description, details });

function readBody(rawBody: string, contentType: string | undefined): Json {
	if (rawBody === '') return {};
	if ((contentType ?? '').includes('application/json')) {
		const value = JSON.parse(rawBody) as unknown;
		if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validation('The body must be a JSON object', {});
		return value as Json;
	}
	return parseStr(rawBody);
}

function acceptsJson(accept: string | undefined): boolean {
	if (accept === undefined || accept.trim() === '') return true;
	return /application\/json|application\/\*|\*\/\*/i.test(accept);
}

export async function startHiboutikServer(options: HiboutikServerOptions): Promise<HiboutikServer> {
	const requests: RecordedRequest[] = [];
	let sales = seedSales();
	let customers = seedCustomers();
	const webhooks = new Map<number, Json>();
	let nextWebhookId = 1;
	let pageSize = options.pageSize ?? HIBOUTIK_PAGE_SIZE;
	let singleRecordsAsList = true;
	let state: ModeState = { mode: 'ok', remaining: 0, skip: 0 };
	let origin = '';

	const misbehaves = (kind: string) => {
		if (modeKind(state.mode) !== kind) return false;
		if (kind === 'unauthorized') return true;
		if (state.skip > 0) {
			state.skip -= 1;
			return false;
		}
		if (state.remaining <= 0) return false;
		state.remaining -= 1;
		return true;
	};

	const findLineItem = (id: number): Json | undefined => {
		for (const sale of sales.values()) {
			const found = (sale.line_items as Json[]).find((item) => item.line_item_id === id);
			if (found) return found;
		}
		return undefined;
	};

	const single = (record: Json | undefined) => (record === undefined ? [] : singleRecordsAsList ? [record] : record);

	const idFrom = (text: string, field: string) => {
		if (!/^\d+$/.test(text)) throw validation(`Invalid ${field}`, { [field]: 'Must be a positive integer' });
		return Number(text);
	};

	/** new_value as the body carried it: JSON keeps its type; forms send text. */
	const checkedValue = (attribute: string, value: unknown, field: string) => {
		if (value === undefined) throw validation('new_value is required', { new_value: 'Required' });
		if (WHOLE_NUMBER_ATTRIBUTES.has(attribute) && !/^-?\d+$/.test(String(value))) {
			throw validation(`${attribute} must be an integer`, { [field]: attribute, new_value: 'Must be an integer' });
		}
		return value;
	};

	function listPage(all: Json[], query: Record<string, string>) {
		const page = query.p === undefined ? 1 : Number(query.p);
		if (!Number.isInteger(page) || page < 1) throw validation('Invalid page', { p: 'Must be a positive integer' });
		const last = Math.max(1, Math.ceil(all.length / pageSize));
		const slice = all.slice((page - 1) * pageSize, page * pageSize);
		const base = options.linkBase ?? `${origin}${API_PATH}`;
		const link = (p: number, rel: string) => `<${base}/webhooks/?p=${p}>; rel="${rel}"`;
		const links = [link(1, 'start')];
		if (page > 1) links.push(link(page - 1, 'prev'));
		links.push(link(page, 'current'));
		if (page < last) links.push(link(page + 1, 'next'));
		links.push(link(last, 'last'));
		const first = slice.length === 0 ? 0 : (page - 1) * pageSize + 1;
		const headers: Record<string, string> = {
			Link: links.join(', '),
			'Content-Range': `${first}-${first === 0 ? 0 : first + slice.length - 1}/${all.length}`,
		};
		return { body: slice, headers };
	}

	/** The API itself, once the request is authenticated and not made to misbehave. */
	function route(method: string, path: string, query: Record<string, string>, body: Json): { status: number; body: unknown; headers?: Record<string, string> } {
		const parts = path.replace(/\/+$/, '').split('/').slice(1); // ['sales', '1287']
		const [resource, id] = parts;
		if (parts.length === 2 && method === 'GET' && resource === 'sales') {
			return { status: 200, body: single(sales.get(idFrom(id, 'sale_id'))) };
		}
		if (parts.length === 2 && method === 'GET' && resource === 'customer') {
			return { status: 200, body: single(customers.get(idFrom(id, 'customers_id'))) };
		}
		if (parts.length === 2 && method === 'PUT' && resource === 'sale_line_item') {
			const lineItemId = idFrom(id, 'line_item_id');
			const item = findLineItem(lineItemId);
			if (item === undefined) throw validation('Unknown line item', { line_item_id: `No line item ${lineItemId}` });
			const attribute = String(body.line_item_attribute ?? '');
			if (!LINE_ITEM_ATTRIBUTES.has(attribute)) {
				throw validation('Invalid line_item_attribute', { line_item_attribute: `Unknown attribute "${attribute}"` });
			}
			item[attribute] = checkedValue(attribute, body.new_value, 'line_item_attribute');
			return { status: 200, body: { line_item_id: lineItemId, line_item_attribute: attribute, new_value: item[attribute] } };
		}
		if (parts.length === 2 && method === 'PUT' && resource === 'customer') {
			const customerId = idFrom(id, 'customers_id');
			const customer = customers.get(customerId);
			if (customer === undefined) throw validation('Unknown customer', { customers_id: `No customer ${customerId}` });
			const attribute = String(body.customers_attribute ?? '');
			if (!CUSTOMER_ATTRIBUTES.has(attribute)) {
				throw validation('Invalid customers_attribute', { customers_attribute: `Unknown attribute "${attribute}"` });
			}
			customer[attribute] = checkedValue(attribute, body.new_value, 'customers_attribute');
			return { status: 200, body: { customers_id: customerId, customers_attribute: attribute, new_value: customer[attribute] } };
		}
		if (parts.length === 1 && resource === 'webhooks' && method === 'GET') {
			return { status: 200, ...listPage([...webhooks.values()], query) };
		}
		if (parts.length === 1 && resource === 'webhooks' && method === 'POST') {
			const missing = ['webhook_label', 'webhook_url', 'webhook_action'].filter((f) => typeof body[f] !== 'string' || body[f] === '');
			if (missing.length > 0) throw validation('Missing fields', Object.fromEntries(missing.map((f) => [f, 'Required'])));
			if (!WEBHOOK_ACTIONS.has(String(body.webhook_action))) {
				throw validation('Invalid webhook_action', { webhook_action: `Unknown action "${String(body.webhook_action)}"` });
			}
			const webhook: Json = {
				webhook_id: nextWebhookId++,
				webhook_label: body.webhook_label,
				webhook_url: body.webhook_url,
				webhook_action: body.webhook_action,
				webhook_async: Number(body.webhook_async ?? 0),
				store_id: body.store_id === undefined ? 1 : Number(body.store_id),
			};
			webhooks.set(webhook.webhook_id as number, webhook);
			return { status: 201, body: { webhook_id: webhook.webhook_id } };
		}
		if (parts.length === 2 && resource === 'webhooks' && method === 'DELETE') {
			const webhookId = idFrom(id, 'webhook_id');
			if (!webhooks.delete(webhookId)) throw validation('Unknown webhook', { webhook_id: `No webhook ${webhookId}` });
			return { status: 200, body: { webhook_id: webhookId } };
		}
		return { status: 404, body: { error: 'not_found', code: 404, error_description: `No route ${method} ${path}`, details: [] } };
	}

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const authorized = basicAuthMatches(req.headers.authorization, { user: options.email, password: options.apiKey });
			const record: RecordedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				rawBody,
				body: {},
				authorized,
				answer: { status: 0, body: '', headers: {} },
			};
			requests.push(record);
			const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
				const text = JSON.stringify(body);
				record.answer = { status, body: text, headers };
				send(res, status, text, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
			};
			const fail = (error: ApiError) => answer(error.status, error.body, error.headers);

			if (!authorized || misbehaves('unauthorized')) {
				fail(
					new ApiError(
						401,
						{ error: 'unauthorized', code: 2, error_description: 'Wrong login or API key', details: [] },
						{ 'WWW-Authenticate': 'Basic realm="Hiboutik API"' },
					),
				);
				return;
			}
			if (!acceptsJson(req.headers.accept)) {
				fail(new ApiError(406, { error: 'not_acceptable', code: 6, error_description: 'Only JSON is served', details: [] }));
				return;
			}
			if (misbehaves('status429')) {
				const mode = typeof state.mode === 'object' && state.mode.kind === 'status429' ? state.mode : undefined;
				const retryAfter = mode?.retryAfter ?? '1';
				fail(
					new ApiError(
						429,
						{ error: 'too_many_requests', code: 29, error_description: 'Too many concurrent calls', details: [] },
						retryAfter === '' ? {} : { 'Retry-After': retryAfter },
					),
				);
				return;
			}
			if (misbehaves('status500')) {
				answer(500, { error: 'internal_error', code: 50, error_description: 'Internal error', details: [] });
				return;
			}
			if (misbehaves('status422')) {
				fail(validation('The request was refused', { new_value: 'Invalid value' }));
				return;
			}
			if (!url.pathname.startsWith(`${API_PATH}/`)) {
				answer(404, { error: 'not_found', code: 404, error_description: 'Not found', details: [] });
				return;
			}
			try {
				record.body = readBody(rawBody, req.headers['content-type']);
				const result = route(record.method, url.pathname.slice(API_PATH.length), record.query, record.body);
				answer(result.status, result.body, result.headers);
			} catch (error) {
				if (error instanceof ApiError) fail(error);
				else fail(new ApiError(400, { error: 'bad_request', code: 1, error_description: (error as Error).message, details: [] }));
			}
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	origin = `http://127.0.0.1:${port}`;
	const api: HiboutikServer = {
		baseUrl: `${origin}${API_PATH}`,
		requests,
		get sales() {
			return sales;
		},
		get customers() {
			return customers;
		},
		webhooks,
		setMode(mode) {
			state = { mode, remaining: timesOf(mode), skip: skipOf(mode) };
		},
		setPageSize(size) {
			pageSize = size;
		},
		setSingleRecordsAsList(asList) {
			singleRecordsAsList = asList;
		},
		lineItem: findLineItem,
		reset() {
			requests.length = 0;
			sales = seedSales();
			customers = seedCustomers();
			webhooks.clear();
			nextWebhookId = 1;
			pageSize = options.pageSize ?? HIBOUTIK_PAGE_SIZE;
			singleRecordsAsList = true;
			state = { mode: 'ok', remaining: 0, skip: 0 };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	return api;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
	res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
	res.end(body);
}
