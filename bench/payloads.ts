/**
 * Realistic payloads for the benchmarks, built from the samples the triggers
 * and the vendor simulator already use: a 50-line Hiboutik sale (a busy
 * grocery till), IKITECH's full sample order, ONe's cart-opened call, and the
 * items the action nodes send (one order per item).
 */
import { SAMPLE_FIELDS } from '../nodes/Hiboutik/samples';
import { IKITECH_SAMPLES } from '../nodes/Ikitech/samples';
import { ONE_SAMPLES } from '../nodes/One/samples';
import type { PhpQueryValue } from '../nodes/shared/phpQuery';

export const SALE_LINES = 50;

type SaleFields = Record<string, PhpQueryValue>;
type Line = Record<string, PhpQueryValue>;

/** The sample sale with `lines` line items (the sample's three, cycled, each its own product and id). */
export function hiboutikSale(lines = SALE_LINES): SaleFields {
	const sale = SAMPLE_FIELDS.sale_validated as SaleFields;
	const models = sale.line_items as Line[];
	const lineItems: Line[] = Array.from({ length: lines }, (_, i) => {
		const model = models[i % models.length];
		return {
			...model,
			line_item_id: String(5631 + i),
			product_id: String(12 + i * 3),
			quantity: String(1 + (i % 4)),
			product_model: `${String(model.product_model)} #${i + 1}`,
			product_barcode: String(3760123450012 + i),
		};
	});
	const total = lineItems.reduce((sum, line) => sum + Number(line.quantity) * Number(line.product_price), 0).toFixed(2);
	return { ...sale, total, sale_total_gross: total, line_items: lineItems };
}

/** IKITECH's sample NEW_ORDER callback: every documented order field, line items, customer. */
export const IKITECH_ORDER_CALLBACK = IKITECH_SAMPLES.NEW_ORDER;

/** ONe's cart-opened callback. */
export const ONE_CART_OPENED = ONE_SAMPLES.cart_opened;

const order = IKITECH_SAMPLES.NEW_ORDER.data as Record<string, unknown>;

/** One JustClick status update per item: an order shipped, with its tracking number. */
export interface ShippedOrder {
	billId: string;
	shippedAt: string;
	trackingNumber: string;
}

export function billIds(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `DH${String(250000000 + i)}`);
}

export function shippedOrders(count: number): ShippedOrder[] {
	return billIds(count).map((billId, i) => ({
		billId,
		shippedAt: new Date(Date.UTC(2025, 2, 8, 5, 47, 19) + i * 1000).toISOString(),
		trackingNumber: `VN${String(884000000 + i)}`,
	}));
}

/** One SPREAD order per item, shaped like the IKITECH → SPREAD template's input (IKITECH order fields). */
export interface ShopOrder {
	orderCode: string;
	total: number;
	createdAt: string;
	email: string;
	customerName: string;
	phone: string;
	city: string;
	address: string;
}

export function shopOrders(count: number): ShopOrder[] {
	return Array.from({ length: count }, (_, i) => ({
		orderCode: `DH${String(260000000 + i)}`,
		total: Number(order.total_final) + i * 1000,
		createdAt: String(order.created_at),
		email: `client${i}@example.vn`,
		customerName: String(order.customer_name),
		phone: `09${String(12345678 + i).padStart(8, '0')}`,
		city: String(order.customer_province_name),
		address: String(order.customer_address_detail),
	}));
}
