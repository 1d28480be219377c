/**
 * Every parameter is checked before anything is sent: a bad value stops with a
 * NodeOperationError that names the field as the editor shows it and the item,
 * and SPREAD receives nothing for that item.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeOperationError, type INodeParameters } from 'n8n-workflow';
import { startSpreadServer, type SpreadServer } from '../vendors/spreadServer';
import { KEYS, minimalOrderParameters, outputJson, runSpread } from './helpers';

const CASES: Array<{ name: string; parameters: INodeParameters; message: RegExp }> = [
	{ name: 'order ID that resolves to blanks', parameters: { orderId: '={{ "  " }}' }, message: /^Order ID is required/ },
	{ name: 'order ID from a missing field', parameters: { orderId: '={{ $json.nothing }}' }, message: /^Order ID is required/ },
	{
		name: 'unknown order state',
		parameters: { orderState: '={{ "shipped" }}' },
		message: /^Order State must be one of 10 \(Taken\), 20 \(Paid\), 50 \(Sent\), 100 \(Completed\), 0 \(Cancelled\)/,
	},
	{ name: 'negative amount', parameters: { amount: -5 }, message: /^Amount must be a finite amount of 0 or more/ },
	{ name: 'negative amount as text', parameters: { amount: '={{ "-12,50" }}' }, message: /^Amount must be a finite amount of 0 or more/ },
	{ name: 'amount that is not a number', parameters: { amount: '={{ "12 euros" }}' }, message: /^Amount must be a number such as 158.31 \(got "12 euros"\)/ },
	{ name: 'infinite amount', parameters: { amount: '={{ 1 / 0 }}' }, message: /^Amount must be a finite amount/ },
	{ name: 'NaN amount', parameters: { amount: '={{ NaN }}' }, message: /^Amount must be a finite amount/ },
	{ name: 'missing amount', parameters: { amount: '={{ undefined }}' }, message: /^Amount must be a number/ },
	{ name: 'creation date from a missing field', parameters: { createdAt: '={{ $json.nothing }}' }, message: /^Creation Date is required/ },
	{ name: 'impossible creation date', parameters: { createdAt: '2024-02-30 10:00:00' }, message: /^Creation Date is not a valid date: "2024-02-30 10:00:00"/ },
	{ name: 'impossible time', parameters: { createdAt: '2024-02-10 25:00:00' }, message: /^Creation Date is not a valid date/ },
	{ name: 'creation date in words', parameters: { createdAt: 'yesterday' }, message: /^Creation Date is not a date: "yesterday"/ },
	{ name: 'invalid email', parameters: { customerEmail: 'john@' }, message: /^Customer Email is not a valid email address/ },
	{
		name: 'neither email nor external ID',
		parameters: { customerEmail: '', externalId: '  ' },
		message: /^Customer Email is empty, and so is External ID: SPREAD needs one of them/,
	},
	{
		name: 'invalid birthday',
		parameters: { profileFields: { birthday: '1970-13-01' } },
		message: /^Additional Profile Fields › Birthday is not a valid date/,
	},
	{
		name: 'gender from an expression',
		parameters: { profileFields: { gender: '={{ "x" }}' } },
		message: /^Additional Profile Fields › Gender must be male or female/,
	},
	{
		name: 'opt-in from an expression',
		parameters: { profileFields: { emailOptIn: '={{ "yes" }}' } },
		message: /^Additional Profile Fields › Email Opt-In must be 1 \(opt-in\), 0 \(not opt-in\) or -1 \(unknown\)/,
	},
	{
		name: 'profile tags that are not a list',
		parameters: { profileFields: { profileTagsToAdd: '={{ { a: 1 } }}' } },
		message: /^Additional Profile Fields › Profile Tags to Add must be tags separated by commas, or a list of tags/,
	},
	{
		name: 'invalid service start date',
		parameters: { orderFields: { serviceStart: '05/06/2019' } },
		message: /^Additional Order Fields › Service Start Date is not a date/,
	},
	{
		name: 'custom field ID that is not a number',
		parameters: { customFields: { field: [{ id: '327', value: 'a' }, { id: 'sport', value: 'b' }] } },
		message: /^Custom Profile Fields › Field ID \(custom field 2\) must be the numeric ID of a SPREAD custom field/,
	},
	{
		name: 'custom field given twice',
		parameters: { customFields: { field: [{ id: '327', value: 'a' }, { id: ' 327 ', value: 'b' }] } },
		message: /^Custom Profile Fields › Field ID \(custom field 2\) is given twice \(327\)/,
	},
	{
		name: 'product attribute without a name',
		parameters: { products: { product: [{ attributes: 'size:xl' }, { attributes: ':blue' }] } },
		message: /^Products › product 2, attribute 1 must be written name:value/,
	},
	{
		name: 'products JSON that does not parse',
		parameters: { productAttributesInput: 'json', productsJson: '[["size:xl"' },
		message: /^Products \(JSON\) is not valid JSON/,
	},
	{
		name: 'products JSON that is not a list',
		parameters: { productAttributesInput: 'json', productsJson: '{"size": "xl"}' },
		message: /^Products \(JSON\) must be a list with one entry per product/,
	},
];

describe('SPREAD parameter checks, before any request', () => {
	let server: SpreadServer;

	before(async () => {
		server = await startSpreadServer(KEYS);
	});
	afterEach(() => {
		server.requests.length = 0;
	});
	after(async () => {
		await server.close();
	});

	for (const { name, parameters, message } of CASES) {
		test(name, async () => {
			const result = await runSpread(server, minimalOrderParameters(parameters));
			assert.ok(result.error, 'the execution fails');
			assert.match(result.error.message, message);
			assert.match(result.error.message, /\[item 0\]$/);
			assert.equal((result.error as NodeOperationError).context.itemIndex, 0);
			assert.equal(server.requests.length, 0, 'nothing was sent to SPREAD');
		});
	}

	test('a required field left empty in the editor: n8n itself refuses to run the node', async () => {
		await assert.rejects(runSpread(server, minimalOrderParameters({ orderId: '' })), /Parameter "Order ID" is required/);
		await assert.rejects(runSpread(server, minimalOrderParameters({ createdAt: '' })), /Parameter "Creation Date" is required/);
		assert.equal(server.requests.length, 0);
	});

	test('the failing item is named, and nothing is sent: every item is checked before the first request', async () => {
		const result = await runSpread(server, minimalOrderParameters({ customerEmail: '={{ $json.email }}' }), {
			input: [{ json: { email: 'ok@example.fr' } }, { json: { email: 'not-an-email' } }, { json: { email: 'later@example.fr' } }],
		});
		assert.match(String(result.error?.message), /^Customer Email is not a valid email address \[item 1\]$/);
		assert.equal((result.error as NodeOperationError).context.itemIndex, 1);
		assert.equal(server.orderRequests().length, 0, 'item 0 was not sent either');
	});

	test('continueOnFail: a bad item becomes an error item, the others go through', async () => {
		const result = await runSpread(server, minimalOrderParameters({ orderId: '={{ $json.id }}' }), {
			continueOnFail: true,
			input: [{ json: { id: 'X-1' } }, { json: { id: '' } }, { json: { id: 'X-3' } }],
		});
		assert.equal(result.error, undefined);
		assert.deepEqual(
			result.output![0].map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		const [first, second, third] = outputJson(result);
		assert.equal(first.orderId, 'X-1');
		assert.equal(second.error, 'Order ID is required [item 1]');
		assert.equal(third.orderId, 'X-3');
		assert.equal(server.orderRequests().length, 2);
	});
});
