/**
 * Cart → Add Configurable Products against the local fake ONe: the body ONe's
 * documentation shows (`configurableProducts[].children[]` with productId,
 * quantity {type: CONTENT_QUANTITY, value}, allowQuantityChange,
 * allowQuantitySplitting, removable), from the node's fields or from JSON,
 * and what is refused before anything is sent.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { BOX_PRODUCT_ID, CABLE_PRODUCT_ID, CART_ID, DRUM_PRODUCT_ID, startOneServer, type OneServer } from '../vendors/oneServer';
import { failure, outputJson, pairedItems, runOne, TOKEN } from './apiHelpers';

let server: OneServer;

before(async () => {
	server = await startOneServer({ token: TOKEN });
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const PATH = `/api/v1/orderpath/integrations/auth-required/carts/${CART_ID}/add-configurable-products`;

const product = (fields: IDataObject) => ({
	productId: CABLE_PRODUCT_ID,
	quantity: 1,
	quantityType: 'CONTENT_QUANTITY',
	allowQuantityChange: true,
	allowQuantitySplitting: true,
	removable: true,
	...fields,
});

const addFields = (products: IDataObject[], extra: IDataObject = {}): INodeParameters => ({
	resource: 'cart',
	operation: 'addConfigurableProducts',
	cartId: CART_ID,
	productsInput: 'fields',
	products: { product: products } as INodeParameters,
	...(extra as INodeParameters),
});

const addJson = (json: unknown) => ({
	resource: 'cart',
	operation: 'addConfigurableProducts',
	cartId: CART_ID,
	productsInput: 'json',
	productsJson: typeof json === 'string' ? json : JSON.stringify(json),
});

describe('Cart → Add Configurable Products (fields)', () => {
	test('a cable that must not be split and its drum that cannot be removed: one configurable product', async () => {
		const result = await runOne(
			server,
			addFields([
				product({ productId: CABLE_PRODUCT_ID, quantity: 250, allowQuantitySplitting: false }),
				product({ productId: DRUM_PRODUCT_ID, quantity: 1, allowQuantityChange: false, removable: false }),
			]),
		);
		const [request] = server.requests;
		assert.deepEqual([request.method, request.path, request.headers['content-type']], ['POST', PATH, 'application/json']);
		assert.deepEqual(JSON.parse(request.rawBody), {
			configurableProducts: [
				{
					children: [
						{
							productId: CABLE_PRODUCT_ID,
							quantity: { type: 'CONTENT_QUANTITY', value: 250 },
							allowQuantityChange: true,
							allowQuantitySplitting: false,
							removable: true,
						},
						{
							productId: DRUM_PRODUCT_ID,
							quantity: { type: 'CONTENT_QUANTITY', value: 1 },
							allowQuantityChange: false,
							allowQuantitySplitting: true,
							removable: false,
						},
					],
				},
			],
		});
		// The output is ONe's answer: here the cart with the new lines.
		const [cart] = outputJson(result);
		assert.equal(cart.id, CART_ID);
		assert.equal((cart.lines as IDataObject[]).length, 2);
		assert.deepEqual(pairedItems(result), [{ item: 0 }]);
	});

	test('decimal quantities, also typed with a comma, and flags given as text by an expression', async () => {
		await runOne(
			server,
			addFields([product({ quantity: '={{ "12,5" }}', allowQuantitySplitting: '={{ "false" }}', removable: '={{ "TRUE" }}' })]),
		);
		const child = (JSON.parse(server.requests[0].rawBody) as IDataObject & { configurableProducts: { children: IDataObject[] }[] })
			.configurableProducts[0].children[0];
		assert.deepEqual(child, {
			productId: CABLE_PRODUCT_ID,
			quantity: { type: 'CONTENT_QUANTITY', value: 12.5 },
			allowQuantityChange: true,
			allowQuantitySplitting: false,
			removable: true,
		});
	});

	test('one request per input item, products mapped from each item', async () => {
		const result = await runOne(server, addFields([product({ productId: '={{ $json.sku }}', quantity: '={{ $json.qty }}' })]), {
			input: [{ json: { sku: CABLE_PRODUCT_ID, qty: 100 } }, { json: { sku: BOX_PRODUCT_ID, qty: 40 } }],
		});
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }]);
		assert.deepEqual(
			server.cartCalls.map((c) => (c.body.configurableProducts as { children: IDataObject[] }[])[0].children[0].productId),
			[CABLE_PRODUCT_ID, BOX_PRODUCT_ID],
		);
	});

	test('refused before anything is sent: no products, a product without ID, a quantity of 0, a flag that is not true/false', async () => {
		for (const [parameters, pattern] of [
			[addFields([]), /Products: add at least one product/],
			[addFields([product({ productId: '={{ "" }}' })]), /Products › Product 1: Product ID is required/],
			[addFields([product({}), product({ quantity: 0 })]), /Products › Product 2: Quantity must be a number greater than 0/],
			[addFields([product({ removable: '={{ "maybe" }}' })]), /Products › Product 1: Removable must be true or false/],
			[addFields([product({})], { cartId: '={{ "" }}' }), /Cart ID is required/],
		] as const) {
			const error = failure(await runOne(server, parameters));
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, pattern);
		}
		assert.equal(server.requests.length, 0);
	});

	test('a mistake in item 2 stops the run before item 1 is sent', async () => {
		const result = await runOne(server, addFields([product({ quantity: '={{ $json.qty }}' })]), {
			input: [{ json: { qty: 5 } }, { json: { qty: -1 } }],
		});
		assert.match(failure(result).message, /Quantity must be a number greater than 0.*\[item 1\]/);
		assert.equal(server.requests.length, 0);
	});

	test('an unknown cart: ONe 404, and the product is not sent twice', async () => {
		const result = await runOne(server, addFields([product({})], { cartId: 'no-such-cart' }));
		const error = failure(result);
		assert.equal(error.message, 'ONe 404: Cart no-such-cart not found');
		assert.equal(server.requests[0].path, '/api/v1/orderpath/integrations/auth-required/carts/no-such-cart/add-configurable-products');
		assert.equal(server.requests.length, 1);
	});

	test('a cart ID is sent encoded in the path', async () => {
		await runOne(server, addFields([product({})], { cartId: 'a/b?c' }));
		assert.equal(server.requests[0].path, '/api/v1/orderpath/integrations/auth-required/carts/a%2Fb%3Fc/add-configurable-products');
	});
});

describe('Cart → Add Configurable Products (JSON)', () => {
	const child = { productId: CABLE_PRODUCT_ID, quantity: { type: 'CONTENT_QUANTITY' }, allowQuantitySplitting: false };

	test("ONe's body as written, unknown fields kept, a quantity without value as in ONe's documentation", async () => {
		const body = { configurableProducts: [{ children: [{ ...child, note: 'ciąć na 2 odcinki' }], configuration: { length: 250 } }] };
		await runOne(server, addJson(body));
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), body);
	});

	test('only the list, or one configurable product, and a bare number as quantity', async () => {
		await runOne(server, addJson([{ children: [child] }, { children: [{ productId: DRUM_PRODUCT_ID, quantity: 2 }] }]));
		await runOne(server, addJson({ children: [child] }));
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), {
			configurableProducts: [
				{ children: [child] },
				{ children: [{ productId: DRUM_PRODUCT_ID, quantity: { type: 'CONTENT_QUANTITY', value: 2 } }] },
			],
		});
		assert.deepEqual(JSON.parse(server.requests[1].rawBody), { configurableProducts: [{ children: [child] }] });
	});

	test('refused before anything is sent, naming where', async () => {
		for (const [json, pattern] of [
			['{"configurableProducts": [', /Products \(JSON\): is not valid JSON/],
			[{ products: [] }, /Products \(JSON\): must be \{"configurableProducts"/],
			[{ configurableProducts: [] }, /Products \(JSON\): has no configurable product/],
			[{ configurableProducts: [{ children: [] }] }, /Products \(JSON\) › \[0\]\.children: children is empty/],
			[[{ children: [{ quantity: 1 }] }], /Products \(JSON\) › \[0\]\.children\[0\]\.productId: productId is required/],
			[[{ children: [{ productId: 'p', quantity: { value: 1 } }] }], /quantity\.type is required/],
			[[{ children: [{ productId: 'p', quantity: -2 }] }], /quantity\.value must be greater than 0/],
			[[{ children: [{ productId: 'p' }] }], /children\[0\]\.quantity: quantity is required/],
			[[{ children: [{ productId: 'p', quantity: 1, removable: 'no' }] }], /\[0\]\.children\[0\]\.removable: removable must be true or false/],
		] as const) {
			const error = failure(await runOne(server, addJson(json)));
			assert.equal(error.name, 'NodeOperationError', JSON.stringify(json));
			assert.match(error.message, pattern, JSON.stringify(json));
		}
		assert.equal(server.requests.length, 0);
	});

	test("a product ONe does not have: ONe's own message", async () => {
		const error = failure(await runOne(server, addJson([{ children: [{ productId: 'unknown-product', quantity: 1 }] }])));
		assert.equal(error.message, 'ONe 404: Product unknown-product not found');
		assert.equal(server.requests.length, 1);
	});
});
