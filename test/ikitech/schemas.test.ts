import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	DATA_SCHEMAS,
	customerSchema,
	deletedCustomerSchema,
	deletedOrderSchema,
	deletedProductSchema,
	envelopeSchema,
	orderSchema,
	productSchema,
} from '../../nodes/Ikitech/schemas';
import { EVENT_OPTIONS, IKITECH_EVENTS } from '../../nodes/Ikitech/events';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';
import { duplicateKey } from '../../nodes/Ikitech/output';
import { fingerprint } from '../../nodes/shared/callback';

const order = IKITECH_SAMPLES.NEW_ORDER.data;
const product = IKITECH_SAMPLES.NEW_PRODUCT.data;
const customer = IKITECH_SAMPLES.NEW_CUSTOMER.data;

describe('IKITECH samples', () => {
	test('every event has a sample in wire format that its own schema accepts unchanged', () => {
		for (const event of IKITECH_EVENTS) {
			const sample = IKITECH_SAMPLES[event];
			assert.equal(sample.type, event);
			assert.ok(envelopeSchema.safeParse(sample).success);
			assert.deepEqual(DATA_SCHEMAS[event].parse(sample.data), sample.data);
		}
	});

	test('the order adds up: line items, voucher and shipping give total_final', () => {
		const lines = order.line_items_at_time as Array<{ quantity: number; item_price: number }>;
		assert.ok(lines.length >= 2);
		const goods = lines.reduce((sum, line) => sum + line.quantity * line.item_price, 0);
		assert.equal(goods, order.total_before_discount);
		assert.equal(goods - Number(order.voucher_discount_amount), order.total_after_discount);
		assert.equal(Number(order.total_after_discount) + Number(order.total_shipping_fee), order.total_final);
	});
});

describe('IKITECH schemas: numbers', () => {
	test('documented int/double fields accept numeric strings and become numbers', () => {
		const parsed = orderSchema.parse({ ...order, id: '20931', total_final: '900000', vat: '10.5', order_status: ' 3 ' });
		assert.equal(parsed.id, 20931);
		assert.equal(parsed.total_final, 900000);
		assert.equal(parsed.vat, 10.5);
		assert.equal(parsed.order_status, 3);
	});

	test('an int field refuses a fraction, and a number field refuses words or an empty string', () => {
		assert.equal(productSchema.safeParse({ ...product, quantity_in_stock: 1.5 }).success, false);
		assert.equal(productSchema.safeParse({ ...product, quantity_in_stock: '1.5' }).success, false);
		assert.equal(productSchema.safeParse({ ...product, price: 'hai trăm' }).success, false);
		assert.equal(productSchema.safeParse({ ...product, price: '' }).success, false);
		assert.equal(productSchema.safeParse({ ...product, price: true }).success, false);
	});

	test('string fields are not coerced to numbers', () => {
		const parsed = customerSchema.parse({ ...customer, name: '1234' });
		assert.equal(parsed.name, '1234');
		assert.equal(customerSchema.safeParse({ ...customer, name: 1234 }).success, false);
	});

	test('codes sent as numbers (SKU, phone, order code) become strings', () => {
		assert.equal(productSchema.parse({ ...product, sku: 1001, barcode: 8934567012345 }).sku, '1001');
		assert.equal(deletedOrderSchema.parse({ order_code: 123456 }).order_code, '123456');
		assert.equal(deletedCustomerSchema.parse({ phone_number: 912345678 }).phone_number, '912345678');
	});
});

describe('IKITECH schemas: booleans', () => {
	test('true/false, 1/0 and "1"/"0" are accepted and become booleans', () => {
		for (const [sent, expected] of [
			[true, true],
			[false, false],
			[1, true],
			[0, false],
			['1', true],
			['0', false],
			['true', true],
			['false', false],
		] as const) {
			assert.equal(productSchema.parse({ ...product, check_inventory: sent }).check_inventory, expected, String(sent));
		}
	});

	test('anything else is refused', () => {
		for (const sent of [2, 'yes', '', []]) {
			assert.equal(productSchema.safeParse({ ...product, is_medicine: sent }).success, false, JSON.stringify(sent));
		}
	});
});

describe('IKITECH schemas: what is required', () => {
	test('product: id and name; customer: id; order: id and order_code', () => {
		assert.ok(productSchema.safeParse({ id: 1, name: 'Áo' }).success);
		assert.equal(productSchema.safeParse({ name: 'Áo' }).success, false);
		assert.equal(productSchema.safeParse({ id: 1 }).success, false);
		assert.ok(customerSchema.safeParse({ id: 1 }).success);
		assert.equal(customerSchema.safeParse({ phone_number: '0912345678' }).success, false);
		assert.ok(orderSchema.safeParse({ id: 1, order_code: 'DH1' }).success);
		assert.equal(orderSchema.safeParse({ id: 1 }).success, false);
		assert.equal(orderSchema.safeParse({ order_code: 'DH1' }).success, false);
	});

	test('deletions: exactly their one identifying field', () => {
		assert.ok(deletedProductSchema.safeParse({ name: 'Áo' }).success);
		assert.equal(deletedProductSchema.safeParse({ id: 1 }).success, false);
		assert.ok(deletedCustomerSchema.safeParse({ phone_number: '0912345678' }).success);
		assert.equal(deletedCustomerSchema.safeParse({ phone_number: '' }).success, false);
		assert.ok(deletedOrderSchema.safeParse({ order_code: 'DH1' }).success);
		assert.equal(deletedOrderSchema.safeParse({ order_code: null }).success, false);
	});

	test('other documented fields may be null or missing', () => {
		const nulls = Object.fromEntries(Object.keys(order).map((key) => [key, null]));
		assert.ok(orderSchema.safeParse({ ...nulls, id: 1, order_code: 'DH1' }).success);
		const productNulls = Object.fromEntries(Object.keys(product).map((key) => [key, null]));
		assert.ok(productSchema.safeParse({ ...productNulls, id: 1, name: 'Áo' }).success);
	});

	test('nested arrays are checked: a line item with a wrong quantity is refused with its path', () => {
		const lines = order.line_items_at_time as object[];
		const result = orderSchema.safeParse({ ...order, line_items_at_time: [lines[0], { ...lines[1], quantity: 'hai' }] });
		assert.equal(result.success, false);
		assert.deepEqual(result.error?.issues[0].path, ['line_items_at_time', 1, 'quantity']);
	});

	test('unknown fields are kept, nested ones too', () => {
		const parsed = productSchema.parse({
			...product,
			brand: 'SG Fashion',
			distributes: [{ name: 'Màu', element_distributes: [{ name: 'Đỏ', stock_location: 'A1' }], extra: true }],
		});
		assert.equal(parsed.brand, 'SG Fashion');
		const distributes = parsed.distributes as Array<Record<string, unknown>>;
		assert.equal(distributes[0].extra, true);
		assert.equal((distributes[0].element_distributes as Array<Record<string, unknown>>)[0].stock_location, 'A1');
	});
});

describe('IKITECH envelope', () => {
	test('accepts the nine types with an object as data', () => {
		for (const type of IKITECH_EVENTS) assert.ok(envelopeSchema.safeParse({ type, data: {} }).success);
	});

	test('refuses other types, a missing type, and data that is not an object', () => {
		assert.equal(envelopeSchema.safeParse({ type: 'NEW_INVOICE', data: {} }).success, false);
		assert.equal(envelopeSchema.safeParse({ data: {} }).success, false);
		assert.equal(envelopeSchema.safeParse({ type: 'NEW_ORDER', data: [] }).success, false);
		assert.equal(envelopeSchema.safeParse({ type: 'NEW_ORDER' }).success, false);
	});
});

describe('IKITECH events parameter', () => {
	test('offers the nine types, alphabetised by name', () => {
		assert.deepEqual(EVENT_OPTIONS.map((o) => o.value).sort(), [...IKITECH_EVENTS].sort());
		const names = EVENT_OPTIONS.map((o) => o.name);
		assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
		assert.ok(names.includes('New Order'));
	});
});

describe('IKITECH duplicate keys', () => {
	test('NEW/UPDATE: type, id and updated_at; without updated_at, the body\'s fingerprint', () => {
		assert.equal(duplicateKey('UPDATE_ORDER', { id: 7, updated_at: '2025-03-08 10:00:00' }, 'raw'), 'UPDATE_ORDER:7:2025-03-08 10:00:00');
		assert.equal(duplicateKey('NEW_PRODUCT', { id: 7 }, 'raw body'), `NEW_PRODUCT:7:${fingerprint('raw body')}`);
	});

	test('DELETE: type and the identifier', () => {
		assert.equal(duplicateKey('DELETE_ORDER', { order_code: 'DH123' }, 'x'), 'DELETE_ORDER:DH123');
		assert.equal(duplicateKey('DELETE_PRODUCT', { name: 'Áo' }, 'x'), 'DELETE_PRODUCT:Áo');
		assert.equal(duplicateKey('DELETE_CUSTOMER', { phone_number: '0912' }, 'x'), 'DELETE_CUSTOMER:0912');
	});
});
