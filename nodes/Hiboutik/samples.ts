/**
 * One realistic callback per event, in Hiboutik's wire format: the form body
 * PHP's http_build_query makes of the event's fields. Used for the sample-data
 * GET of the Test URL, by the tests, and by the vendor simulator.
 *
 * The sale follows a real captured sale-closed POST (field names and value
 * formats). Hiboutik publishes no field list for the other events: their
 * samples carry the ids Hiboutik's own example scripts read (sale_id,
 * customer_id, user_id, shop_id, ip_addr...); other field names there are
 * illustrative.
 */
import { httpBuildQuery, type PhpQueryValue } from '../shared/phpQuery';
import { HIBOUTIK_EVENTS, type HiboutikEvent } from './events';

const EPICERIE = { tag_id: '3', tag: 'Épicerie fine' };
const BIO = { tag_id: '7', tag: 'Bio' };
const CADEAUX = { tag_id: '5', tag: 'Idées cadeaux' };

/** Three lines, French VAT at 5.5 % (food) and 20 %: 25.00 + 14.90 + 7.50 = 47.40 EUR. */
const SALE = {
	sale_id: '1287',
	unique_sale_id: '1042',
	order_id: '1287',
	unique_order_id: '1042',
	shop_id: '1',
	store_id: '1',
	customer_id: '356',
	vendor_id: '2',
	user_id: '2',
	date_time: '2025-03-14 17:42:08',
	created_at: '2025-03-14 17:35:51',
	completed_at: '2025-03-14 17:42:08',
	currency: 'EUR',
	total: '47.40',
	payment: 'CB',
	points: '46',
	sale_ext_ref: '',
	sale_total_net: '43.23',
	sale_total_tax: '4.17',
	sale_total_gross: '47.40',
	taxes: [
		{ tax_value: '0.055', total_net: '30.81', total_vat: '1.69', total_gross: '32.50' },
		{ tax_value: '0.200', total_net: '12.42', total_vat: '2.48', total_gross: '14.90' },
	],
	line_items: [
		{
			line_item_id: '5631',
			product_id: '12',
			product_size: '0',
			quantity: '2',
			product_price: '12.50',
			points: '25',
			discount: '0.00',
			product_model: 'Café en grains Éthiopie 250 g',
			product_barcode: '3760123450012',
			tags: [EPICERIE, BIO],
		},
		{
			line_item_id: '5632',
			product_id: '45',
			product_size: '0',
			quantity: '1',
			product_price: '14.90',
			points: '14',
			discount: '0.00',
			product_model: 'Mug céramique « Hibou » 30 cl',
			product_barcode: '3760123450456',
			tags: [CADEAUX],
		},
		{
			line_item_id: '5633',
			product_id: '78',
			product_size: '0',
			quantity: '3',
			product_price: '2.50',
			points: '7',
			discount: '0.00',
			product_model: 'Tablette chocolat noir 70 % & éclats de noisette',
			product_barcode: '3760123450789',
			tags: [EPICERIE, BIO],
		},
	],
};

const PAYMENT = { sale_id: '1287', shop_id: '1', user_id: '2', vendor_id: '2', customer_id: '356', payment: 'CB', amount: '47.40' };

const CUSTOMER = {
	customer_id: '356',
	shop_id: '1',
	user_id: '2',
	customers_first_name: 'Élodie',
	customers_last_name: 'Marchand',
	customers_email: 'elodie.marchand@example.fr',
};

const SCHEDULE = {
	event_id: '88',
	shop_id: '1',
	user_id: '2',
	customer_id: '356',
	start: '2025-03-18 10:00:00',
	end: '2025-03-18 10:45:00',
	title: 'Retouche ourlet',
};

/** Each event's fields as PHP would hold them in `$_POST`. */
export const SAMPLE_FIELDS: Record<HiboutikEvent, Record<string, PhpQueryValue>> = {
	sale_validated: SALE,
	payment_method_selected: PAYMENT,
	payment_method_added: PAYMENT,
	payment_method_deleted: { ...PAYMENT, payment: 'ESP', amount: '20.00' },
	callback_icon_clicked: { sale_id: '1287', shop_id: '1', user_id: '2', ip_addr: '192.0.2.15' },
	customer_created: CUSTOMER,
	customer_modified: { ...CUSTOMER, customers_email: 'e.marchand@example.fr' },
	timestamp_stopped: {
		time_tracking_id: '412',
		user_id: '2',
		shop_id: '1',
		start: '2025-03-14 09:00:12',
		end: '2025-03-14 12:31:40',
	},
	schedule_event_added: SCHEDULE,
	schedule_event_modified: { ...SCHEDULE, start: '2025-03-18 11:00:00', end: '2025-03-18 11:45:00' },
	schedule_event_deleted: { event_id: '88', shop_id: '1', user_id: '2' },
};

/** The exact request bodies Hiboutik would POST (application/x-www-form-urlencoded). */
export const SAMPLE_BODIES = Object.fromEntries(
	HIBOUTIK_EVENTS.map((event) => [event, httpBuildQuery(SAMPLE_FIELDS[event])]),
) as Record<HiboutikEvent, string>;
