/**
 * Every parameter is checked before anything is sent: a bad value stops with a
 * NodeOperationError that names the field as the editor shows it and the
 * item, and Hiboutik receives nothing, for that item or any other.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { INodeParameters } from 'n8n-workflow';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { failure, LOGIN, outputJson, runHiboutik } from './apiHelpers';

const LINE_ITEM = { resource: 'saleLineItem', operation: 'updateAttribute', lineItemId: '5631', attribute: 'points', value: '10' };
const CUSTOMER = { resource: 'customer', operation: 'updateAttribute', customerId: '356', attribute: 'points', value: '10' };
const CREATE = { resource: 'webhook', operation: 'create', webhookLabel: 'n8n', webhookUrl: 'https://example.com/h', webhookAction: 'sale' };

const CASES: Array<{ name: string; parameters: INodeParameters; message: RegExp }> = [
	{ name: 'sale ID that resolves to blanks', parameters: { resource: 'sale', operation: 'get', saleId: '={{ "  " }}' }, message: /^Sale ID is required/ },
	{
		name: 'sale ID from a missing field',
		parameters: { resource: 'sale', operation: 'get', saleId: '={{ $json.nothing }}' },
		message: /^Sale ID is required/,
	},
	{
		name: 'sale ID that is not a number',
		parameters: { resource: 'sale', operation: 'get', saleId: 'V-1287' },
		message: /^Sale ID must be a whole number of 1 or more, e.g. 1287 \(got "V-1287"\)/,
	},
	{ name: 'sale ID 0', parameters: { resource: 'sale', operation: 'get', saleId: '0' }, message: /^Sale ID must be a whole number of 1 or more/ },
	{ name: 'negative sale ID', parameters: { resource: 'sale', operation: 'get', saleId: '={{ -4 }}' }, message: /\(got -4\)/ },
	{ name: 'fractional sale ID', parameters: { resource: 'sale', operation: 'get', saleId: '={{ 12.5 }}' }, message: /\(got 12\.5\)/ },
	{
		name: 'line item ID that would lose precision',
		parameters: { ...LINE_ITEM, lineItemId: '12345678901234567890' },
		message: /^Line Item ID must be a whole number/,
	},
	{ name: 'line item ID missing', parameters: { ...LINE_ITEM, lineItemId: '  ' }, message: /^Line Item ID is required/ },
	{
		name: 'points that are not a number',
		parameters: { ...LINE_ITEM, value: 'beaucoup' },
		message: /^Value must be a whole number for points, e.g. 25 \(got "beaucoup"\)/,
	},
	{ name: 'points that resolve to nothing', parameters: { ...LINE_ITEM, value: '={{ $json.points }}' }, message: /^Value must be a whole number for points/ },
	{
		name: 'fractional points',
		parameters: { ...LINE_ITEM, value: '={{ 3 * 2.5 }}' },
		message: /^Value must be a whole number for points \(got 7\.5\): round it in the expression, e\.g\. \{\{ Math\.round/,
	},
	{ name: 'price that is not an amount', parameters: { ...LINE_ITEM, attribute: 'product_price', value: '12 €' }, message: /^Value must be an amount for product_price, e\.g\. 12\.50 \(got "12 €"\)/ },
	{ name: 'quantity that is not a number', parameters: { ...LINE_ITEM, attribute: 'quantity', value: 'two' }, message: /^Value must be a number for quantity/ },
	{ name: 'comments that are an object', parameters: { ...LINE_ITEM, attribute: 'comments', value: '={{ { a: 1 } }}' }, message: /^Value must be text for comments/ },
	{
		name: 'an attribute from an expression that is not listed',
		parameters: { ...LINE_ITEM, attribute: '={{ "colour" }}' },
		message: /^Attribute must be one of comments, discount, points, product_price, quantity or other \(got "colour"\)/,
	},
	{ name: 'Other without a name', parameters: { ...LINE_ITEM, attribute: 'other', customAttribute: '' }, message: /^Attribute Name is required/ },
	{
		name: 'Other with a name Hiboutik cannot have',
		parameters: { ...LINE_ITEM, attribute: 'other', customAttribute: 'serial number' },
		message: /^Attribute Name must be a Hiboutik attribute name such as product_price/,
	},
	{
		name: 'Other naming a listed attribute: its rule applies',
		parameters: { ...LINE_ITEM, attribute: 'other', customAttribute: 'points', value: '2.5' },
		message: /^Value must be a whole number for points/,
	},
	{ name: 'customer ID from a missing field', parameters: { ...CUSTOMER, customerId: '={{ $json.customer_id }}' }, message: /^Customer ID is required/ },
	{ name: 'invalid email', parameters: { ...CUSTOMER, attribute: 'email', value: 'elodie@' }, message: /^Value must be an email address for email \(got "elodie@"\)/ },
	{
		name: 'impossible date of birth',
		parameters: { ...CUSTOMER, attribute: 'date_of_birth', value: '1985-02-30' },
		message: /^Value must be a date written YYYY-MM-DD for date_of_birth, e\.g\. 1985-04-23 \(got "1985-02-30"\)/,
	},
	{ name: 'French date of birth', parameters: { ...CUSTOMER, attribute: 'date_of_birth', value: '23/04/1985' }, message: /^Value must be a date written YYYY-MM-DD/ },
	{ name: 'webhook label that resolves to nothing', parameters: { ...CREATE, webhookLabel: '={{ $json.label }}' }, message: /^Label is required/ },
	{ name: 'webhook URL that resolves to nothing', parameters: { ...CREATE, webhookUrl: '={{ $json.url }}' }, message: /^Webhook URL is required/ },
	{
		name: 'webhook URL without a scheme',
		parameters: { ...CREATE, webhookUrl: 'n8n.example.com/webhook' },
		message: /^Webhook URL must be a full web address starting with https:\/\/ \(got "n8n\.example\.com\/webhook"\)/,
	},
	{ name: 'webhook URL that is not http', parameters: { ...CREATE, webhookUrl: 'ftp://example.com/h' }, message: /^Webhook URL must be a full web address/ },
	{
		name: 'webhook event from an expression that Hiboutik does not have',
		parameters: { ...CREATE, webhookAction: '={{ "sale_validated" }}' },
		message: /^Event must be one of customer, payment, product, sale, sale_item, schedule, stock_order, store_credit, timestamp \(got "sale_validated"\)/,
	},
	{
		name: 'store ID that is not a number',
		parameters: { ...CREATE, additionalFields: { storeId: 'main' } },
		message: /^Additional Fields › Store ID must be a whole number of 1 or more, e\.g\. 1 \(got "main"\)/,
	},
	{ name: 'webhook ID that resolves to nothing', parameters: { resource: 'webhook', operation: 'delete', webhookId: '={{ null }}' }, message: /^Webhook ID is required/ },
	{ name: 'limit 0', parameters: { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 0 }, message: /^Limit must be a whole number of 1 or more \(got 0\)/ },
	{ name: 'unknown operation', parameters: { resource: 'sale', operation: 'delete' }, message: /^The operation "delete" of "sale" is not supported/ },
];

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

describe('Hiboutik parameter checks, before any request', () => {
	for (const { name, parameters, message } of CASES) {
		test(`${name}: the field and the item are named, nothing is sent`, async () => {
			const result = await runHiboutik(server, parameters, { input: [{ json: {} }, { json: {} }] });
			const error = failure(result);
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, message);
			assert.equal(error.context.itemIndex, 0);
			if (!/not supported/.test(error.message)) {
				assert.match(error.message, / \[item 0\]$/);
				assert.equal(error.description, 'Nothing was sent to Hiboutik for this item.');
			}
			assert.equal(server.requests.length, 0);
		});
	}

	test('a required field left empty in the editor: n8n itself stops before the node runs', async () => {
		await assert.rejects(runHiboutik(server, { resource: 'sale', operation: 'get', saleId: '' }), /Parameter "Sale ID" is required/);
		assert.equal(server.requests.length, 0);
	});

	test('a bad third item: the first two are not sent either', async () => {
		const result = await runHiboutik(
			server,
			{ ...LINE_ITEM, lineItemId: '={{ $json.id }}' },
			{ input: [{ json: { id: 5631 } }, { json: { id: 5632 } }, { json: { id: '5633a' } }] },
		);
		const error = failure(result);
		assert.equal(error.message, 'Line Item ID must be a whole number of 1 or more, e.g. 5631 (got "5633a") [item 2]');
		assert.equal(error.context.itemIndex, 2);
		assert.equal(server.requests.length, 0);
	});

	test('with continueOnFail, only the bad item is left out; the others are sent', async () => {
		const result = await runHiboutik(
			server,
			{ ...LINE_ITEM, lineItemId: '={{ $json.id }}' },
			{ continueOnFail: true, input: [{ json: { id: 5631 } }, { json: { id: 0 } }, { json: { id: 5633 } }] },
		);
		assert.equal(result.error, undefined);
		const out = outputJson(result);
		assert.deepEqual(out[1], { error: 'Line Item ID must be a whole number of 1 or more, e.g. 5631 (got 0) [item 1]' });
		assert.deepEqual(
			server.requests.map((r) => r.path),
			['/api/sale_line_item/5631', '/api/sale_line_item/5633'],
		);
	});

	test('values that look odd but are fine: "0012" as an ID, a number as text, "-3" points', async () => {
		const result = await runHiboutik(server, { ...LINE_ITEM, lineItemId: '0005631', value: ' -3 ' });
		assert.equal(result.error, undefined);
		assert.equal(server.requests[0].path, '/api/sale_line_item/5631');
		assert.deepEqual(JSON.parse(server.requests[0].rawBody), { line_item_attribute: 'points', new_value: -3 });
	});
});
