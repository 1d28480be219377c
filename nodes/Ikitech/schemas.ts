/**
 * The JSON IKITECH posts, as its webhook document describes it
 * (https://tailieuweb.myiki.vn/khac/web-hook, sections 2 and 3.1–3.6).
 *
 * Only what a workflow cannot do without is required: the record's `id` (plus
 * the product's `name` and the order's `order_code`), and for deletions the one
 * identifying field. Every other documented field is typed but may be missing
 * or null, because the document does not say which fields are always filled in
 * and a real store leaves many empty. Fields the document does not list are
 * kept as they arrived.
 */
import { z } from 'zod';
import { IKITECH_EVENTS, type IkitechEvent } from './events';

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Turns a numeric string into a number (PHP back ends often send "250000"); anything else is left for zod to refuse. */
const numberFromText = (pattern: RegExp) => (value: unknown) =>
	typeof value === 'string' && pattern.test(value.trim()) ? Number(value.trim()) : value;

/** A documented `int`: a whole number, or a string of digits. */
const integer = z.preprocess(
	numberFromText(INTEGER_TEXT),
	z.number({ invalid_type_error: 'expected a whole number' }).int('expected a whole number'),
);

/** A documented `double` (prices in VND, weights, ratings): a number, or a numeric string. */
const decimal = z.preprocess(
	numberFromText(DECIMAL_TEXT),
	z.number({ invalid_type_error: 'expected a number' }).finite(),
);

const BOOLEAN_SPELLINGS: Record<string, boolean> = { '1': true, '0': false, true: true, false: false };

/** A documented `boolean`: true/false, or the 1/0 a MySQL back end stores. */
const flag = z.preprocess(
	(value) =>
		typeof value === 'number' || typeof value === 'string'
			? (BOOLEAN_SPELLINGS[String(value).trim().toLowerCase()] ?? value)
			: value,
	z.boolean({ invalid_type_error: 'expected true/false (or 1/0)' }),
);

const text = z.string();

const toText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/** Codes typed as strings that a store may have filled with digits only (SKU, barcode, phone). */
const code = z.preprocess(toText, z.string());

/** `datetime` in the document; the exact format is not specified, so it is kept as sent. */
const datetime = z.string();

/** A field a workflow cannot do without: present, and not an empty string. */
const requiredText = z.string({ required_error: 'Required' }).min(1, 'must not be empty');
const requiredCode = z.preprocess(toText, requiredText);
const requiredId = z.preprocess(
	numberFromText(INTEGER_TEXT),
	z.number({ required_error: 'Required', invalid_type_error: 'expected a whole number' }).int('expected a whole number'),
);

const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullish();

// 3.1 Product (added, changed) ------------------------------------------------

const elementDistributeSchema = z
	.object({
		id: optional(integer),
		product_id: optional(integer),
		name: optional(text),
		image_url: optional(text),
		price: optional(decimal),
		position: optional(integer),
		default_price: optional(decimal),
		import_price: optional(decimal),
		barcode: optional(code),
		sku: optional(code),
		quantity_in_stock: optional(integer),
		created_at: optional(datetime),
		updated_at: optional(datetime),
		sub_element_distributes: optional(z.array(z.unknown())),
	})
	.passthrough();

const distributeSchema = z
	.object({
		id: optional(integer),
		product_id: optional(integer),
		name: optional(text),
		sub_element_distribute_name: optional(text),
		created_at: optional(datetime),
		updated_at: optional(datetime),
		element_distributes: optional(z.array(elementDistributeSchema)),
	})
	.passthrough();

const productAttributeSchema = z
	.object({ id: optional(integer), name: optional(text), value: optional(text) })
	.passthrough();

const productImageSchema = z.object({ image_url: optional(text) }).passthrough();

export const productSchema = z
	.object({
		id: requiredId,
		name: requiredText,
		name_str_filter: optional(text),
		sku: optional(code),
		description: optional(text),
		video_url: optional(text),
		stars: optional(decimal),
		count_stars: optional(integer),
		view: optional(integer),
		sold: optional(integer),
		likes: optional(integer),
		content_for_collaborator: optional(text),
		price: optional(decimal),
		min_price: optional(decimal),
		max_price: optional(decimal),
		import_price: optional(decimal),
		default_price: optional(decimal),
		weight: optional(decimal),
		quantity_in_stock: optional(integer),
		percent_collaborator: optional(decimal),
		barcode: optional(code),
		/** 0 shown in the shop, 1 hidden */
		status: optional(integer),
		check_inventory: optional(flag),
		seo_title: optional(text),
		seo_description: optional(text),
		point_for_agency: optional(integer),
		is_medicine: optional(flag),
		created_at: optional(datetime),
		updated_at: optional(datetime),
		distributes: optional(z.array(distributeSchema)),
		attributes: optional(z.array(productAttributeSchema)),
		images: optional(z.array(productImageSchema)),
	})
	.passthrough();

// 3.3 Customer (added, changed) -----------------------------------------------

const customerFields = {
	area_code: optional(code),
	phone_number: optional(code),
	email: optional(text),
	referral_phone_number: optional(code),
	name: optional(text),
	name_str_filter: optional(text),
	date_of_birth: optional(datetime),
	avatar_image: optional(text),
	points: optional(integer),
	/** 0 unknown, 1 male, 2 female */
	sex: optional(integer),
	debt: optional(decimal),
	is_collaborator: optional(flag),
	is_agency: optional(flag),
	is_sale: optional(flag),
	province: optional(integer),
	district: optional(integer),
	wards: optional(integer),
	province_name: optional(text),
	district_name: optional(text),
	wards_name: optional(text),
	address_detail: optional(text),
	created_at: optional(datetime),
	updated_at: optional(datetime),
	total_referrals: optional(integer),
	total_final_without_refund: optional(decimal),
	total_final_all_status: optional(decimal),
	total_after_discount_no_bonus: optional(decimal),
};

export const customerSchema = z.object({ id: requiredId, ...customerFields }).passthrough();

/**
 * The customer inside an order ("like one customer's JSON"). A guest order may
 * have none: null, or the `[]` PHP's json_encode makes of an empty array.
 */
const orderCustomerSchema = z.preprocess(
	(value) => (Array.isArray(value) && value.length === 0 ? null : value),
	z.object({ id: optional(integer), ...customerFields }).passthrough().nullable(),
);

// 3.5 Order (added, changed) --------------------------------------------------

const selectedDistributeSchema = z.object({ name: optional(text), value: optional(text) }).passthrough();

const lineItemSchema = z
	.object({
		id: optional(integer),
		quantity: optional(integer),
		name: optional(text),
		image_url: optional(text),
		item_price: optional(decimal),
		price_before_override: optional(decimal),
		main_price: optional(decimal),
		before_discount_price: optional(decimal),
		before_discount_price_override: optional(decimal),
		after_discount: optional(decimal),
		after_discount_override: optional(decimal),
		distributes_selected: optional(z.array(selectedDistributeSchema)),
		money_amount_collaborator: optional(decimal),
		is_bonus: optional(flag),
		note: optional(text),
	})
	.passthrough();

export const orderSchema = z
	.object({
		id: requiredId,
		customer_id: optional(integer),
		logged: optional(flag),
		phone_number: optional(code),
		points_awarded_to_customer: optional(integer),
		order_code: requiredCode,
		order_status: optional(integer),
		payment_status: optional(integer),
		/** 0 cash, 1 card, 2 COD, 3 bank transfer, 4 e-wallet */
		payment_method_id: optional(integer),
		/** 0 GHTK, 1 GHN, 3 Viettel Post */
		partner_shipper_id: optional(integer),
		/** 0 standard, 1 express */
		shipper_type: optional(integer),
		ship_discount_amount: optional(decimal),
		total_shipping_fee: optional(decimal),
		vat: optional(decimal),
		cod: optional(decimal),
		total_before_discount: optional(decimal),
		bonus_points_amount_used: optional(integer),
		is_use_points: optional(flag),
		is_order_for_customer: optional(flag),
		combo_discount_amount: optional(decimal),
		product_discount_amount: optional(decimal),
		voucher_discount_amount: optional(decimal),
		total_after_discount: optional(decimal),
		discount: optional(decimal),
		total_final: optional(decimal),
		customer_name: optional(text),
		customer_province: optional(integer),
		customer_province_name: optional(text),
		customer_district: optional(integer),
		customer_district_name: optional(text),
		customer_wards: optional(integer),
		customer_wards_name: optional(text),
		customer_email: optional(text),
		customer_phone: optional(code),
		customer_address_detail: optional(text),
		customer_note: optional(text),
		remaining_amount: optional(decimal),
		package_weight: optional(decimal),
		package_length: optional(decimal),
		package_width: optional(decimal),
		package_height: optional(decimal),
		description_shipper: optional(text),
		created_at: optional(datetime),
		updated_at: optional(datetime),
		line_items_at_time: optional(z.array(lineItemSchema)),
		partner_shipper_name: optional(text),
		customer: optional(orderCustomerSchema),
	})
	.passthrough();

// 3.2, 3.4, 3.6 Deletions: only the identifying field is sent -------------------

export const deletedProductSchema = z.object({ name: requiredText }).passthrough();
export const deletedCustomerSchema = z.object({ phone_number: requiredCode }).passthrough();
export const deletedOrderSchema = z.object({ order_code: requiredCode }).passthrough();

export type IkitechProduct = z.infer<typeof productSchema>;
export type IkitechCustomer = z.infer<typeof customerSchema>;
export type IkitechOrder = z.infer<typeof orderSchema>;

// Section 2: the envelope ------------------------------------------------------

const EVENT_LIST = IKITECH_EVENTS.join(', ');

export const envelopeSchema = z
	.object({
		type: z.enum(IKITECH_EVENTS, {
			errorMap: (issue, ctx) => ({
				message:
					issue.code === 'invalid_enum_value'
						? `unknown IKITECH event type ${JSON.stringify(issue.received)}; expected one of ${EVENT_LIST}`
						: `${ctx.defaultError}; expected one of ${EVENT_LIST}`,
			}),
		}),
		data: z.record(z.string(), z.unknown(), {
			required_error: 'Required (the record IKITECH sends with the event)',
			invalid_type_error: 'expected a JSON object',
		}),
	})
	.passthrough();

/** A callback body as IKITECH posts it: `{type, data}`. */
export interface IkitechCallbackBody {
	type: IkitechEvent;
	data: Record<string, unknown>;
}

export const DATA_SCHEMAS: Record<IkitechEvent, z.ZodType<Record<string, unknown>, z.ZodTypeDef, unknown>> = {
	NEW_PRODUCT: productSchema,
	UPDATE_PRODUCT: productSchema,
	DELETE_PRODUCT: deletedProductSchema,
	NEW_ORDER: orderSchema,
	UPDATE_ORDER: orderSchema,
	DELETE_ORDER: deletedOrderSchema,
	NEW_CUSTOMER: customerSchema,
	UPDATE_CUSTOMER: customerSchema,
	DELETE_CUSTOMER: deletedCustomerSchema,
};
