/**
 * Order → Create or Update through n8n's engine against the fake SPREAD:
 * what reaches SPREAD for typical and unusual inputs, and what the node outputs.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getGlobalState, setGlobalState } from 'n8n-workflow';
import { parseStr } from '../../nodes/shared/phpQuery';
import { startSpreadServer, type SpreadServer } from '../vendors/spreadServer';
import { KEYS, minimalOrderParameters, outputJson, runSpread } from './helpers';

type Data = Record<string, unknown>;

describe('SPREAD Order → Create or Update', () => {
	let server: SpreadServer;
	const defaultState = getGlobalState();

	before(async () => {
		server = await startSpreadServer(KEYS);
	});
	afterEach(() => {
		server.requests.length = 0;
		server.orders.clear();
		server.setMode('ok');
		setGlobalState(defaultState);
	});
	after(async () => {
		await server.close();
	});

	const sentData = (index = 0) => server.orderRequests()[index].params.data as Data;

	test('a minimal order: only what SPREAD requires, in the sample\'s order', async () => {
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		const [request] = server.orderRequests();
		assert.equal(
			request.rawBody,
			'data%5Bcustomer_email%5D=claire%40example.fr&data%5Baction%5D=order&data%5Border_idorder%5D=A-1001' +
				'&data%5Border_state%5D=20&data%5Border_amount%5D=42.5&data%5Border_crea_dt%5D=2024-03-05+09%3A15%3A00' +
				'&request%5Border_idorder%5D=A-1001',
		);
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request.authorized, true);
		const [item] = result.output![0];
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(item.json.success, true);
		assert.equal(item.json.orderId, 'A-1001');
		assert.equal((item.json.response as Data).action, 'created');
	});

	test('upsert: the same order ID twice updates the order instead of creating another', async () => {
		await runSpread(server, minimalOrderParameters({ orderState: '20' }));
		const second = await runSpread(server, minimalOrderParameters({ orderState: '50', amount: 40 }));
		assert.equal(server.orders.size, 1);
		const order = server.orders.get('A-1001')!;
		assert.equal(order.writes, 2);
		assert.equal(order.status, '50');
		assert.equal(order.amount, '40');
		assert.equal((outputJson(second)[0].response as Data).action, 'updated');
	});

	test('a profile found by External ID alone', async () => {
		const result = await runSpread(server, minimalOrderParameters({ customerEmail: '', externalId: 'CUST-77' }));
		assert.equal(result.error, undefined);
		assert.equal(sentData().external_id, 'CUST-77');
		assert.equal(sentData().customer_email, undefined);
	});

	test('parameters from input items through expressions, one request and one output per item', async () => {
		const input = [
			{ json: { ref: 5001, total: '19,90', at: 1717236000, mail: 'a@example.fr', tags: ['web', 'promo'] } },
			{ json: { ref: 'B-2', total: 0.1 + 0.2, at: '2024-06-01T10:00:00+02:00', mail: 'b@example.fr', tags: 'shop' } },
			{ json: { ref: 'C-3', total: 1250, at: '2024-06-01 08:00:00Z', mail: 'c@example.fr', tags: [] } },
		];
		const result = await runSpread(
			server,
			{
				...minimalOrderParameters(),
				orderId: '={{ $json.ref }}',
				amount: '={{ $json.total }}',
				createdAt: '={{ $json.at }}',
				customerEmail: '={{ $json.mail }}',
				orderState: '={{ $itemIndex === 2 ? "Completed" : 20 }}',
				orderFields: { orderTagsToAdd: '={{ $json.tags }}' },
			},
			{ input },
		);
		assert.equal(result.error, undefined);
		const sent = server.orderRequests().map((r) => r.params.data as Data);
		assert.deepEqual(
			sent.map((d) => [d.order_idorder, d.order_amount, d.order_crea_dt, d.customer_email, d.order_state, d.add_order_tag]),
			[
				['5001', '19.9', '2024-06-01 10:00:00', 'a@example.fr', '20', ['web', 'promo']],
				['B-2', '0.3', '2024-06-01 08:00:00', 'b@example.fr', '20', ['shop']],
				['C-3', '1250', '2024-06-01 08:00:00', 'c@example.fr', '100', undefined],
			],
		);
		assert.deepEqual(
			result.output![0].map((item) => [item.json.orderId, item.pairedItem]),
			[
				['5001', { item: 0 }],
				['B-2', { item: 1 }],
				['C-3', { item: 2 }],
			],
		);
	});

	test('amounts are sent as PHP prints floats, never as raw JS floats', async () => {
		const cases: Array<[unknown, string]> = [
			[158.31, '158.31'],
			['={{ 0.1 + 0.2 }}', '0.3'],
			['={{ 19.99 * 3 }}', '59.97'],
			[10, '10'],
			['158,31', '158.31'],
			[' 7.50 ', '7.5'],
			[0, '0'],
		];
		for (const [amount] of cases) await runSpread(server, minimalOrderParameters({ amount: amount as number }));
		assert.deepEqual(
			server.orderRequests().map((r) => (r.params.data as Data).order_amount),
			cases.map(([, sent]) => sent),
		);
	});

	test('dates: zone-less values are read in the workflow time zone and sent in UTC', async () => {
		setGlobalState({ defaultTimezone: 'Europe/Paris' });
		const cases: Array<[unknown, string]> = [
			['2014-06-21 14:31:08', '2014-06-21 12:31:08'], // summer: UTC+2
			['2014-01-21T14:31:08', '2014-01-21 13:31:08'], // winter: UTC+1
			['2014-06-21T14:31:08Z', '2014-06-21 14:31:08'],
			['2014-06-21T14:31:08-04:00', '2014-06-21 18:31:08'],
			['2014-06-21', '2014-06-20 22:00:00'],
			[1403361068, '2014-06-21 14:31:08'], // epoch seconds
			[1403361068000, '2014-06-21 14:31:08'], // epoch milliseconds
			['={{ DateTime.fromISO("2024-01-02T03:04:05", { zone: "Asia/Tokyo" }) }}', '2024-01-01 18:04:05'],
			['Sat, 21 Jun 2014 14:31:08 GMT', '2014-06-21 14:31:08'],
		];
		for (const [createdAt] of cases) {
			const result = await runSpread(server, minimalOrderParameters({ createdAt: createdAt as string }));
			assert.equal(result.error, undefined, String(createdAt));
		}
		assert.deepEqual(
			server.orderRequests().map((r) => (r.params.data as Data).order_crea_dt),
			cases.map(([, sent]) => sent),
		);
	});

	test('calendar dates keep the day written (birthday, service dates)', async () => {
		setGlobalState({ defaultTimezone: 'Pacific/Auckland' });
		await runSpread(
			server,
			minimalOrderParameters({
				profileFields: { birthday: '1970-12-31T00:00:00' },
				orderFields: { serviceStart: '2019-06-05T23:30:00-05:00', serviceEnd: '={{ DateTime.fromISO("2019-06-14T01:00:00", { zone: "Europe/Paris" }) }}' },
			}),
		);
		const data = sentData();
		assert.equal(data.customer_birthday, '1970-12-31');
		assert.equal(data.order_start_service, '2019-06-05');
		assert.equal(data.order_end_service, '2019-06-14');
	});

	test('custom fields keep the order they were given in, as a PHP array would', async () => {
		await runSpread(
			server,
			minimalOrderParameters({
				customFields: {
					field: [
						{ id: '327', value: 'Sport:Basket' },
						{ id: '12', value: 'Logement:Appartement' },
						{ id: '40', value: '' },
					],
				},
			}),
		);
		const body = server.orderRequests()[0].rawBody;
		assert.ok(
			body.includes('data%5Bcustom_fields%5D%5B327%5D=Sport%3ABasket&data%5Bcustom_fields%5D%5B12%5D=Logement%3AAppartement&'),
			body,
		);
		assert.ok(!body.includes('%5B40%5D'), 'an empty value is not sent');
	});

	test('product attributes as JSON: lists of texts or objects, one entry per product', async () => {
		const expected = [
			['size:xl', 'type:shirt'],
			['size:s', 'color:blue'],
		];
		await runSpread(
			server,
			minimalOrderParameters({
				productAttributesInput: 'json',
				productsJson: '[["size:xl", "type:shirt"], {"size": "s", "color": "blue"}, []]',
			}),
		);
		await runSpread(
			server,
			minimalOrderParameters({
				productAttributesInput: 'json',
				productsJson: '={{ $json.lines.map(l => ({ size: l.size, type: l.type })) }}',
			}),
			{ input: [{ json: { lines: [{ size: 'xl', type: 'shirt', qty: 2 }, { size: 's', type: 'cap' }] } }] },
		);
		assert.deepEqual(sentData(0).product_attributes, expected);
		assert.deepEqual(sentData(1).product_attributes, [
			['size:xl', 'type:shirt'],
			['size:s', 'type:cap'],
		]);
	});

	test('product attributes from the fields: commas or new lines, empty products skipped', async () => {
		const refused = await runSpread(
			server,
			minimalOrderParameters({
				products: {
					product: [{ attributes: '' }, { attributes: 'size:xl,\n type:shirt ' }, { attributes: 'note:a, b' }],
				},
			}),
		);
		// "note:a, b" splits into "note:a" and "b", which is not name:value: refused before sending.
		assert.match(String(refused.error?.message), /^Products › product 3, attribute 2 must be written name:value/);
		assert.equal(server.orderRequests().length, 0);
		await runSpread(
			server,
			minimalOrderParameters({ products: { product: [{ attributes: '' }, { attributes: 'size:xl,\n type:shirt ' }] } }),
		);
		assert.deepEqual(sentData().product_attributes, [['size:xl', 'type:shirt']]);
	});

	test('profile fields: every one reaches its SPREAD key; empty ones are not sent', async () => {
		await runSpread(
			server,
			minimalOrderParameters({
				profileFields: {
					trackingCookie: 'sbt-cookie-value',
					lastName: 'Martin',
					firstName: '',
					emailOptIn: '-1',
					smsOptIn: '0',
					gender: 'female',
					city: '  ',
					profileTagsToAdd: 'vip, , newsletter',
				},
			}),
		);
		const data = sentData();
		assert.deepEqual(
			Object.keys(data),
			[
				'customer_email',
				'customer_cookie',
				'customer_name',
				'customer_isoptin',
				'customer_mobile_isoptin',
				'customer_gender',
				'add_tag',
				'action',
				'order_idorder',
				'order_state',
				'order_amount',
				'order_crea_dt',
			],
		);
		assert.equal(data.customer_isoptin, '-1');
		assert.equal(data.customer_mobile_isoptin, '0');
		assert.deepEqual(data.add_tag, ['vip', 'newsletter']);
	});

	test('special characters are encoded exactly like PHP (checked against parse_str on the server)', async () => {
		const tricky = "L'Atelier (Rouen) ~ 100% *bio* & co = \"ok\" + plus [x] é € 😀\nligne 2";
		await runSpread(server, minimalOrderParameters({ profileFields: { company: tricky, lastName: tricky } }));
		const request = server.orderRequests()[0];
		assert.equal((request.params.data as Data).customer_company, tricky);
		assert.ok(request.rawBody.includes('L%27Atelier+%28Rouen%29+%7E+100%25+%2Abio%2A+%26+co'));
		assert.deepEqual(parseStr(request.rawBody), request.params);
	});

	test('a server answer that is not JSON is returned as text', async () => {
		server.setMode('garbage');
		const result = await runSpread(server, minimalOrderParameters());
		assert.equal(result.error, undefined);
		const [json] = outputJson(result);
		assert.equal(json.success, true);
		assert.equal(typeof json.response, 'string');
		assert.match(json.response as string, /Maintenance en cours/);
	});

	test('the Base URL may end with a slash', async () => {
		const result = await runSpread(server, minimalOrderParameters(), { credentials: { baseUrl: `${server.baseUrl}/` } });
		assert.equal(result.error, undefined);
		assert.equal(server.orderRequests()[0].path, '/api/updateOrder');
	});
});
