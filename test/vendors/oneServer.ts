/**
 * A local ONe by Unity integration API for tests: a bearer token on every
 * call, JSON answers, Spring-style errors `{status, error, message, path,
 * errors?}`. It serves an offer whose lines carry `parentLineId` (a cable and
 * the drum it is wound on), records add-configurable-products calls and adds
 * the products to its carts, and keeps webhooks (list, create, get, update,
 * delete, types, send-example). Send-example POSTs an example event to the
 * webhook's callbackUrl with the webhook's HTTP Basic auth, like the back
 * office's "Submit test webhook", but only to 127.0.0.1. It can misbehave on
 * demand (401, 429 with Retry-After, 500). Every request is recorded. Binds
 * 127.0.0.1 only.
 *
 * ONe documents the paths and the webhook fields, not its answers: the offer's
 * shape, the webhook as listed (without its password), the list format (a
 * plain array, or a page on demand), status codes and error bodies are
 * illustrative.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ONE_EVENTS } from '../../nodes/One/events';

const ORDERPATH = '/api/v1/orderpath/integrations/auth-required';
const WEBHOOKS = '/api/v1/webhooks/integrations/auth-required/webhooks';

export const OFFER_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const CART_ID = '3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f';
/** The parentLineId of ONe's release note: the cable's line. */
export const CABLE_LINE_ID = '1116cba2-499d-4f49-b1bd-4163c1f09fdc';
export const DRUM_LINE_ID = '5e0c2b8f-3a71-4d6e-9f12-7b4c8d9e0a1f';
export const BOX_LINE_ID = 'a8d3f1c6-2e94-4b7a-8c05-6f1e2d3c4b5a';
export const CABLE_PRODUCT_ID = 'c4b1e7d2-6a3f-4e8b-9d0c-1a2b3c4d5e6f';
export const DRUM_PRODUCT_ID = 'd7e2f8a3-1b4c-4d5e-8f6a-7b8c9d0e1f2a';
export const BOX_PRODUCT_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';

export type OneServerMode =
	| 'ok'
	/** every request answers 401, whatever the token */
	| 'unauthorized'
	/** HTTP 429 with Retry-After (default: once, "1") */
	| 'status429'
	| { kind: 'status429'; times?: number; retryAfter?: string; skip?: number }
	/** HTTP 500 (default: once) */
	| 'status500'
	| { kind: 'status500'; times?: number; skip?: number };

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	body: unknown;
	authorized: boolean;
	answer: { status: number; body: string };
}

type Json = Record<string, unknown>;

/** A webhook as ONe keeps it, password included (never shown by the API). */
export interface StoredWebhook {
	id: string;
	name: string;
	status: 'ACTIVE' | 'INACTIVE';
	webhookType: { name: string; exchangeName: string };
	callbackUrl: string;
	callbackAuthentication: { type: 'NONE' | 'HTTP_BASIC'; username?: string; password?: string };
}

/** One example request sent by send-example. */
export interface Delivery {
	webhookId: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	/** the receiver's answer, or 0 when it could not be reached */
	status: number;
	responseBody: string;
}

export interface OneServer {
	/** e.g. http://127.0.0.1:40123 — the credential's Base URL */
	baseUrl: string;
	requests: RecordedRequest[];
	offers: Map<string, Json>;
	/** cartId → cart with its lines */
	carts: Map<string, Json>;
	/** the bodies of add-configurable-products calls, in order */
	cartCalls: Array<{ cartId: string; body: Json }>;
	webhooks: Map<string, StoredWebhook>;
	deliveries: Delivery[];
	setMode(mode: OneServerMode): void;
	/** lists as a plain array (default) or as Spring pages of `size` records */
	setListShape(shape: 'array' | 'page', size?: number): void;
	/** how a created webhook is answered: the webhook (default), or 201 with only a Location header */
	setCreateAnswer(answer: 'webhook' | 'locationOnly'): void;
	/** whether webhooks are shown with their callback password (default: not shown) */
	setShowPasswords(show: boolean): void;
	reset(): void;
	close(): Promise<void>;
}

function seedOffers(): Map<string, Json> {
	const offer: Json = {
		id: OFFER_ID,
		number: 'OF/2025/03/0142',
		customerId: 'org:77',
		customerName: 'Hurtownia Elektryczna VOLT Sp. z o.o.',
		status: 'OPEN',
		currency: 'PLN',
		validUntil: '2025-04-13',
		lines: [
			{
				id: CABLE_LINE_ID,
				productId: CABLE_PRODUCT_ID,
				name: 'Przewód YDY 3x2,5 450/750V',
				quantity: { type: 'CONTENT_QUANTITY', value: 250, unit: 'm' },
				netPrice: '3.85',
				allowQuantitySplitting: false,
			},
			{
				id: DRUM_LINE_ID,
				parentLineId: CABLE_LINE_ID,
				productId: DRUM_PRODUCT_ID,
				name: 'Bęben drewniany 800 mm',
				quantity: { type: 'CONTENT_QUANTITY', value: 1, unit: 'szt' },
				netPrice: '120.00',
			},
			{
				id: BOX_LINE_ID,
				parentLineId: null,
				productId: BOX_PRODUCT_ID,
				name: 'Puszka podtynkowa fi60',
				quantity: { type: 'CONTENT_QUANTITY', value: 40, unit: 'szt' },
				netPrice: '0.62',
			},
		],
	};
	return new Map([[OFFER_ID, offer]]);
}

function seedCarts(): Map<string, Json> {
	return new Map([[CART_ID, { id: CART_ID, customerId: 'org:77', currency: 'PLN', lines: [] as Json[] }]]);
}

const KNOWN_PRODUCTS = new Set([CABLE_PRODUCT_ID, DRUM_PRODUCT_ID, BOX_PRODUCT_ID]);

class ApiError {
	constructor(
		readonly status: number,
		readonly message: string,
		readonly errors?: Array<{ field: string; message: string }>,
		readonly headers: Record<string, string> = {},
	) {}
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	404: 'Not Found',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
};

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

const invalid = (field: string, message: string) => new ApiError(400, 'Validation failed', [{ field, message }]);

/** Checks add-configurable-products' body as ONe's documentation shows it. */
function checkConfigurableProducts(body: unknown): Json[] {
	if (!isObject(body) || !Array.isArray(body.configurableProducts) || body.configurableProducts.length === 0) {
		throw invalid('configurableProducts', 'must be a non-empty list');
	}
	body.configurableProducts.forEach((product: unknown, i) => {
		const where = `configurableProducts[${i}]`;
		if (!isObject(product) || !Array.isArray(product.children) || product.children.length === 0) {
			throw invalid(`${where}.children`, 'must be a non-empty list');
		}
		product.children.forEach((child: unknown, j) => {
			const at = `${where}.children[${j}]`;
			if (!isObject(child) || typeof child.productId !== 'string' || child.productId === '') throw invalid(`${at}.productId`, 'is required');
			if (!KNOWN_PRODUCTS.has(child.productId)) throw new ApiError(404, `Product ${child.productId} not found`);
			if (!isObject(child.quantity) || typeof child.quantity.type !== 'string') throw invalid(`${at}.quantity.type`, 'is required');
			if (child.quantity.value !== undefined && (typeof child.quantity.value !== 'number' || child.quantity.value <= 0)) {
				throw invalid(`${at}.quantity.value`, 'must be a positive number');
			}
			for (const flag of ['allowQuantityChange', 'allowQuantitySplitting', 'removable']) {
				if (child[flag] !== undefined && typeof child[flag] !== 'boolean') throw invalid(`${at}.${flag}`, 'must be a boolean');
			}
		});
	});
	return body.configurableProducts as Json[];
}

const TYPES = ONE_EVENTS.map((e) => ({ name: e.webhookType, exchangeName: e.exchangeName }));

function checkWebhook(body: unknown): Omit<StoredWebhook, 'id'> {
	if (!isObject(body)) throw invalid('body', 'must be a JSON object');
	if (typeof body.name !== 'string' || body.name.trim() === '') throw invalid('name', 'is required');
	if (body.status !== 'ACTIVE' && body.status !== 'INACTIVE') throw invalid('status', 'must be ACTIVE or INACTIVE');
	const type = body.webhookType;
	if (!isObject(type) || !TYPES.some((t) => t.name === type.name && t.exchangeName === type.exchangeName)) {
		throw invalid('webhookType', 'unknown webhook type');
	}
	if (typeof body.callbackUrl !== 'string' || !/^https?:\/\//.test(body.callbackUrl)) throw invalid('callbackUrl', 'must be an http(s) URL');
	const auth = body.callbackAuthentication;
	if (!isObject(auth) || (auth.type !== 'NONE' && auth.type !== 'HTTP_BASIC')) {
		throw invalid('callbackAuthentication.type', 'must be NONE or HTTP_BASIC');
	}
	if (auth.type === 'HTTP_BASIC' && (typeof auth.username !== 'string' || typeof auth.password !== 'string' || auth.username === '' || auth.password === '')) {
		throw invalid('callbackAuthentication', 'username and password are required for HTTP_BASIC');
	}
	return {
		name: body.name,
		status: body.status,
		webhookType: { name: String(type.name), exchangeName: String(type.exchangeName) },
		callbackUrl: body.callbackUrl,
		callbackAuthentication:
			auth.type === 'HTTP_BASIC'
				? { type: 'HTTP_BASIC', username: auth.username as string, password: auth.password as string }
				: { type: 'NONE' },
	};
}

/** What ONe sends for "Submit test webhook" (inferred): its type and placeholder ids. */
export function exampleEvent(webhook: StoredWebhook): Json {
	const data: Json = { customerId: 'string' };
	if (webhook.webhookType.name === 'CartOpened') data.cartId = '00000000-0000-0000-0000-000000000000';
	if (webhook.webhookType.name === 'OfferOpened') data.offerId = '00000000-0000-0000-0000-000000000000';
	return { webhookType: { ...webhook.webhookType }, data };
}

const isLoopback = (url: string) => {
	try {
		return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
	} catch {
		return false;
	}
};

export async function startOneServer(options: { token: string }): Promise<OneServer> {
	const requests: RecordedRequest[] = [];
	let offers = seedOffers();
	let carts = seedCarts();
	const cartCalls: Array<{ cartId: string; body: Json }> = [];
	const webhooks = new Map<string, StoredWebhook>();
	const deliveries: Delivery[] = [];
	let listShape: 'array' | 'page' = 'array';
	let pageSize = 20;
	let createAnswer: 'webhook' | 'locationOnly' = 'webhook';
	let showPasswords = false;
	let mode: OneServerMode = 'ok';
	let remaining = 0;
	let skip = 0;
	let origin = '';

	const kindOf = (m: OneServerMode) => (typeof m === 'string' ? m : m.kind);
	const misbehaves = (kind: string) => {
		if (kindOf(mode) !== kind) return false;
		if (kind === 'unauthorized') return true;
		if (skip > 0) {
			skip -= 1;
			return false;
		}
		if (remaining <= 0) return false;
		remaining -= 1;
		return true;
	};

	const view = (webhook: StoredWebhook): Json => ({
		id: webhook.id,
		name: webhook.name,
		status: webhook.status,
		webhookType: { ...webhook.webhookType },
		callbackUrl: webhook.callbackUrl,
		callbackAuthentication:
			webhook.callbackAuthentication.type === 'HTTP_BASIC'
				? {
						type: 'HTTP_BASIC',
						username: webhook.callbackAuthentication.username,
						...(showPasswords ? { password: webhook.callbackAuthentication.password } : {}),
					}
				: { type: 'NONE' },
	});

	function list(records: Json[], query: Record<string, string>): unknown {
		if (listShape === 'array') return records;
		const page = query.page === undefined ? 0 : Number(query.page);
		const size = query.size === undefined ? pageSize : Number(query.size);
		const totalPages = Math.max(1, Math.ceil(records.length / size));
		return {
			content: records.slice(page * size, (page + 1) * size),
			number: page,
			size,
			totalElements: records.length,
			totalPages,
			first: page === 0,
			last: page >= totalPages - 1,
		};
	}

	async function sendExample(webhook: StoredWebhook): Promise<Delivery> {
		const body = JSON.stringify(exampleEvent(webhook));
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		const auth = webhook.callbackAuthentication;
		if (auth.type === 'HTTP_BASIC') {
			headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
		}
		const delivery: Delivery = { webhookId: webhook.id, url: webhook.callbackUrl, headers, body, status: 0, responseBody: '' };
		deliveries.push(delivery);
		// Tests never send traffic anywhere but this machine.
		if (!isLoopback(webhook.callbackUrl)) return delivery;
		try {
			const response = await fetch(webhook.callbackUrl, { method: 'POST', headers, body });
			delivery.status = response.status;
			delivery.responseBody = await response.text();
		} catch {
			delivery.status = 0;
		}
		return delivery;
	}

	async function route(method: string, path: string, query: Record<string, string>, body: unknown): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
		if (path === `${ORDERPATH}/offer` && method === 'GET') {
			if (query.offerId === undefined || query.offerId === '') throw invalid('offerId', 'is required');
			const offer = offers.get(query.offerId);
			if (offer === undefined) throw new ApiError(404, `Offer ${query.offerId} not found`);
			return { status: 200, body: offer };
		}
		const cart = new RegExp(`^${ORDERPATH}/carts/([^/]+)/add-configurable-products$`).exec(path);
		if (cart && method === 'POST') {
			const cartId = decodeURIComponent(cart[1]);
			const found = carts.get(cartId);
			if (found === undefined) throw new ApiError(404, `Cart ${cartId} not found`);
			const products = checkConfigurableProducts(body);
			cartCalls.push({ cartId, body: body as Json });
			for (const product of products) {
				const parentId = randomUUID();
				(product.children as Json[]).forEach((child, i) => {
					(found.lines as Json[]).push({ id: i === 0 ? parentId : randomUUID(), ...(i === 0 ? {} : { parentLineId: parentId }), ...child });
				});
			}
			return { status: 200, body: found };
		}
		if (path === WEBHOOKS && method === 'GET') return { status: 200, body: list([...webhooks.values()].map(view), query) };
		if (path === WEBHOOKS && method === 'POST') {
			const webhook: StoredWebhook = { id: randomUUID(), ...checkWebhook(body) };
			webhooks.set(webhook.id, webhook);
			if (createAnswer === 'locationOnly') return { status: 201, headers: { Location: `${origin}${WEBHOOKS}/${webhook.id}` } };
			return { status: 201, body: view(webhook) };
		}
		if (path === `${WEBHOOKS}/types` && method === 'GET') return { status: 200, body: TYPES };
		const one = new RegExp(`^${WEBHOOKS}/([^/]+)(/send-example)?$`).exec(path);
		if (one) {
			const id = decodeURIComponent(one[1]);
			const webhook = webhooks.get(id);
			if (webhook === undefined) throw new ApiError(404, `Webhook ${id} not found`);
			if (one[2] !== undefined && method === 'POST') {
				const delivery = await sendExample(webhook);
				return { status: 200, body: { sent: true, callbackUrl: delivery.url, responseStatus: delivery.status } };
			}
			if (one[2] === undefined && method === 'GET') return { status: 200, body: view(webhook) };
			if (one[2] === undefined && method === 'PUT') {
				const updated: StoredWebhook = { id, ...checkWebhook(body) };
				webhooks.set(id, updated);
				return { status: 200, body: view(updated) };
			}
			if (one[2] === undefined && method === 'DELETE') {
				webhooks.delete(id);
				return { status: 204 };
			}
		}
		throw new ApiError(404, `No handler for ${method} ${path}`);
	}

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const rawBody = Buffer.concat(chunks).toString('utf8');
				const url = new URL(req.url ?? '/', 'http://127.0.0.1');
				const record: RecordedRequest = {
					method: req.method ?? 'GET',
					path: url.pathname,
					query: Object.fromEntries(url.searchParams),
					headers: req.headers,
					rawBody,
					body: undefined,
					authorized: req.headers.authorization === `Bearer ${options.token}`,
					answer: { status: 0, body: '' },
				};
				requests.push(record);
				const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
					const text = body === undefined ? '' : JSON.stringify(body);
					record.answer = { status, body: text };
					res.writeHead(status, { ...(text === '' ? {} : { 'Content-Type': 'application/json' }), 'Content-Length': String(Buffer.byteLength(text)), ...headers });
					res.end(text);
				};
				const fail = (error: ApiError) =>
					answer(
						error.status,
						{
							timestamp: '2025-03-14T09:21:07.412+00:00',
							status: error.status,
							error: REASONS[error.status] ?? 'Error',
							message: error.message,
							path: url.pathname,
							...(error.errors ? { errors: error.errors } : {}),
						},
						error.headers,
					);

				if (!record.authorized || misbehaves('unauthorized')) {
					fail(new ApiError(401, 'Full authentication is required to access this resource', undefined, { 'WWW-Authenticate': 'Bearer' }));
					return;
				}
				if (misbehaves('status429')) {
					const retryAfter = typeof mode === 'object' && mode.kind === 'status429' ? (mode.retryAfter ?? '1') : '1';
					fail(new ApiError(429, 'Rate limit exceeded', undefined, retryAfter === '' ? {} : { 'Retry-After': retryAfter }));
					return;
				}
				if (misbehaves('status500')) {
					fail(new ApiError(500, 'Unexpected error'));
					return;
				}
				try {
					if (rawBody !== '') {
						try {
							record.body = JSON.parse(rawBody) as unknown;
						} catch {
							throw new ApiError(400, 'Malformed JSON request');
						}
					}
					const result = await route(record.method, url.pathname, record.query, record.body);
					answer(result.status, result.body, result.headers);
				} catch (error) {
					fail(error instanceof ApiError ? error : new ApiError(500, (error as Error).message));
				}
			})();
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	origin = `http://127.0.0.1:${port}`;
	return {
		baseUrl: origin,
		requests,
		get offers() {
			return offers;
		},
		get carts() {
			return carts;
		},
		cartCalls,
		webhooks,
		deliveries,
		setMode(next) {
			mode = next;
			remaining = typeof next === 'object' && next.times !== undefined ? next.times : 1;
			skip = typeof next === 'object' && next.skip !== undefined ? next.skip : 0;
		},
		setListShape(shape, size) {
			listShape = shape;
			if (size !== undefined) pageSize = size;
		},
		setCreateAnswer(next) {
			createAnswer = next;
		},
		setShowPasswords(show) {
			showPasswords = show;
		},
		reset() {
			requests.length = 0;
			offers = seedOffers();
			carts = seedCarts();
			cartCalls.length = 0;
			webhooks.clear();
			deliveries.length = 0;
			listShape = 'array';
			pageSize = 20;
			createAnswer = 'webhook';
			showPasswords = false;
			mode = 'ok';
			remaining = 0;
			skip = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	} satisfies OneServer as OneServer;
}
