/**
 * What one IKITECH callback becomes in a workflow: the event, the record it is
 * about, a few ready-to-map fields, and, for deletions, a plain statement that
 * only the identifier is known.
 */
import type { IDataObject } from 'n8n-workflow';
import { fingerprint } from '../shared/callback';
import { EVENT_INFO, type IkitechEvent } from './events';
import type { IkitechCustomer, IkitechOrder, IkitechProduct } from './schemas';

/** payment_method_id as the document defines it (3.5). */
const PAYMENT_METHODS: Record<number, string> = {
	0: 'cash',
	1: 'card',
	2: 'cod',
	3: 'bank_transfer',
	4: 'e_wallet',
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function productFields(product: IkitechProduct): IDataObject {
	return { productId: product.id, productName: product.name, sku: orNull(product.sku) };
}

function customerFields(customer: IkitechCustomer): IDataObject {
	return {
		customerId: customer.id,
		customerName: orNull(customer.name),
		phoneNumber: orNull(customer.phone_number),
		email: orNull(customer.email),
	};
}

function orderFields(order: IkitechOrder): IDataObject {
	const method = order.payment_method_id;
	return {
		orderId: order.id,
		orderCode: order.order_code,
		orderStatus: orNull(order.order_status),
		paymentStatus: orNull(order.payment_status),
		paymentMethod: method === null || method === undefined ? null : (PAYMENT_METHODS[method] ?? `unknown (${method})`),
		totalFinal: orNull(order.total_final),
		customerName: orNull(order.customer_name),
		customerPhone: orNull(order.customer_phone),
	};
}

/** Top-level fields a user maps most often, named in the user's terms. */
function convenienceFields(event: IkitechEvent, data: Record<string, unknown>): IDataObject {
	const info = EVENT_INFO[event];
	if (info.action === 'deleted') {
		const name = { product: 'productName', customer: 'phoneNumber', order: 'orderCode' }[info.resource];
		return { [name]: data[info.deletedKeyField!] as string };
	}
	if (info.resource === 'product') return productFields(data as IkitechProduct);
	if (info.resource === 'customer') return customerFields(data as IkitechCustomer);
	return orderFields(data as IkitechOrder);
}

function deletionFields(event: IkitechEvent, data: Record<string, unknown>): IDataObject {
	const field = EVENT_INFO[event].deletedKeyField;
	if (field === undefined) return { isDeletion: false, recordComplete: true };
	// IKITECH sends nothing but this one field for a deletion: say so, so nobody reads missing fields as empty ones.
	return { isDeletion: true, recordComplete: false, deletedKey: { field, value: data[field] as string } };
}

/** The output item's json for one validated callback. */
export function buildEventJson(
	event: IkitechEvent,
	data: Record<string, unknown>,
	headers: IDataObject,
	receivedAt: Date,
): IDataObject {
	const info = EVENT_INFO[event];
	return {
		event,
		resource: info.resource,
		action: info.action,
		...deletionFields(event, data),
		receivedAt: receivedAt.toISOString(),
		...convenienceFields(event, data),
		data: data as IDataObject,
		headers,
	};
}

/**
 * Identifies one change of one record: the same type, record and version
 * (`updated_at`, or the exact body when IKITECH sent none). A deletion is
 * identified by the deleted record's key alone.
 */
export function duplicateKey(event: IkitechEvent, data: Record<string, unknown>, rawBody: string): string {
	const field = EVENT_INFO[event].deletedKeyField;
	if (field !== undefined) return `${event}:${String(data[field])}`;
	const version = typeof data.updated_at === 'string' && data.updated_at !== '' ? data.updated_at : fingerprint(rawBody);
	return `${event}:${String(data.id)}:${version}`;
}
