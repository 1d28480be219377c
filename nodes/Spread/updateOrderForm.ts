/**
 * SPREAD's `updateOrder` form body, built the way the vendor's PHP sample
 * builds `$post_data` (vendor-docs/spread-update-order.fr.txt) and encoded with
 * PHP's http_build_query, so a full order is byte-identical to what the sample
 * sends. Key order matters for that: it is the sample's insertion order.
 */
import { httpBuildQuery, type PhpQueryValue } from '../shared/phpQuery';
import type { SpreadOrder } from './orderInput';

/** `$post_data["data"]["action"] = "order"`: constant in SPREAD's sample. */
const ORDER_ACTION = 'order';

type PhpArray = Map<string | number, PhpQueryValue>;

/** `$post_data` of the PHP sample, as a PHP array (Maps keep PHP's insertion order). */
export function updateOrderPostData(order: SpreadOrder): PhpArray {
	const data: PhpArray = new Map();
	const put = (key: string, value: PhpQueryValue) => {
		// Unset values are simply not assigned, as the sample does with customer_cookie.
		if (value !== undefined) data.set(key, value);
	};

	// Profile attributes
	put('customer_email', order.customerEmail);
	put('external_id', order.externalId);
	for (const [wireKey, value] of Object.entries(order.profile)) put(wireKey, value);
	put('add_tag', order.profileTagsToAdd);
	put('del_tag', order.profileTagsToRemove);
	put('action', ORDER_ACTION);
	// Custom fields: a Map because their numeric IDs must keep the user's order
	// (PHP arrays do; JS objects would sort them).
	put('custom_fields', new Map(order.customFields.map(({ id, value }) => [id, value])));

	// Order attributes
	put('order_idorder', order.orderId);
	put('order_state', order.state);
	put('order_amount', order.amount);
	put('order_crea_dt', order.createdAt);
	put('order_start_service', order.serviceStart);
	put('order_end_service', order.serviceEnd);
	put('product_attributes', order.products);
	put('add_order_tag', order.orderTagsToAdd);
	put('del_order_tag', order.orderTagsToRemove);

	return new Map<string, PhpQueryValue>([
		['data', data],
		// "Identifiant unique de la commande chez vous, important pour le updateOrder"
		['request', new Map([['order_idorder', order.orderId]])],
	]);
}

/** The exact bytes to POST (empty lists vanish, as with PHP: see orderDescription.ts). */
export function updateOrderBody(order: SpreadOrder): string {
	return httpBuildQuery(updateOrderPostData(order));
}
