import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { callWebhook, StaticDataStore, type NodeUnderTest, type WebhookCall } from '../helpers/n8n';
import { IkitechTrigger } from '../../nodes/Ikitech/IkitechTrigger.node.js';
import { EVENT_INFO, IKITECH_EVENTS, type IkitechEvent } from '../../nodes/Ikitech/events';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';

const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';

interface Setup {
	events?: IkitechEvent[];
	options?: IDataObject;
	token?: string;
}

function trigger({ events = [...IKITECH_EVENTS], options = {}, token = TOKEN }: Setup = {}): NodeUnderTest {
	return {
		nodeType: new IkitechTrigger(),
		parameters: { events, options } as INodeParameters,
		credentials: { ikitechApi: { token } },
	};
}

/** A POST as IKITECH makes it: JSON body, the store's token in the `Token` header. */
function post(body: unknown, setup: Setup = {}, call: Partial<WebhookCall> = {}) {
	return callWebhook(trigger(setup), {
		headers: { 'content-type': 'application/json', Token: TOKEN, ...call.headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...(call.staticData ? { staticData: call.staticData } : {}),
		...(call.mode ? { mode: call.mode } : {}),
	});
}

function onlyItem(result: Awaited<ReturnType<typeof callWebhook>>): IDataObject {
	assert.equal(result.status, 200, result.body);
	assert.equal(result.workflowData?.length, 1);
	assert.equal(result.workflowData?.[0].length, 1, 'one item per callback');
	return result.workflowData![0][0].json;
}

function assertRefused(result: Awaited<ReturnType<typeof callWebhook>>, status: number, message?: RegExp) {
	assert.equal(result.status, status, result.body);
	assert.equal(result.workflowData, undefined, 'no execution may start');
	if (message) assert.match(String((result.json as IDataObject | undefined)?.error ?? result.body), message);
}

describe('IKITECH Trigger: every event IKITECH documents', () => {
	for (const event of IKITECH_EVENTS) {
		test(`${event} starts one execution with the record, typed`, async () => {
			const sample = IKITECH_SAMPLES[event];
			const json = onlyItem(await post(sample));
			assert.equal(json.event, event);
			assert.equal(json.resource, EVENT_INFO[event].resource);
			assert.equal(json.action, EVENT_INFO[event].action);
			assert.deepEqual(json.data, sample.data);
			assert.ok(!Number.isNaN(Date.parse(String(json.receivedAt))));
			assert.equal((json.headers as IDataObject)['content-type'], 'application/json');
		});
	}

	test('an order keeps its line items, their selected variants and the nested customer', async () => {
		const json = onlyItem(await post(IKITECH_SAMPLES.NEW_ORDER));
		const data = json.data as IDataObject;
		const lines = data.line_items_at_time as IDataObject[];
		assert.equal(lines.length, 2);
		assert.deepEqual(lines[0].distributes_selected, [
			{ name: 'Màu sắc', value: 'Trắng' },
			{ name: 'Kích cỡ', value: 'L' },
		]);
		assert.equal((data.customer as IDataObject).name, 'Nguyễn Thị Lan');
	});

	test('an order gets ready-to-map fields, and none that IKITECH does not send', async () => {
		const json = onlyItem(await post(IKITECH_SAMPLES.NEW_ORDER));
		assert.equal(json.orderId, 20931);
		assert.equal(json.orderCode, 'DH250308ABC12');
		assert.equal(json.orderStatus, 0);
		assert.equal(json.paymentStatus, 0);
		assert.equal(json.paymentMethod, 'cod');
		assert.equal(json.totalFinal, 900000);
		assert.equal(json.customerName, 'Nguyễn Thị Lan');
		assert.equal(json.customerPhone, '0912345678');
		assert.equal(json.isDeletion, false);
		assert.equal(json.recordComplete, true);
		assert.equal('deletedKey' in json, false);
		assert.equal('trackingNumber' in json, false);
	});

	test('a product and a customer get their ready-to-map fields', async () => {
		const product = onlyItem(await post(IKITECH_SAMPLES.UPDATE_PRODUCT));
		assert.equal(product.productId, 1042);
		assert.equal(product.productName, 'Áo thun cotton nam cổ tròn');
		assert.equal(product.sku, 'ATN-CT-001');
		const customer = onlyItem(await post(IKITECH_SAMPLES.NEW_CUSTOMER));
		assert.equal(customer.customerId, 5907);
		assert.equal(customer.customerName, 'Trần Văn Minh');
		assert.equal(customer.phoneNumber, '0987654321');
		assert.equal(customer.email, 'minh.tran@example.vn');
	});

	test('numeric strings and 1/0 booleans (as a PHP back end sends them) arrive as numbers and booleans', async () => {
		const data = {
			...IKITECH_SAMPLES.NEW_ORDER.data,
			id: '20931',
			total_final: '900000',
			vat: '0.00',
			is_use_points: 0,
			logged: '1',
		};
		const json = onlyItem(await post({ type: 'NEW_ORDER', data }));
		const out = json.data as IDataObject;
		assert.equal(out.id, 20931);
		assert.equal(out.total_final, 900000);
		assert.equal(out.vat, 0);
		assert.equal(out.is_use_points, false);
		assert.equal(out.logged, true);
		assert.equal(json.orderId, 20931);
	});

	test('fields IKITECH adds later are kept, at every level', async () => {
		const order = IKITECH_SAMPLES.NEW_ORDER.data;
		const lines = order.line_items_at_time as IDataObject[];
		const data = {
			...order,
			store_code: 'thoitrangsg',
			line_items_at_time: [{ ...lines[0], warehouse: 'Kho Tân Bình' }, lines[1]],
		};
		const json = onlyItem(await post({ type: 'UPDATE_ORDER', data, sent_by: 'ikitech' }));
		const out = json.data as IDataObject;
		assert.equal(out.store_code, 'thoitrangsg');
		assert.equal((out.line_items_at_time as IDataObject[])[0].warehouse, 'Kho Tân Bình');
	});

	test('a guest order without a customer (null, or PHP\'s empty array) is accepted', async () => {
		for (const customer of [null, []]) {
			const json = onlyItem(await post({ type: 'NEW_ORDER', data: { ...IKITECH_SAMPLES.NEW_ORDER.data, customer_id: null, customer } }));
			assert.equal((json.data as IDataObject).customer, null);
		}
	});

	test('a record missing a required field is refused with 400 naming it', async () => {
		const { order_code: _drop, ...withoutCode } = IKITECH_SAMPLES.NEW_ORDER.data;
		assertRefused(await post({ type: 'NEW_ORDER', data: withoutCode }), 400, /data\.order_code: Required/);
		const { id: _id, ...withoutId } = IKITECH_SAMPLES.UPDATE_CUSTOMER.data;
		assertRefused(await post({ type: 'UPDATE_CUSTOMER', data: withoutId }), 400, /data\.id: Required/);
		assertRefused(await post({ type: 'NEW_PRODUCT', data: { id: 1, name: '' } }), 400, /data\.name/);
		assertRefused(
			await post({ type: 'NEW_ORDER', data: { ...IKITECH_SAMPLES.NEW_ORDER.data, total_final: 'chín trăm nghìn' } }),
			400,
			/data\.total_final: expected a number/,
		);
	});
});

describe('IKITECH Trigger: deletions carry only the identifier', () => {
	const cases: Array<[IkitechEvent, string, string, string]> = [
		['DELETE_ORDER', 'order_code', 'DH250301XYZ89', 'orderCode'],
		['DELETE_PRODUCT', 'name', 'Áo khoác dù nữ chống nắng', 'productName'],
		['DELETE_CUSTOMER', 'phone_number', '0901112233', 'phoneNumber'],
	];
	for (const [event, field, value, convenience] of cases) {
		test(`${event} says the record is incomplete and names the key`, async () => {
			const json = onlyItem(await post(IKITECH_SAMPLES[event]));
			assert.equal(json.isDeletion, true);
			assert.equal(json.recordComplete, false);
			assert.deepEqual(json.deletedKey, { field, value });
			assert.deepEqual(json.data, { [field]: value });
			assert.equal(json[convenience], value);
			assert.equal(json.action, 'deleted');
		});
	}

	test('a deletion without its identifier is refused', async () => {
		assertRefused(await post({ type: 'DELETE_ORDER', data: {} }), 400, /data\.order_code: Required/);
		assertRefused(await post({ type: 'DELETE_CUSTOMER', data: { name: 'Lan' } }), 400, /data\.phone_number/);
		assertRefused(await post({ type: 'DELETE_PRODUCT', data: { name: '' } }), 400, /data\.name/);
	});
});

describe('IKITECH Trigger: the Token header', () => {
	for (const name of ['Token', 'token', 'TOKEN']) {
		test(`is accepted as "${name}"`, async () => {
			const result = await callWebhook(trigger(), {
				headers: { 'content-type': 'application/json', [name]: TOKEN },
				body: JSON.stringify(IKITECH_SAMPLES.NEW_ORDER),
			});
			assert.equal(onlyItem(result).event, 'NEW_ORDER');
		});
	}

	test('missing → 403, no execution', async () => {
		const result = await callWebhook(trigger(), {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(IKITECH_SAMPLES.NEW_ORDER),
		});
		assertRefused(result, 403, /Token/);
	});

	for (const [label, sent] of [
		['wrong', 'ikt_00000000000000000000000000000000'],
		['another case', TOKEN.toUpperCase()],
		['with a Bearer prefix', `Bearer ${TOKEN}`],
		['a prefix of the right one', TOKEN.slice(0, 10)],
		['empty', ''],
	] as const) {
		test(`${label} → 403, no execution`, async () => {
			assertRefused(await post(IKITECH_SAMPLES.NEW_ORDER, {}, { headers: { Token: sent } }), 403);
		});
	}

	test('an empty token in the credential refuses everything, even an empty header', async () => {
		assertRefused(await post(IKITECH_SAMPLES.NEW_ORDER, { token: '' }, { headers: { Token: '' } }), 403);
	});

	test('is checked before the body is read', async () => {
		assertRefused(await post('{"type":', {}, { headers: { Token: 'nope' } }), 422);
		assertRefused(await post('not json at all', {}, { headers: { Token: 'nope', 'content-type': 'text/plain' } }), 403);
	});

	test('is checked on the test URL as well', async () => {
		assertRefused(await post(IKITECH_SAMPLES.NEW_ORDER, {}, { headers: { Token: 'nope' }, mode: 'manual' }), 403);
	});
});

describe('IKITECH Trigger: malformed bodies', () => {
	test('truncated JSON → 422 from n8n, no execution', async () => {
		const text = JSON.stringify(IKITECH_SAMPLES.NEW_ORDER);
		assertRefused(await post(text.slice(0, text.length / 2)), 422);
	});

	test('a wrong content type → 415', async () => {
		assertRefused(await post('type=NEW_ORDER', {}, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
		assertRefused(await post(JSON.stringify(IKITECH_SAMPLES.NEW_ORDER), {}, { headers: { 'content-type': 'text/plain' } }), 415);
	});

	test('an empty body → 400', async () => {
		assertRefused(await post(''), 400, /empty/);
	});

	test('1 MB of junk → refused, no execution', async () => {
		const junk = 'x'.repeat(1024 * 1024);
		assertRefused(await post(junk), 422);
		assertRefused(await post(junk, {}, { headers: { 'content-type': 'text/plain' } }), 415);
		assertRefused(await post({ type: 'NEW_ORDER', data: { junk } }), 400, /data\.id/);
	});

	test('deeply nested brackets → 400', async () => {
		assertRefused(await post('['.repeat(5000) + ']'.repeat(5000)), 400);
		const nested = '{"type":"NEW_ORDER","data":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}';
		assertRefused(await post(nested), 400, /data\.id/);
	});

	test('a body that is not an object → 400', async () => {
		for (const body of ['[]', '"NEW_ORDER"', '42', 'null']) assertRefused(await post(body), 400);
	});

	test('{type} without data → 400 naming data', async () => {
		assertRefused(await post({ type: 'NEW_ORDER' }), 400, /data: Required/);
	});

	test('data that is not an object → 400', async () => {
		for (const data of [[], 'DH123', 7, null, true]) {
			assertRefused(await post({ type: 'DELETE_ORDER', data }), 400, /data: expected a JSON object/);
		}
	});

	test('no type → 400 naming the valid types', async () => {
		assertRefused(await post({ data: {} }), 400, /type: .*NEW_PRODUCT.*DELETE_CUSTOMER/);
	});
});

describe('IKITECH Trigger: which events run', () => {
	test('an unknown type → 400 naming the nine valid ones', async () => {
		for (const type of ['NEW_INVOICE', 'new_order', '', 7]) {
			const result = await post({ type, data: {} });
			assertRefused(result, 400);
			const message = String((result.json as IDataObject).error);
			for (const event of IKITECH_EVENTS) assert.ok(message.includes(event), `${event} named in: ${message}`);
		}
	});

	test('an event not selected → 200, no execution', async () => {
		const result = await post(IKITECH_SAMPLES.NEW_PRODUCT, { events: ['NEW_ORDER', 'UPDATE_ORDER'] });
		assert.equal(result.status, 200);
		assert.equal(result.workflowData, undefined);
		assert.deepEqual(result.json, { received: true, started: false, reason: 'event not selected', event: 'NEW_PRODUCT' });
	});

	test('an event not selected is acknowledged even when its record would not validate', async () => {
		const result = await post({ type: 'NEW_PRODUCT', data: { sku: 'x' } }, { events: ['NEW_ORDER'] });
		assert.equal(result.status, 200);
		assert.equal(result.workflowData, undefined);
	});

	test('with several events selected, each selected one runs', async () => {
		const setup: Setup = { events: ['NEW_ORDER', 'DELETE_ORDER'] };
		assert.equal(onlyItem(await post(IKITECH_SAMPLES.NEW_ORDER, setup)).event, 'NEW_ORDER');
		assert.equal(onlyItem(await post(IKITECH_SAMPLES.DELETE_ORDER, setup)).event, 'DELETE_ORDER');
	});
});

describe('IKITECH Trigger: Ignore Duplicates', () => {
	const dedup: Setup = { options: { ignoreDuplicates: true } };

	test('the same change twice → the second is acknowledged without running', async () => {
		const staticData = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.UPDATE_ORDER, dedup, { staticData }));
		const second = await post(IKITECH_SAMPLES.UPDATE_ORDER, dedup, { staticData });
		assert.equal(second.status, 200);
		assert.equal(second.workflowData, undefined);
		assert.deepEqual(second.json, { received: true, started: false, reason: 'duplicate', event: 'UPDATE_ORDER' });
	});

	test('is still a duplicate after a restart (state n8n saved in its database)', async () => {
		const before = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.NEW_CUSTOMER, dedup, { staticData: before }));
		const afterRestart = new StaticDataStore();
		afterRestart.saved = JSON.parse(JSON.stringify(before.saved)) as IDataObject;
		const again = await post(IKITECH_SAMPLES.NEW_CUSTOMER, dedup, { staticData: afterRestart });
		assert.equal(again.status, 200);
		assert.equal(again.workflowData, undefined);
	});

	test('a later version of the same record runs (updated_at differs)', async () => {
		const staticData = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.UPDATE_ORDER, dedup, { staticData }));
		const later = { type: 'UPDATE_ORDER', data: { ...IKITECH_SAMPLES.UPDATE_ORDER.data, order_status: 2, updated_at: '2025-03-08T07:00:00.000000Z' } };
		assert.equal(onlyItem(await post(later, dedup, { staticData })).event, 'UPDATE_ORDER');
	});

	test('the same record under another event type runs', async () => {
		const staticData = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.NEW_ORDER, dedup, { staticData }));
		onlyItem(await post({ type: 'UPDATE_ORDER', data: IKITECH_SAMPLES.NEW_ORDER.data }, dedup, { staticData }));
	});

	test('without updated_at, only an identical body is a duplicate', async () => {
		const staticData = new StaticDataStore();
		const { updated_at: _u, ...data } = IKITECH_SAMPLES.UPDATE_PRODUCT.data;
		onlyItem(await post({ type: 'UPDATE_PRODUCT', data }, dedup, { staticData }));
		assert.equal((await post({ type: 'UPDATE_PRODUCT', data }, dedup, { staticData })).workflowData, undefined);
		onlyItem(await post({ type: 'UPDATE_PRODUCT', data: { ...data, price: 199000 } }, dedup, { staticData }));
	});

	test('a deletion repeated for the same identifier is a duplicate', async () => {
		const staticData = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.DELETE_CUSTOMER, dedup, { staticData }));
		const again = await post({ type: 'DELETE_CUSTOMER', data: { phone_number: '0901112233', extra: 1 } }, dedup, { staticData });
		assert.equal(again.workflowData, undefined);
		onlyItem(await post({ type: 'DELETE_CUSTOMER', data: { phone_number: '0907778899' } }, dedup, { staticData }));
	});

	test('off by default: the same callback runs twice', async () => {
		const staticData = new StaticDataStore();
		onlyItem(await post(IKITECH_SAMPLES.UPDATE_ORDER, {}, { staticData }));
		onlyItem(await post(IKITECH_SAMPLES.UPDATE_ORDER, {}, { staticData }));
		assert.deepEqual(staticData.saved, {});
	});
});

describe('IKITECH Trigger: sample data on GET', () => {
	const get = (query: string, mode: 'manual' | 'webhook', setup: Setup = {}) =>
		callWebhook(trigger(setup), { method: 'GET', query, mode, headers: {} });

	test('on the test URL, ?sample=<event> emits that event exactly as a callback would', async () => {
		for (const event of IKITECH_EVENTS) {
			const json = onlyItem(await get(`?sample=${event}`, 'manual'));
			const real = onlyItem(await post(IKITECH_SAMPLES[event]));
			assert.deepEqual(Object.keys(json), Object.keys(real));
			assert.deepEqual({ ...json, receivedAt: 0, headers: 0 }, { ...real, receivedAt: 0, headers: 0 });
		}
	});

	test('the event name is not case-sensitive, and without one a new order is emitted', async () => {
		assert.equal(onlyItem(await get('?sample=delete_customer', 'manual')).event, 'DELETE_CUSTOMER');
		assert.equal(onlyItem(await get('', 'manual')).event, 'NEW_ORDER');
		assert.equal(onlyItem(await get('', 'manual', { events: ['UPDATE_PRODUCT', 'NEW_CUSTOMER'] })).event, 'UPDATE_PRODUCT');
	});

	test('an unknown sample → 400 naming the valid ones', async () => {
		assertRefused(await get('?sample=NEW_INVOICE', 'manual'), 400, /NEW_PRODUCT.*DELETE_CUSTOMER/);
	});

	test('a sample for an event not selected runs nothing, like a real callback', async () => {
		const result = await get('?sample=NEW_PRODUCT', 'manual', { events: ['NEW_ORDER'] });
		assert.equal(result.status, 200);
		assert.equal(result.workflowData, undefined);
	});

	test('samples are never counted as duplicates', async () => {
		const staticData = new StaticDataStore();
		const call = () =>
			callWebhook(trigger({ options: { ignoreDuplicates: true } }), { method: 'GET', query: '?sample=NEW_ORDER', mode: 'manual', staticData });
		onlyItem(await call());
		onlyItem(await call());
		onlyItem(await post(IKITECH_SAMPLES.NEW_ORDER, { options: { ignoreDuplicates: true } }, { staticData }));
	});

	test('on the production URL GET → 405, no execution', async () => {
		const result = await get('?sample=NEW_ORDER', 'webhook');
		assertRefused(result, 405, /POST/);
		assert.equal(result.headers.allow, 'POST');
	});
});

describe('IKITECH Trigger: the token never reaches the workflow', () => {
	test('no output item contains it, and the Token header is left out of headers', async () => {
		for (const event of IKITECH_EVENTS) {
			const result = await post(IKITECH_SAMPLES[event], {}, { headers: { 'x-request-id': 'req-42' } });
			const json = onlyItem(result);
			const headers = json.headers as IDataObject;
			assert.equal(headers.token, undefined);
			assert.equal(headers['x-request-id'], 'req-42');
			assert.ok(!JSON.stringify(result.workflowData).includes(TOKEN));
			assert.ok(!result.body.includes(TOKEN));
		}
	});

	test('a refusal does not echo the token sent or expected', async () => {
		const result = await post(IKITECH_SAMPLES.NEW_ORDER, {}, { headers: { Token: 'guess-123' } });
		assert.ok(!result.body.includes(TOKEN));
		assert.ok(!result.body.includes('guess-123'));
	});
});
