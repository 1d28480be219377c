/**
 * The Hiboutik node's operations: for each resource → operation, the node
 * fields it reads, a zod schema that checks them before anything is sent
 * (messages name the field as the editor shows it), and the calls it makes.
 * Sending, retries, pages and error wording live once in api.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import type { HiboutikRequest } from './api';
import { returnAllOrLimit } from '../shared/listLimit';

/** What an operation may ask of the API for its item (bound to the item by the node). */
export interface HiboutikCalls {
	/** one call; the body of Hiboutik's 2xx answer */
	request(request: HiboutikRequest): Promise<unknown>;
	/** every record of a list, following pages, up to `limit` when given */
	getAll(path: string, limit?: number): Promise<IDataObject[]>;
	/** an error for the item saying Hiboutik has no such record */
	notFound(message: string, description: string): Error;
}

export interface HiboutikOperation<Input = unknown> {
	/** the node fields this operation reads (hidden or absent fields read as undefined) */
	fields: string[];
	schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
	/** the output items (json) for one input item */
	run(calls: HiboutikCalls, input: Input): Promise<IDataObject[]>;
}

// ---------------------------------------------------------------------------
// Field rules

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A value as the user should recognise it in a message: text in quotes, numbers bare. */
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Hiboutik's ids: whole numbers of 1 or more, given as a number or as digits. */
const positiveId = (label: string, example: string) =>
	z.unknown().transform((value, ctx): number => {
		if (isBlank(value)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is required` });
			return z.NEVER;
		}
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		const id = /^\d+$/.test(text) ? Number(text) : NaN;
		if (!Number.isSafeInteger(id) || id < 1) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `${label} must be a whole number of 1 or more, e.g. ${example} (got ${show(value)})`,
			});
			return z.NEVER;
		}
		return id;
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

/** Attribute names as Hiboutik spells them: letters, digits and underscores. */
const attributeName = (label: string) =>
	requiredText(label).refine((name) => /^[A-Za-z][A-Za-z0-9_]*$/.test(name), {
		message: `${label} must be a Hiboutik attribute name such as product_price (letters, digits and _)`,
	});

// ---------------------------------------------------------------------------
// Attribute values

/**
 * How a value is checked and sent, by the attribute's kind:
 * - whole: points (Hiboutik's points are whole numbers), sent as a number;
 * - number: a quantity, sent as a number;
 * - amount: money, sent as decimal text ("12.50"), never as float noise;
 * - text, email, date (YYYY-MM-DD): sent as text;
 * - any: an attribute picked by name, sent as given.
 */
export type ValueKind = 'whole' | 'number' | 'amount' | 'text' | 'email' | 'date' | 'any';

export interface AttributeInfo {
	/** the attribute's name in the editor */
	name: string;
	/** Hiboutik's name, sent as `line_item_attribute` / `customers_attribute` */
	value: string;
	kind: ValueKind;
	description: string;
}

/** The "Other" choice: the user types the attribute's name. */
export const OTHER_ATTRIBUTE = 'other';

export const LINE_ITEM_ATTRIBUTES: AttributeInfo[] = [
	{ name: 'Comments', value: 'comments', kind: 'text', description: 'Comment printed on the line' },
	{ name: 'Discount', value: 'discount', kind: 'amount', description: 'Discount on the line, e.g. 2.50' },
	{ name: 'Points', value: 'points', kind: 'whole', description: 'Loyalty points the line earns, a whole number' },
	{ name: 'Product Price', value: 'product_price', kind: 'amount', description: 'Unit price, e.g. 12.50' },
	{ name: 'Quantity', value: 'quantity', kind: 'number', description: 'Quantity sold, e.g. 2' },
];

export const CUSTOMER_ATTRIBUTES: AttributeInfo[] = [
	{ name: 'Country', value: 'country', kind: 'text', description: 'Country of the customer' },
	{ name: 'Date of Birth', value: 'date_of_birth', kind: 'date', description: 'Written YYYY-MM-DD, e.g. 1985-04-23' },
	{ name: 'Email', value: 'email', kind: 'email', description: 'Email address of the customer' },
	{ name: 'First Name', value: 'first_name', kind: 'text', description: 'First name of the customer' },
	{ name: 'Last Name', value: 'last_name', kind: 'text', description: 'Last name of the customer' },
	{ name: 'Phone', value: 'phone', kind: 'text', description: 'Phone number of the customer' },
	{ name: 'Points', value: 'points', kind: 'whole', description: 'Loyalty points of the customer, a whole number' },
];

const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A decimal from a number or text ("12.50", "12,50"); undefined when it is neither. */
function readDecimal(value: unknown): { number: number; text: string } | undefined {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return undefined;
		// 0.1 + 0.2 is sent as 0.3, not 0.30000000000000004
		const clean = Number(value.toPrecision(15));
		return { number: clean, text: String(clean === 0 ? 0 : clean) };
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// French users often type a decimal comma; a single comma with no dot is one.
	const normalised = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
	return DECIMAL.test(normalised) ? { number: Number(normalised), text: normalised } : undefined;
}

function isRealDate(text: string): boolean {
	const [year, month, day] = text.split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** YYYY-MM-DD from text that starts with one (an ISO date-time keeps only its day), or from a Luxon/JS date. */
function readCalendarDate(value: unknown): string | undefined {
	let text: string | undefined;
	if (typeof value === 'string') text = value.trim();
	else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
	else if (value !== null && typeof value === 'object' && typeof (value as { toISODate?: unknown }).toISODate === 'function') {
		text = String((value as { toISODate: () => string }).toISODate());
	}
	const match = text === undefined ? null : /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
	return match && isRealDate(match[1]) ? match[1] : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The value to send for an attribute of this kind, or the reason it cannot be sent. */
export function attributeValue(kind: ValueKind, value: unknown, attribute: string): { value: string | number | boolean } | { problem: string } {
	const got = `(got ${show(value)})`;
	const isScalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
	switch (kind) {
		case 'whole': {
			const decimal = readDecimal(value);
			if (decimal === undefined || isBlank(value)) return { problem: `must be a whole number for ${attribute}, e.g. 25 ${got}` };
			if (!Number.isSafeInteger(decimal.number)) {
				return {
					problem: `must be a whole number for ${attribute} ${got}: round it in the expression, e.g. {{ Math.round($json.amount) }}`,
				};
			}
			return { value: decimal.number };
		}
		case 'number': {
			const decimal = readDecimal(value);
			return decimal === undefined || isBlank(value) ? { problem: `must be a number for ${attribute}, e.g. 2 ${got}` } : { value: decimal.number };
		}
		case 'amount': {
			const decimal = readDecimal(value);
			return decimal === undefined || isBlank(value)
				? { problem: `must be an amount for ${attribute}, e.g. 12.50 ${got}` }
				: { value: decimal.text };
		}
		case 'email': {
			const text = typeof value === 'string' ? value.trim() : '';
			return EMAIL.test(text) ? { value: text } : { problem: `must be an email address for ${attribute} ${got}` };
		}
		case 'date': {
			const date = readCalendarDate(value);
			return date === undefined ? { problem: `must be a date written YYYY-MM-DD for ${attribute}, e.g. 1985-04-23 ${got}` } : { value: date };
		}
		case 'text':
			return typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : { problem: `must be text for ${attribute} ${got}` };
		case 'any':
			return isScalar ? { value } : { problem: `must be text, a number or true/false ${got}` };
	}
}

/** The attribute chosen (a listed one, or Other with its name typed) and its value, checked for that attribute. */
function attributeUpdate(attributes: AttributeInfo[]) {
	return z
		.object({
			// Hiboutik's names are lower case; an expression may give " Points ".
			attribute: z.string({ invalid_type_error: 'Attribute is required' }).transform((name) => name.trim().toLowerCase()),
			customAttribute: z.unknown(),
			value: z.unknown(),
		})
		.transform((input, ctx): { attribute: string; value: string | number | boolean } => {
			let name: string;
			let kind: ValueKind;
			if (input.attribute === OTHER_ATTRIBUTE) {
				const custom = attributeName('Attribute Name').safeParse(input.customAttribute);
				if (!custom.success) {
					ctx.addIssue({ ...custom.error.issues[0], path: ['customAttribute'] });
					return z.NEVER;
				}
				name = custom.data;
				kind = attributes.find((a) => a.value === name)?.kind ?? 'any';
			} else {
				const known = attributes.find((a) => a.value === input.attribute);
				if (known === undefined) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: ['attribute'],
						message: `Attribute must be one of ${attributes.map((a) => a.value).join(', ')} or other (got ${show(input.attribute)})`,
					});
					return z.NEVER;
				}
				name = known.value;
				kind = known.kind;
			}
			const checked = attributeValue(kind, input.value, name);
			if ('problem' in checked) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: `Value ${checked.problem}` });
				return z.NEVER;
			}
			return { attribute: name, value: checked.value };
		});
}

// ---------------------------------------------------------------------------
// Answers

/** Hiboutik's answer to a change, to merge into the output item (a non-object answer is kept under `response`). */
function asObject(body: unknown): IDataObject {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	return body === undefined || body === '' ? {} : { response: body as IDataObject };
}

/**
 * The records a "get one" call answered. Hiboutik answers these with a list
 * (one record for an existing id, none for an unknown one) or with the record
 * itself: both are accepted.
 */
function oneRecord(calls: HiboutikCalls, body: unknown, what: string, id: number): IDataObject[] {
	const list = Array.isArray(body) ? body : [body];
	const records = list.filter((entry): entry is IDataObject => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
	if (records.length === 0) {
		throw calls.notFound(
			`Hiboutik has no ${what} with ID ${id}`,
			`Hiboutik answered without a ${what}. Check the ID, and that the credential's user can see this ${what} (on multi-store accounts, its store).`,
		);
	}
	return records;
}

// ---------------------------------------------------------------------------
// Sale → Get

const getSale: HiboutikOperation<{ saleId: number }> = {
	fields: ['saleId'],
	schema: z.object({ saleId: positiveId('Sale ID', '1287') }),
	async run(calls, { saleId }) {
		const body = await calls.request({ method: 'GET', path: `/sales/${saleId}`, idempotent: true });
		return oneRecord(calls, body, 'sale', saleId);
	},
};

// ---------------------------------------------------------------------------
// Sale Line Item → Update Attribute

type AttributeInput<K extends string> = Record<K, number> & { update: { attribute: string; value: string | number | boolean } };

const updateLineItem: HiboutikOperation<AttributeInput<'lineItemId'>> = {
	fields: ['lineItemId', 'attribute', 'customAttribute', 'value'],
	schema: z
		.object({ lineItemId: positiveId('Line Item ID', '5631'), attribute: z.unknown(), customAttribute: z.unknown(), value: z.unknown() })
		.transform((input, ctx) => {
			const update = attributeUpdate(LINE_ITEM_ATTRIBUTES).safeParse(input);
			if (!update.success) {
				update.error.issues.forEach((issue) => ctx.addIssue(issue));
				return z.NEVER;
			}
			return { lineItemId: input.lineItemId, update: update.data };
		}),
	async run(calls, { lineItemId, update }) {
		const body = await calls.request({
			method: 'PUT',
			path: `/sale_line_item/${lineItemId}`,
			body: { line_item_attribute: update.attribute, new_value: update.value },
			idempotent: true,
		});
		return [{ ...asObject(body), lineItemId, attribute: update.attribute, value: update.value }];
	},
};

// ---------------------------------------------------------------------------
// Customer → Get, Update Attribute

const getCustomer: HiboutikOperation<{ customerId: number }> = {
	fields: ['customerId'],
	schema: z.object({ customerId: positiveId('Customer ID', '356') }),
	async run(calls, { customerId }) {
		const body = await calls.request({ method: 'GET', path: `/customer/${customerId}`, idempotent: true });
		return oneRecord(calls, body, 'customer', customerId);
	},
};

const updateCustomer: HiboutikOperation<AttributeInput<'customerId'>> = {
	fields: ['customerId', 'attribute', 'customAttribute', 'value'],
	schema: z
		.object({ customerId: positiveId('Customer ID', '356'), attribute: z.unknown(), customAttribute: z.unknown(), value: z.unknown() })
		.transform((input, ctx) => {
			const update = attributeUpdate(CUSTOMER_ATTRIBUTES).safeParse(input);
			if (!update.success) {
				update.error.issues.forEach((issue) => ctx.addIssue(issue));
				return z.NEVER;
			}
			return { customerId: input.customerId, update: update.data };
		}),
	async run(calls, { customerId, update }) {
		const body = await calls.request({
			method: 'PUT',
			path: `/customer/${customerId}`,
			body: { customers_attribute: update.attribute, new_value: update.value },
			idempotent: true,
		});
		return [{ ...asObject(body), customerId, attribute: update.attribute, value: update.value }];
	},
};

// ---------------------------------------------------------------------------
// Webhook → Get Many, Create, Delete

/** The events a webhook can be created for (Hiboutik's `webhook_action`). */
export const WEBHOOK_ACTIONS = [
	{ name: 'Customer', value: 'customer', description: 'A customer form is added, modified or deleted' },
	{ name: 'Payment', value: 'payment', description: 'A payment method is selected, added or deleted in a sale' },
	{ name: 'Product', value: 'product', description: 'A product form is added, modified or deleted' },
	{ name: 'Sale', value: 'sale', description: 'A sale is closed' },
	{ name: 'Sale Item', value: 'sale_item', description: 'A product is added to a sale' },
	{ name: 'Schedule', value: 'schedule', description: 'A schedule event is added, modified or deleted' },
	{ name: 'Stock Order', value: 'stock_order', description: 'A stock order is received or unreceived, or its quantities change' },
	{ name: 'Store Credit', value: 'store_credit', description: 'A store credit line is added in a customer form' },
	{ name: 'Timestamp', value: 'timestamp', description: 'A timeline is started or stopped' },
] as const;

type WebhookAction = (typeof WEBHOOK_ACTIONS)[number]['value'];
const ACTION_VALUES = WEBHOOK_ACTIONS.map((a) => a.value) as [WebhookAction, ...WebhookAction[]];

const webhookUrl = requiredText('Webhook URL').refine(
	(text) => {
		try {
			const url = new URL(text);
			return url.protocol === 'https:' || url.protocol === 'http:';
		} catch {
			return false;
		}
	},
	(text) => ({ message: `Webhook URL must be a full web address starting with https:// (got ${show(text)})` }),
);

const createWebhookSchema = z
	.object({
		webhookLabel: requiredText('Label'),
		webhookUrl,
		webhookAction: z.preprocess(
			(v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
			z.enum(ACTION_VALUES, {
				errorMap: (_issue, ctx) => ({ message: `Event must be one of ${ACTION_VALUES.join(', ')} (got ${show(ctx.data)})` }),
			}),
		),
		additionalFields: z
			.object({
				async: z.boolean({ invalid_type_error: 'Additional Fields › Asynchronous must be true or false' }).optional(),
				storeId: z.unknown().optional(),
			})
			.passthrough()
			.default({}),
	})
	.transform((input, ctx) => {
		const body: IDataObject = {
			webhook_label: input.webhookLabel,
			webhook_url: input.webhookUrl,
			webhook_action: input.webhookAction,
		};
		if (input.additionalFields.async !== undefined) body.webhook_async = input.additionalFields.async ? 1 : 0;
		// "Webhooks can be different for each point of sale": the field name store_id is
		// inferred from Hiboutik's other calls (sales carry store_id); sent only when set.
		if (!isBlank(input.additionalFields.storeId)) {
			const store = positiveId('Additional Fields › Store ID', '1').safeParse(input.additionalFields.storeId);
			if (!store.success) {
				ctx.addIssue({ ...store.error.issues[0], path: ['additionalFields', 'storeId'] });
				return z.NEVER;
			}
			body.store_id = store.data;
		}
		return body;
	});

const createWebhook: HiboutikOperation<IDataObject> = {
	fields: ['webhookLabel', 'webhookUrl', 'webhookAction', 'additionalFields'],
	schema: createWebhookSchema,
	async run(calls, body) {
		// Not idempotent: a 5xx is not sent again, since the first call may have created the webhook.
		const answer = await calls.request({ method: 'POST', path: '/webhooks', body, idempotent: false });
		return [{ ...body, ...asObject(answer) }];
	},
};

const deleteWebhook: HiboutikOperation<{ webhookId: number }> = {
	fields: ['webhookId'],
	schema: z.object({ webhookId: positiveId('Webhook ID', '12') }),
	async run(calls, { webhookId }) {
		const answer = await calls.request({ method: 'DELETE', path: `/webhooks/${webhookId}`, idempotent: true });
		return [{ ...asObject(answer), success: true, webhookId }];
	},
};

const getManyWebhooks: HiboutikOperation<{ limit?: number }> = {
	fields: ['returnAll', 'limit'],
	schema: returnAllOrLimit,
	async run(calls, { limit }) {
		return await calls.getAll('/webhooks', limit);
	},
};

// ---------------------------------------------------------------------------

/** resource → operation → operation; the node's Resource and Operation options mirror this table. */
export const HIBOUTIK_OPERATIONS: Record<string, Record<string, HiboutikOperation>> = {
	customer: { get: getCustomer, updateAttribute: updateCustomer },
	sale: { get: getSale },
	saleLineItem: { updateAttribute: updateLineItem },
	webhook: { create: createWebhook, delete: deleteWebhook, getAll: getManyWebhooks },
};
