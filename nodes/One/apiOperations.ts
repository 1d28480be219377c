/**
 * The ONe node's operations: for each resource → operation, the node fields
 * it reads, a zod schema that checks them before anything is sent (messages
 * name the field as the editor shows it), and the calls it makes. Sending,
 * retries, lists and error wording live once in api.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import type { BasicCredentials } from '../shared/secrets';
import { isRecord, ONE_PATHS, type OneRequest } from './api';
import { credentialProblem } from './auth';
import { findOneEvent, oneEventDefinition } from './events';
import { withRelations } from './offerRelations';
import { returnAllOrLimit } from '../shared/listLimit';

/** What an operation may ask of the API for its item (bound to the item by the node). */
export interface OneCalls {
	/** one call; the body of ONe's 2xx answer */
	request(request: OneRequest): Promise<unknown>;
	/** every record of a list, up to `limit` when given */
	getAll(path: string, limit?: number): Promise<IDataObject[]>;
	/** an error for the item saying ONe has no such record */
	notFound(message: string, description: string): Error;
}

export interface OneOperation<Input = unknown> {
	/** the node fields this operation reads (hidden or absent fields read as undefined) */
	fields: string[];
	/** whether the item also needs the "ONe Webhook (HTTP Basic)" credential, read into `callbackCredential` */
	usesWebhookCredential?: (fields: Record<string, unknown>) => boolean;
	schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
	/** the output items (json) for one input item */
	run(calls: OneCalls, input: Input): Promise<IDataObject[]>;
}

// ---------------------------------------------------------------------------
// Field rules

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A value as the user should recognise it in a message: text in quotes, numbers bare. */
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * ONe's ids: UUIDs for offers, carts, lines and products, `ind:` / `org:` for
 * clients. Given as text or a number; no spaces (a pasted ID with a space
 * inside is a mistake, not an ID).
 */
const oneId = (label: string, example: string) =>
	z.unknown().transform((value, ctx): string => {
		const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
		if (text === undefined || text === '') {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is required, e.g. ${example}${isBlank(value) ? '' : ` (got ${show(value)})`}` });
			return z.NEVER;
		}
		if (/\s/.test(text)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must not contain spaces (got ${show(value)})` });
			return z.NEVER;
		}
		return text;
	});

const requiredText = (label: string) =>
	z.unknown().transform((value, ctx): string => {
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string' || value.trim() === '') {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is required` });
			return z.NEVER;
		}
		return value.trim();
	});

/** true/false, also from an expression that gives the text "true" / "false". */
const flag = (label: string, fallback: boolean) =>
	z.unknown().transform((value, ctx): boolean => {
		if (value === undefined || value === null || value === '') return fallback;
		if (typeof value === 'boolean') return value;
		if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) return value.trim().toLowerCase() === 'true';
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be true or false (got ${show(value)})` });
		return z.NEVER;
	});

/** A quantity greater than 0: a number, or text like "12.5" / "12,5" (metres of cable are decimals). */
const positiveQuantity = (label: string) =>
	z.unknown().transform((value, ctx): number => {
		let number = Number.NaN;
		if (typeof value === 'number') number = value;
		else if (typeof value === 'string' && /^\d+(?:[.,]\d+)?$/.test(value.trim())) number = Number(value.trim().replace(',', '.'));
		if (!Number.isFinite(number) || number <= 0) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a number greater than 0, e.g. 12.5 (got ${show(value)})` });
			return z.NEVER;
		}
		return number;
	});

const webAddress = (label: string) =>
	requiredText(label).superRefine((text, ctx) => {
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {
			url = undefined;
		}
		if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a web address starting with https:// (got ${show(text)})` });
		}
	});

/** "Products › Product 2 › Quantity: …", "Products (JSON) › configurableProducts[0].children[1].productId: …" */
function whereOf(path: (string | number)[]): string {
	if (path[0] === 'products' && typeof path[2] === 'number') return `Products › Product ${path[2] + 1}`;
	if (path[0] === 'productsJson') {
		const inner = path
			.slice(1)
			.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
			.join('')
			.replace(/^\./, '');
		return inner === '' ? 'Products (JSON)' : `Products (JSON) › ${inner}`;
	}
	return '';
}

/** The first three problems, each saying where it is. */
export function describeInvalidInput(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => {
			const where = whereOf(issue.path);
			return where === '' ? issue.message : `${where}: ${issue.message}`;
		})
		.join('; ');
}

/** ONe's answer to a change, to merge into the output item (a non-object answer is kept under `response`). */
function asObject(body: unknown): IDataObject {
	if (isRecord(body)) return body;
	return body === undefined || body === '' ? {} : { response: body as IDataObject };
}

// ---------------------------------------------------------------------------
// Offer → Get

const getOffer: OneOperation<{ offerId: string }> = {
	fields: ['offerId'],
	schema: z.object({ offerId: oneId('Offer ID', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a') }),
	async run(calls, { offerId }) {
		// ONe names the endpoint ("Get offer") but not how the offer is chosen: `?offerId=` is inferred.
		const body = await calls.request({ method: 'GET', path: ONE_PATHS.offer, qs: { offerId }, idempotent: true });
		const offers = (Array.isArray(body) ? body : [body]).filter(isRecord);
		if (offers.length === 0) {
			throw calls.notFound(`ONe has no offer with ID ${offerId}`, 'ONe answered without an offer. Check the offer ID (the ID in the address of the offer in ONe).');
		}
		return offers.map(withRelations);
	},
};

// ---------------------------------------------------------------------------
// Cart → Add Configurable Products

export const CONTENT_QUANTITY = 'CONTENT_QUANTITY';

/** One product of the node's "Products" list, as ONe's `children` entry. */
const productFromFields = z
	.object({
		productId: oneId('Product ID', '5b1f7a2c-…'),
		quantity: positiveQuantity('Quantity'),
		quantityType: z.unknown(),
		allowQuantityChange: flag('Allow Quantity Change', true),
		allowQuantitySplitting: flag('Allow Quantity Splitting', true),
		removable: flag('Removable', true),
	})
	.transform((p) => ({
		productId: p.productId,
		quantity: { type: typeof p.quantityType === 'string' && p.quantityType.trim() !== '' ? p.quantityType.trim() : CONTENT_QUANTITY, value: p.quantity },
		allowQuantityChange: p.allowQuantityChange,
		allowQuantitySplitting: p.allowQuantitySplitting,
		removable: p.removable,
	}));

/** A quantity in JSON: ONe's `{type, value?}`, or a bare number meaning that many of CONTENT_QUANTITY. */
const jsonQuantity = z.preprocess(
	(value) => (typeof value === 'number' ? { type: CONTENT_QUANTITY, value } : value),
	z
		.object(
			{
				type: z.string({ required_error: 'quantity.type is required, e.g. "CONTENT_QUANTITY"' }).min(1, 'quantity.type is empty'),
				value: z.number({ invalid_type_error: 'quantity.value must be a number' }).positive('quantity.value must be greater than 0').optional(),
			},
			{ required_error: 'quantity is required', invalid_type_error: 'quantity must be {"type": "CONTENT_QUANTITY", "value": …} or a number' },
		)
		.passthrough(),
);

const jsonFlag = (name: string) => z.boolean({ invalid_type_error: `${name} must be true or false` }).optional();

const jsonChild = z
	.object({
		productId: oneId('productId', '"5b1f7a2c-…"'),
		quantity: jsonQuantity,
		allowQuantityChange: jsonFlag('allowQuantityChange'),
		allowQuantitySplitting: jsonFlag('allowQuantitySplitting'),
		removable: jsonFlag('removable'),
	})
	.passthrough();

const jsonConfigurableProduct = z
	.object({
		children: z.array(jsonChild, { required_error: 'children is required: the list of products', invalid_type_error: 'children must be a list' }).min(1, 'children is empty'),
	})
	.passthrough();

/**
 * The JSON field, as ONe's whole body `{configurableProducts: [...]}`, its
 * list `[...]`, or one configurable product `{children: [...]}`.
 */
const configurableProductsJson = z
	.unknown()
	.transform((value, ctx): unknown => {
		if (typeof value !== 'string') return value;
		try {
			return JSON.parse(value) as unknown;
		} catch (error) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is not valid JSON: ${(error as Error).message}` });
			return z.NEVER;
		}
	})
	.transform((value, ctx): unknown[] => {
		if (Array.isArray(value)) return value;
		if (isRecord(value) && Array.isArray(value.configurableProducts)) return value.configurableProducts;
		if (isRecord(value) && 'children' in value) return [value];
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'must be {"configurableProducts": [{"children": [...]}]}, a list of configurable products, or one {"children": [...]}',
		});
		return z.NEVER;
	})
	.pipe(z.array(jsonConfigurableProduct).min(1, 'has no configurable product'));

type AddInput = { cartId: string; configurableProducts: IDataObject[] };

const addConfigurableProducts: OneOperation<AddInput> = {
	fields: ['cartId', 'productsInput', 'products', 'productsJson'],
	schema: z
		.object({
			cartId: oneId('Cart ID', '3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f'),
			productsInput: z.enum(['fields', 'json']).default('fields'),
			products: z.unknown(),
			productsJson: z.unknown(),
		})
		.transform((input, ctx): AddInput => {
			if (input.productsInput === 'json') {
				const parsed = configurableProductsJson.safeParse(input.productsJson);
				if (!parsed.success) {
					parsed.error.issues.forEach((issue) => ctx.addIssue({ ...issue, path: ['productsJson', ...issue.path] }));
					return z.NEVER;
				}
				return { cartId: input.cartId, configurableProducts: parsed.data as IDataObject[] };
			}
			const entries = isRecord(input.products) && Array.isArray(input.products.product) ? input.products.product : [];
			if (entries.length === 0) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['products'], message: 'Products: add at least one product' });
				return z.NEVER;
			}
			const children = z.array(productFromFields).safeParse(entries);
			if (!children.success) {
				children.error.issues.forEach((issue) => ctx.addIssue({ ...issue, path: ['products', 'product', ...issue.path] }));
				return z.NEVER;
			}
			// The listed products make one configurable product, e.g. a cable with the drum it is wound on.
			return { cartId: input.cartId, configurableProducts: [{ children: children.data as unknown as IDataObject[] }] };
		}),
	async run(calls, { cartId, configurableProducts }) {
		// Not idempotent: a 5xx is not sent again, since ONe may have added the products already.
		const answer = await calls.request({
			method: 'POST',
			path: ONE_PATHS.addConfigurableProducts(cartId),
			body: { configurableProducts },
			idempotent: false,
		});
		const result = asObject(answer);
		return [Object.keys(result).length > 0 ? result : { success: true, cartId, configurableProducts }];
	},
};

// ---------------------------------------------------------------------------
// Webhook → Create, Get Many, Delete, Send Example

export type OneWebhookStatus = 'ACTIVE' | 'INACTIVE';

export interface OneWebhookSpec {
	name: string;
	status: OneWebhookStatus;
	webhookType: { name: string; exchangeName: string };
	callbackUrl: string;
	/** HTTP Basic with these values; NONE when undefined */
	basic?: BasicCredentials;
}

/** ONe's webhook body (the fields its management API names). */
export function oneWebhookBody(spec: OneWebhookSpec): IDataObject {
	return {
		name: spec.name,
		status: spec.status,
		webhookType: { ...spec.webhookType },
		callbackUrl: spec.callbackUrl,
		callbackAuthentication: spec.basic
			? { type: 'HTTP_BASIC', username: spec.basic.user, password: spec.basic.password }
			: { type: 'NONE' },
	};
}

/**
 * A webhook as output: the callback password is left out. It belongs in the
 * credential, not in execution data that n8n stores and shows.
 */
export function withoutPassword(webhook: IDataObject): IDataObject {
	const auth = webhook.callbackAuthentication;
	if (!isRecord(auth) || !('password' in auth)) return webhook;
	const rest = { ...auth };
	delete rest.password;
	return { ...webhook, callbackAuthentication: rest };
}

/** The "custom" choice: the user types the type's name and exchange name. */
export const CUSTOM_WEBHOOK_TYPE = 'custom';

const createWebhookSchema = z
	.object({
		webhookName: requiredText('Name'),
		webhookType: z.unknown(),
		customWebhookType: z.unknown(),
		customExchangeName: z.unknown(),
		callbackUrl: webAddress('Callback URL'),
		webhookStatus: z
			.enum(['ACTIVE', 'INACTIVE'], { errorMap: () => ({ message: 'Status must be ACTIVE or INACTIVE' }) })
			.default('ACTIVE'),
		callbackAuthentication: z
			.enum(['HTTP_BASIC', 'NONE'], { errorMap: () => ({ message: 'Authentication must be HTTP_BASIC or NONE' }) })
			.default('HTTP_BASIC'),
		callbackCredential: z.object({ user: z.string(), password: z.string() }).optional(),
	})
	.transform((input, ctx): IDataObject => {
		let webhookType: { name: string; exchangeName: string };
		if (input.webhookType === CUSTOM_WEBHOOK_TYPE) {
			const name = requiredText('Webhook Type Name').safeParse(input.customWebhookType);
			const exchangeName = requiredText('Exchange Name').safeParse(input.customExchangeName);
			if (!name.success || !exchangeName.success) {
				[name, exchangeName].forEach((r) => (r.success ? undefined : ctx.addIssue(r.error.issues[0])));
				return z.NEVER;
			}
			webhookType = { name: name.data, exchangeName: exchangeName.data };
		} else {
			// Any of ONe's spellings is accepted from an expression: CartOpened, cart_opened, the exchange name.
			const event = findOneEvent(input.webhookType);
			if (event === undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `Webhook Type must be CartOpened, ClientLogged, OfferOpened or custom (got ${show(input.webhookType)})`,
				});
				return z.NEVER;
			}
			const definition = oneEventDefinition(event);
			webhookType = { name: definition.webhookType, exchangeName: definition.exchangeName };
		}
		let basic: BasicCredentials | undefined;
		if (input.callbackAuthentication === 'HTTP_BASIC') {
			basic = input.callbackCredential ?? { user: '', password: '' };
			// The same rule as the ONe Trigger's: what ONe will send must be something it can check.
			const problem = credentialProblem(basic);
			if (problem !== undefined) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: `ONe Webhook credential: ${problem}` });
				return z.NEVER;
			}
		}
		return oneWebhookBody({ name: input.webhookName, status: input.webhookStatus, webhookType, callbackUrl: input.callbackUrl, basic });
	});

const createWebhook: OneOperation<IDataObject> = {
	fields: ['webhookName', 'webhookType', 'customWebhookType', 'customExchangeName', 'callbackUrl', 'webhookStatus', 'callbackAuthentication'],
	usesWebhookCredential: (fields) => (fields.callbackAuthentication ?? 'HTTP_BASIC') === 'HTTP_BASIC',
	schema: createWebhookSchema,
	async run(calls, body) {
		// Not idempotent: a 5xx is not sent again, since the first call may have created the webhook.
		const answer = await calls.request({ method: 'POST', path: ONE_PATHS.webhooks, body, idempotent: false });
		const created = isRecord(answer) ? answer : { ...body, ...asObject(answer) };
		return [withoutPassword(created)];
	},
};

const webhookIdSchema = z.object({ webhookId: oneId('Webhook ID', '7c9e6679-7425-40de-944b-e07fc1f90ae7') });

const deleteWebhook: OneOperation<{ webhookId: string }> = {
	fields: ['webhookId'],
	schema: webhookIdSchema,
	async run(calls, { webhookId }) {
		const answer = await calls.request({ method: 'DELETE', path: ONE_PATHS.webhook(webhookId), idempotent: true });
		return [{ ...asObject(answer), success: true, webhookId }];
	},
};

const sendExample: OneOperation<{ webhookId: string }> = {
	fields: ['webhookId'],
	schema: webhookIdSchema,
	async run(calls, { webhookId }) {
		// Sending the example again does no harm (the receiver only gets a second test call).
		const answer = await calls.request({ method: 'POST', path: ONE_PATHS.sendExample(webhookId), idempotent: true });
		return [{ ...asObject(answer), success: true, webhookId }];
	},
};

const getManyWebhooks: OneOperation<{ limit?: number }> = {
	fields: ['returnAll', 'limit'],
	schema: returnAllOrLimit,
	async run(calls, { limit }) {
		return (await calls.getAll(ONE_PATHS.webhooks, limit)).map(withoutPassword);
	},
};

// ---------------------------------------------------------------------------

/** resource → operation → operation; the node's Resource and Operation options mirror this table. */
export const ONE_OPERATIONS: Record<string, Record<string, OneOperation>> = {
	cart: { addConfigurableProducts: addConfigurableProducts as OneOperation },
	offer: { get: getOffer as OneOperation },
	webhook: {
		create: createWebhook as OneOperation,
		delete: deleteWebhook as OneOperation,
		getAll: getManyWebhooks as OneOperation,
		sendExample: sendExample as OneOperation,
	},
};
