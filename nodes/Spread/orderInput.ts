/**
 * Reads and checks the node's parameters for one item before anything is sent:
 * the raw values (typed by hand or produced by expressions) go through one zod
 * schema that validates them and turns them into the strings SPREAD expects.
 * A failure names the field as the user sees it in the editor.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { itemParameter } from '../shared/itemParameters';
import { z } from 'zod';
import { formatAmount, formatCalendarDate, formatUtcDateTime, readAmount } from './formats';
import { GENDERS, OPT_IN_CODES, ORDER_STATES, PROFILE_FIELDS, type OptInCode, type OrderStateCode } from './orderFields';

/** One order, ready to be written as SPREAD's form body. */
export interface SpreadOrder {
	orderId: string;
	state: OrderStateCode;
	/** formatted like PHP prints a float, e.g. "158.31" */
	amount: string;
	/** `Y-m-d H:i:s`, UTC */
	createdAt: string;
	customerEmail?: string;
	externalId?: string;
	/** SPREAD profile key (`customer_name`, …) → value, only the fields that were given */
	profile: Record<string, string>;
	profileTagsToAdd: string[];
	profileTagsToRemove: string[];
	customFields: Array<{ id: string; value: string }>;
	/** `Y-m-d` */
	serviceStart?: string;
	serviceEnd?: string;
	/** one list of "name:value" attributes per product */
	products: string[][];
	orderTagsToAdd: string[];
	orderTagsToRemove: string[];
}

/** The parameters of one item as n8n resolved them, before any checking. */
export interface RawOrderInput {
	orderId: unknown;
	orderState: unknown;
	amount: unknown;
	createdAt: unknown;
	customerEmail: unknown;
	externalId: unknown;
	profileFields: IDataObject;
	customFields: unknown;
	orderFields: IDataObject;
	products: unknown;
}

export class OrderInputError extends Error {
	constructor(
		/** the field as the editor names it, e.g. "Additional Profile Fields › Birthday" */
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field} ${problem}`);
	}
}

export function readOrderParameters(ctx: IExecuteFunctions, itemIndex: number): RawOrderInput {
	const get = (name: string, fallback: unknown) => itemParameter(ctx, name, itemIndex, fallback);
	const mode = get('productAttributesInput', 'fields');
	return {
		orderId: get('orderId', ''),
		orderState: get('orderState', ''),
		amount: get('amount', undefined),
		createdAt: get('createdAt', ''),
		customerEmail: get('customerEmail', ''),
		externalId: get('externalId', ''),
		profileFields: get('profileFields', {}) as IDataObject,
		customFields: get('customFields.field', []),
		orderFields: get('orderFields', {}) as IDataObject,
		products:
			mode === 'json'
				? { mode: 'json', json: get('productsJson', '[]') }
				: { mode: 'fields', rows: (get('products.product', []) as IDataObject[]).map((row) => row.attributes) },
	};
}

// ---------------------------------------------------------------- value rules

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Text typed or computed: numbers from expressions become their text, blanks become undefined. */
const optionalText = z.preprocess(
	(v) => (isBlank(v) ? undefined : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
	z.string({ invalid_type_error: 'must be text' }).transform((s) => s.trim()).optional(),
);

const requiredText = z.preprocess(
	(v) => (isBlank(v) ? undefined : typeof v === 'number' ? String(v) : v),
	z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).transform((s) => s.trim()),
);

/** "a, b" or a list from an expression → ["a", "b"]; blanks dropped. */
const tagList = z.preprocess(
	(v) => {
		if (isBlank(v)) return [];
		if (typeof v === 'string') return v.split(',');
		if (typeof v === 'number') return [String(v)];
		return v;
	},
	z
		.array(z.union([z.string(), z.number()]).transform((t) => String(t).trim()), {
			invalid_type_error: 'must be tags separated by commas, or a list of tags',
		})
		.transform((tags) => tags.filter((t) => t !== '')),
);

const STATE_BY_NAME = new Map<string, OrderStateCode>(ORDER_STATES.map((s) => [s.name.toLowerCase(), s.code]));
const STATE_CODES = ORDER_STATES.map((s) => s.code) as [OrderStateCode, ...OrderStateCode[]];
const STATE_HELP = ORDER_STATES.map((s) => `${s.code} (${s.name})`).join(', ');

const orderState = z.preprocess(
	(v) => {
		const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v;
		return typeof text === 'string' ? (STATE_BY_NAME.get(text.toLowerCase()) ?? text) : text;
	},
	z.enum(STATE_CODES, { errorMap: () => ({ message: `must be one of ${STATE_HELP}` }) }),
);

const amount = z.unknown().transform((v, ctx) => {
	const value = readAmount(v);
	if (value === undefined) {
		ctx.addIssue({ code: 'custom', message: `must be a number such as 158.31 (got ${JSON.stringify(v) ?? 'nothing'})` });
		return z.NEVER;
	}
	if (!Number.isFinite(value) || value < 0) {
		ctx.addIssue({ code: 'custom', message: 'must be a finite amount of 0 or more' });
		return z.NEVER;
	}
	return formatAmount(value);
});

/** A date field written with `format`; a format error becomes the field's issue. */
function dateField(format: (value: unknown, timeZone: string) => string, timeZone: string, required: boolean) {
	return z.unknown().transform((v, ctx) => {
		if (isBlank(v)) {
			if (required) ctx.addIssue({ code: 'custom', message: 'is required' });
			return undefined;
		}
		try {
			return format(v, timeZone);
		} catch (error) {
			ctx.addIssue({ code: 'custom', message: (error as Error).message });
			return z.NEVER;
		}
	});
}

const OPT_IN_BY_VALUE = new Map<string, OptInCode>([
	...OPT_IN_CODES.map((o) => [o.code, o.code] as const),
	...OPT_IN_CODES.map((o) => [o.name.toLowerCase(), o.code] as const),
	['true', '1'],
	['false', '0'],
]);

const optIn = z.preprocess(
	(v) => (isBlank(v) ? undefined : (OPT_IN_BY_VALUE.get(String(v).trim().toLowerCase()) ?? v)),
	z
		.enum(OPT_IN_CODES.map((o) => o.code) as [OptInCode, ...OptInCode[]], {
			errorMap: () => ({ message: 'must be 1 (opt-in), 0 (not opt-in) or -1 (unknown)' }),
		})
		.optional(),
);

const gender = z.preprocess(
	(v) => (isBlank(v) ? undefined : typeof v === 'string' ? v.trim().toLowerCase() : v),
	z.enum(GENDERS, { errorMap: () => ({ message: 'must be male or female' }) }).optional(),
);

const customFields = z
	.array(
		z.object({
			id: z.preprocess(
				(v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
				z.string().regex(/^\d+$/, 'must be the numeric ID of a SPREAD custom field, e.g. 327'),
			),
			value: optionalText,
		}),
	)
	.superRefine((rows, ctx) => {
		const seen = new Set<string>();
		rows.forEach((row, index) => {
			if (seen.has(row.id)) {
				ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `is given twice (${row.id})` });
			}
			seen.add(row.id);
		});
	})
	.transform((rows) => rows.filter((r): r is { id: string; value: string } => r.value !== undefined));

// ------------------------------------------------------------ product attributes

const ATTRIBUTE = /^[^:]*\S[^:]*:.*\S.*$/s;

const attribute = z
	.union([z.string(), z.number()])
	.transform((a) => String(a).trim())
	.refine((a) => ATTRIBUTE.test(a), (a) => ({ message: `must be written name:value, e.g. size:xl (got "${a}")` }));

/** One product's attributes: "size:xl, type:shirt", a list of texts, or {size: "xl"}. */
const productAttributes = z.preprocess((v) => {
	if (isBlank(v)) return [];
	if (typeof v === 'string') return v.split(/[,\n]/).filter((a) => a.trim() !== '');
	if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
		return Object.entries(v).map(([name, value]) => `${name}:${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
	}
	return v;
}, z.array(attribute, { invalid_type_error: 'must be name:value texts, a list of them, or an object' }));

const productsFromJson = z.unknown().transform((v, ctx) => {
	if (isBlank(v)) return [];
	if (typeof v !== 'string') return v;
	try {
		return JSON.parse(v) as unknown;
	} catch {
		ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
		return z.NEVER;
	}
}).pipe(z.array(productAttributes, { invalid_type_error: 'must be a list with one entry per product' }));

const products = z
	.discriminatedUnion('mode', [
		z.object({ mode: z.literal('json'), json: productsFromJson }),
		z.object({ mode: z.literal('fields'), rows: z.array(productAttributes) }),
	])
	.transform((p) => (p.mode === 'json' ? p.json : p.rows))
	// An empty product has nothing to send (PHP would drop it from the body anyway).
	.transform((list) => list.filter((attributes) => attributes.length > 0));

// ------------------------------------------------------------------ the order

function profileSchema(timeZone: string) {
	const byKind = {
		text: () => optionalText,
		optIn: () => optIn,
		gender: () => gender,
		date: () => dateField(formatCalendarDate, timeZone, false),
	};
	const shape: Record<string, z.ZodTypeAny> = {
		profileTagsToAdd: tagList,
		profileTagsToRemove: tagList,
	};
	for (const field of PROFILE_FIELDS) shape[field.param] = byKind[field.kind]();
	return z.object(shape).transform((values) => {
		const profile: Record<string, string> = {};
		for (const field of PROFILE_FIELDS) {
			const value = values[field.param] as string | undefined;
			if (value !== undefined) profile[field.wire] = value;
		}
		return {
			profile,
			profileTagsToAdd: values.profileTagsToAdd as string[],
			profileTagsToRemove: values.profileTagsToRemove as string[],
		};
	});
}

function orderSchema(timeZone: string) {
	return z
		.object({
			orderId: requiredText.refine((id) => id !== '', 'is required'),
			orderState,
			amount,
			createdAt: dateField(formatUtcDateTime, timeZone, true),
			customerEmail: optionalText.pipe(z.string().email('is not a valid email address').optional()),
			externalId: optionalText,
			profileFields: profileSchema(timeZone),
			customFields: z.preprocess((v) => (isBlank(v) ? [] : v), customFields),
			orderFields: z.object({
				serviceStart: dateField(formatCalendarDate, timeZone, false),
				serviceEnd: dateField(formatCalendarDate, timeZone, false),
				orderTagsToAdd: tagList,
				orderTagsToRemove: tagList,
			}),
			products,
		})
		.superRefine((order, ctx) => {
			if (order.customerEmail === undefined && order.externalId === undefined) {
				ctx.addIssue({
					code: 'custom',
					path: ['customerEmail'],
					message: "is empty, and so is External ID: SPREAD needs one of them (or both) to find the customer's profile",
				});
			}
		})
		.transform(
			(o): SpreadOrder => ({
				orderId: o.orderId,
				state: o.orderState,
				amount: o.amount,
				createdAt: o.createdAt as string,
				customerEmail: o.customerEmail,
				externalId: o.externalId,
				...o.profileFields,
				customFields: o.customFields,
				serviceStart: o.orderFields.serviceStart,
				serviceEnd: o.orderFields.serviceEnd,
				products: o.products,
				orderTagsToAdd: o.orderFields.orderTagsToAdd,
				orderTagsToRemove: o.orderFields.orderTagsToRemove,
			}),
		);
}

// ------------------------------------------------------------- error wording

const TOP_LEVEL_LABELS: Record<string, string> = {
	orderId: 'Order ID',
	orderState: 'Order State',
	amount: 'Amount',
	createdAt: 'Creation Date',
	customerEmail: 'Customer Email',
	externalId: 'External ID',
};

const ORDER_FIELD_LABELS: Record<string, string> = {
	serviceStart: 'Service Start Date',
	serviceEnd: 'Service End Date',
	orderTagsToAdd: 'Order Tags to Add',
	orderTagsToRemove: 'Order Tags to Remove',
};

const PROFILE_LABELS: Record<string, string> = {
	...Object.fromEntries(PROFILE_FIELDS.map((f) => [f.param, f.displayName])),
	profileTagsToAdd: 'Profile Tags to Add',
	profileTagsToRemove: 'Profile Tags to Remove',
};

/** The field a zod issue path points at, named as in the editor. */
export function fieldLabel(path: ReadonlyArray<string | number>): string {
	const [head, second, third, fourth] = path;
	switch (head) {
		case 'profileFields':
			return `Additional Profile Fields › ${PROFILE_LABELS[String(second)] ?? String(second)}`;
		case 'orderFields':
			return `Additional Order Fields › ${ORDER_FIELD_LABELS[String(second)] ?? String(second)}`;
		case 'customFields':
			return second === undefined
				? 'Custom Profile Fields'
				: `Custom Profile Fields › ${third === 'value' ? 'Value' : 'Field ID'} (custom field ${Number(second) + 1})`;
		case 'products': {
			const base = path.includes('json') ? 'Products (JSON)' : 'Products';
			const indices = path.filter((p): p is number => typeof p === 'number');
			if (indices.length === 0) return base;
			const where = `product ${indices[0] + 1}` + (indices.length > 1 ? `, attribute ${indices[1] + 1}` : '');
			return `${base} › ${where}`;
		}
		default:
			return TOP_LEVEL_LABELS[String(head)] ?? [head, second, third, fourth].filter((p) => p !== undefined).join('.');
	}
}

/** One schema per time zone, built on first use: building it costs more than a parse. */
const SCHEMAS = new Map<string, ReturnType<typeof orderSchema>>();

function orderSchemaFor(timeZone: string) {
	let schema = SCHEMAS.get(timeZone);
	if (schema === undefined) {
		schema = orderSchema(timeZone);
		SCHEMAS.set(timeZone, schema);
	}
	return schema;
}

/** Checks one item's parameters; throws OrderInputError naming the first bad field. */
export function parseOrder(raw: RawOrderInput, timeZone: string): SpreadOrder {
	const result = orderSchemaFor(timeZone).safeParse(raw);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	throw new OrderInputError(fieldLabel(issue.path), issue.message);
}
