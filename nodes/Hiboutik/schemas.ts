/**
 * What Hiboutik posts for each event, once PHP's bracket keys
 * (`line_items[0][tags][0][tag_id]=7`) have been rebuilt into nested data.
 *
 * Every form value arrives as text. Two rules turn it into data a workflow can
 * use without surprises:
 * - ids, quantities and points (fields named `*_id`, `line_item`, `quantity`,
 *   `points`, at any depth) become numbers when Hiboutik sent a plain whole
 *   number; anything else is kept exactly as sent;
 * - money amounts (`total`, `product_price`, `sale_total_gross`, ...) stay the
 *   exact text Hiboutik sent ("12.50"): turning them into floating-point
 *   numbers could change a cent, and a workflow can still do Number(...).
 * PHP arrays (`line_items`, `taxes`, `tags`) always come out as lists, in the
 * order of their PHP keys, even when those keys have gaps.
 *
 * Only what a workflow cannot do without is required: the sale's id for sales
 * and payments, the customer's id for customer events. Hiboutik publishes no
 * field list for the other events, so they only have to be a non-empty form.
 * Fields not listed here are kept as they arrived.
 */
import { z } from 'zod';
import { EVENT_INFO, type HiboutikEvent, type HiboutikEventFamily } from './events';

/** A whole number as PHP prints one: no leading zeros, no "+", small enough to stay exact in JavaScript. */
const WHOLE_NUMBER = /^(?:0|-?[1-9]\d{0,14})$/;

const COUNT_FIELD = /(?:_id|^line_item|^quantity|^points)$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies the ids/quantities/points rule everywhere in the payload. */
export function typeCounts(value: unknown, key = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => typeCounts(entry));
	if (isRecord(value)) {
		return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, typeCounts(entry, name)]));
	}
	return typeof value === 'string' && COUNT_FIELD.test(key) && WHOLE_NUMBER.test(value) ? Number(value) : value;
}

const numericKeyRank = (key: string) => (/^-?\d+$/.test(key) ? Number(key) : Number.POSITIVE_INFINITY);

/**
 * A PHP array as a list. PHP keys may have gaps or arrive out of order
 * (`line_items[2]` before `line_items[0]`): entries are sorted by numeric key,
 * any non-numeric keys last in the order sent. An empty value means no entries.
 */
export function toList(value: unknown): unknown {
	// filter() also drops the holes of a sparse array
	if (Array.isArray(value)) return value.filter(() => true);
	if (value === '') return [];
	if (!isRecord(value)) return value;
	return Object.entries(value)
		.map(([key, entry], position) => ({ rank: numericKeyRank(key), position, entry }))
		.sort((a, b) => (a.rank === b.rank ? a.position - b.position : a.rank < b.rank ? -1 : 1))
		.map(({ entry }) => entry);
}

const list = <T extends z.ZodTypeAny>(item: T) => z.preprocess(toList, z.array(item));

const id = z.number({ invalid_type_error: 'expected a whole-number id' }).int('expected a whole-number id');
/** An id, quantity or points value: a number, or the text Hiboutik sent when it was not a plain whole number. */
const count = z.union([z.number(), z.string()]);
/** Money is kept as the exact decimal text sent. */
const money = z.string({ invalid_type_error: 'expected an amount (text like "12.50")' });
const text = z.string();

/** Fields Hiboutik's own scripts read from callbacks of several kinds. */
const commonFields = {
	sale_id: count.optional(),
	customer_id: count.optional(),
	shop_id: count.optional(),
	store_id: count.optional(),
	user_id: count.optional(),
	vendor_id: count.optional(),
	product_id: count.optional(),
	line_item: count.optional(),
	ip_addr: text.optional(),
};

const tag = z
	.object({
		tag_id: count.optional(),
		tag: text.optional(),
	})
	.passthrough();

const lineItem = z
	.object({
		line_item_id: count.optional(),
		product_id: count.optional(),
		quantity: count.optional(),
		product_price: money.optional(),
		points: count.optional(),
		discount: money.optional(),
		product_model: text.optional(),
		product_barcode: text.optional(),
		tags: list(tag).optional(),
	})
	.passthrough();

/** Hiboutik does not publish the fields of a tax line; they are kept as sent. */
const taxLine = z.object({}).passthrough();

/** Sales and payments name their sale: `sale_id` today, `order_id` in Hiboutik's older callback. */
function requireSaleReference(value: { sale_id?: unknown; order_id?: unknown }, ctx: z.RefinementCtx) {
	if (value.sale_id === undefined && value.order_id === undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sale_id'], message: 'Required (or order_id)' });
	}
}

const saleValidated = z
	.object({
		...commonFields,
		sale_id: id.optional(),
		order_id: id.optional(),
		unique_sale_id: count.optional(),
		unique_order_id: count.optional(),
		date_time: text.optional(),
		created_at: text.optional(),
		completed_at: text.optional(),
		currency: text.optional(),
		total: money.optional(),
		// A payment code ("CB") in the captured sale; possibly a list for split payments: kept as sent.
		payment: z.unknown().optional(),
		points: count.optional(),
		sale_ext_ref: text.optional(),
		sale_total_net: money.optional(),
		sale_total_tax: money.optional(),
		sale_total_gross: money.optional(),
		taxes: list(taxLine).optional(),
		line_items: list(lineItem).optional(),
	})
	.passthrough()
	.superRefine(requireSaleReference);

const payment = z
	.object({ ...commonFields, sale_id: id.optional(), order_id: id.optional() })
	.passthrough()
	.superRefine(requireSaleReference);

const customer = z.object({ ...commonFields, customer_id: id }).passthrough();

/** Callback icon, timestamp and schedule callbacks: no published field list, nothing required. */
const undocumented = z.object(commonFields).passthrough();

/** Every schema first applies the ids/quantities/points rule, at any depth. */
const withCounts = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => typeCounts(value), schema);

const FAMILY_SCHEMAS = {
	sale: withCounts(saleValidated),
	payment: withCounts(payment),
	callbackIcon: withCounts(undocumented),
	customer: withCounts(customer),
	timestamp: withCounts(undocumented),
	schedule: withCounts(undocumented),
} satisfies Record<HiboutikEventFamily, z.ZodTypeAny>;

export type HiboutikSale = z.infer<typeof saleValidated>;
export type HiboutikLineItem = z.infer<typeof lineItem>;
export type HiboutikPayload = z.infer<(typeof FAMILY_SCHEMAS)[HiboutikEventFamily]>;

/** The schema of one event's form fields, already rebuilt from PHP brackets. */
export function schemaFor(event: HiboutikEvent): z.ZodType<HiboutikPayload, z.ZodTypeDef, unknown> {
	return FAMILY_SCHEMAS[EVENT_INFO[event].family];
}
