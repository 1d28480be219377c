/**
 * The Hiboutik node's sale, line item and customer operations, run by n8n's
 * real engine against the local fake Hiboutik: the exact requests (method,
 * path, JSON body, Basic auth, Accept), the output items and their pairing,
 * and Hiboutik's data changed as asked.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { failure, LOGIN, outputJson, pairedItems, runHiboutik } from './apiHelpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const basic = `Basic ${Buffer.from(`${LOGIN.email}:${LOGIN.apiKey}`).toString('base64')}`;

describe('Sale → Get', () => {
	test('GET /sales/{id} with Basic auth; one item: the sale as Hiboutik gives it, line items included', async () => {
		const result = await runHiboutik(server, { resource: 'sale', operation: 'get', saleId: '1287' });
		assert.equal(result.error, undefined);
		const [sale] = outputJson(result);
		assert.deepEqual(sale, server.sales.get(1287));
		assert.equal((sale.line_items as unknown[]).length, 3);
		assert.deepEqual(pairedItems(result), [{ item: 0 }]);
		const [request] = server.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.path, '/api/sales/1287');
		assert.equal(request.headers.authorization, basic);
		assert.equal(request.headers.accept, 'application/json');
		assert.equal(request.rawBody, '');
	});

	test('one sale per input item, the ID from an expression (a number is fine)', async () => {
		const result = await runHiboutik(
			server,
			{ resource: 'sale', operation: 'get', saleId: '={{ $json.data.sale_id }}' },
			{ input: [{ json: { data: { sale_id: 1288 } } }, { json: { data: { sale_id: '1287' } } }] },
		);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			outputJson(result).map((sale) => sale.sale_id),
			[1288, 1287],
		);
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }]);
		assert.deepEqual(
			server.requests.map((r) => r.path),
			['/api/sales/1288', '/api/sales/1287'],
		);
	});

	test('an unknown sale (Hiboutik answers an empty list): a clear error for the item', async () => {
		const result = await runHiboutik(server, { resource: 'sale', operation: 'get', saleId: '999' });
		const error = failure(result);
		assert.equal(error.message, 'Hiboutik has no sale with ID 999');
		assert.equal(error.httpCode, '404');
		assert.equal(error.context.itemIndex, 0);
	});
});

describe('Sale Line Item → Update Attribute', () => {
	test('PUT /sale_line_item/{id} with {line_item_attribute, new_value} as JSON; points applied', async () => {
		const result = await runHiboutik(server, {
			resource: 'saleLineItem',
			operation: 'updateAttribute',
			lineItemId: '5632',
			attribute: 'points',
			value: '15',
		});
		assert.equal(result.error, undefined);
		const [request] = server.requests;
		assert.equal(request.method, 'PUT');
		assert.equal(request.path, '/api/sale_line_item/5632');
		assert.equal(request.headers['content-type'], 'application/json');
		assert.equal(request.headers.authorization, basic);
		assert.deepEqual(JSON.parse(request.rawBody), { line_item_attribute: 'points', new_value: 15 });
		assert.deepEqual(outputJson(result), [
			{ line_item_id: 5632, line_item_attribute: 'points', new_value: 15, lineItemId: 5632, attribute: 'points', value: 15 },
		]);
		assert.equal(server.lineItem(5632)?.points, 15);
	});

	test('the attribute from an expression, in any case and with spaces', async () => {
		const result = await runHiboutik(server, {
			resource: 'saleLineItem',
			operation: 'updateAttribute',
			lineItemId: '5632',
			attribute: '={{ " Points " }}',
			value: '={{ 16 }}',
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), { line_item_attribute: 'points', new_value: 16 });
	});

	test('amounts are sent as decimal text (a decimal comma and float noise are cleaned up)', async () => {
		for (const [value, sent] of [
			['12,90', '12.90'],
			['={{ 0.1 + 0.2 }}', '0.3'],
			['={{ 14.9 }}', '14.9'],
		] as const) {
			server.requests.length = 0;
			const result = await runHiboutik(server, {
				resource: 'saleLineItem',
				operation: 'updateAttribute',
				lineItemId: '5632',
				attribute: 'product_price',
				value,
			});
			assert.equal(result.error, undefined);
			assert.deepEqual(JSON.parse(server.requests[0].rawBody), { line_item_attribute: 'product_price', new_value: sent });
		}
		assert.equal(server.lineItem(5632)?.product_price, '14.9');
	});

	test('quantity as a number, comments as text', async () => {
		await runHiboutik(server, { resource: 'saleLineItem', operation: 'updateAttribute', lineItemId: '5631', attribute: 'quantity', value: '3' });
		await runHiboutik(server, {
			resource: 'saleLineItem',
			operation: 'updateAttribute',
			lineItemId: '5631',
			attribute: 'comments',
			value: 'Offert : anniversaire',
		});
		assert.deepEqual(
			server.requests.map((r) => JSON.parse(r.rawBody)),
			[
				{ line_item_attribute: 'quantity', new_value: 3 },
				{ line_item_attribute: 'comments', new_value: 'Offert : anniversaire' },
			],
		);
		assert.equal(server.lineItem(5631)?.quantity, 3);
		assert.equal(server.lineItem(5631)?.comments, 'Offert : anniversaire');
	});

	test('Other: any attribute by name, its value sent as given', async () => {
		const result = await runHiboutik(server, {
			resource: 'saleLineItem',
			operation: 'updateAttribute',
			lineItemId: '5633',
			attribute: 'other',
			customAttribute: 'serial_number',
			value: 'SN-0042',
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), { line_item_attribute: 'serial_number', new_value: 'SN-0042' });
		assert.equal(outputJson(result)[0].attribute, 'serial_number');
		assert.equal(server.lineItem(5633)?.serial_number, 'SN-0042');
	});
});

describe('Customer → Get', () => {
	test('GET /customer/{id}: Hiboutik\'s one-element list becomes the customer object', async () => {
		const result = await runHiboutik(server, { resource: 'customer', operation: 'get', customerId: '356' });
		assert.equal(result.error, undefined);
		assert.deepEqual(outputJson(result), [server.customers.get(356)]);
		assert.equal(server.requests[0].path, '/api/customer/356');
	});

	test('a bare object answer is accepted too', async () => {
		server.setSingleRecordsAsList(false);
		const result = await runHiboutik(server, { resource: 'customer', operation: 'get', customerId: '357' });
		assert.equal(result.error, undefined);
		assert.deepEqual(outputJson(result), [server.customers.get(357)]);
	});

	test('an unknown customer: a clear error', async () => {
		const result = await runHiboutik(server, { resource: 'customer', operation: 'get', customerId: '4242' });
		assert.equal(failure(result).message, 'Hiboutik has no customer with ID 4242');
	});
});

describe('Customer → Update Attribute', () => {
	test('PUT /customer/{id} with {customers_attribute, new_value}; output says what changed', async () => {
		const result = await runHiboutik(server, {
			resource: 'customer',
			operation: 'updateAttribute',
			customerId: '356',
			attribute: 'points',
			value: '={{ 120 + 46 }}',
		});
		assert.equal(result.error, undefined);
		const [request] = server.requests;
		assert.deepEqual([request.method, request.path], ['PUT', '/api/customer/356']);
		assert.deepEqual(JSON.parse(request.rawBody), { customers_attribute: 'points', new_value: 166 });
		assert.deepEqual(outputJson(result), [
			{ customers_id: 356, customers_attribute: 'points', new_value: 166, customerId: 356, attribute: 'points', value: 166 },
		]);
		assert.equal(server.customers.get(356)?.points, 166);
	});

	test('email, date of birth (an ISO date-time keeps its day) and names', async () => {
		const updates = [
			['email', ' e.marchand@example.fr ', 'e.marchand@example.fr'],
			['date_of_birth', '1985-04-23T00:00:00.000+02:00', '1985-04-23'],
			['first_name', 'Élodie-Anne', 'Élodie-Anne'],
		] as const;
		for (const [attribute, value] of updates) {
			const result = await runHiboutik(server, { resource: 'customer', operation: 'updateAttribute', customerId: '356', attribute, value });
			assert.equal(result.error, undefined);
		}
		assert.deepEqual(
			server.requests.map((r) => JSON.parse(r.rawBody)),
			updates.map(([attribute, , sent]) => ({ customers_attribute: attribute, new_value: sent })),
		);
		assert.equal(server.customers.get(356)?.date_of_birth, '1985-04-23');
	});
});
