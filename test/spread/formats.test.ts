/**
 * The writing rules of nodes/Spread (amounts, dates, the updateOrder body)
 * checked on their own, with real PHP as the oracle where PHP defines the
 * answer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatAmount, formatCalendarDate, formatUtcDateTime, readAmount } from '../../nodes/Spread/formats';
import { parseOrder, type RawOrderInput } from '../../nodes/Spread/orderInput';
import { updateOrderBody, updateOrderPostData } from '../../nodes/Spread/updateOrderForm';
import { httpBuildQuery } from '../../nodes/shared/phpQuery';
import { phpHttpBuildQuery, requirePhp } from '../helpers/php';

const SEED = 20241123;

describe('amounts', () => {
	test('written exactly as PHP writes the same float in http_build_query', async () => {
		requirePhp();
		const cents = fc.integer({ min: 0, max: 10_000_000_00 }).map((c) => c / 100);
		const sums = fc.array(cents, { minLength: 1, maxLength: 6 }).map((xs) => xs.reduce((a, b) => a + b, 0));
		const any = fc.double({ min: 0, max: 1e13, noNaN: true });
		const amounts = [
			158.31, 0.1 + 0.2, 10, 0, 19.99 * 3, 1e13 + 0.5, 0.005, 123456.785, 99999999.99,
			...fc.sample(fc.oneof(cents, sums, any), { numRuns: 1500, seed: SEED }),
		];
		const php = await phpHttpBuildQuery(amounts.map((a) => ({ a })));
		amounts.forEach((amount, i) => {
			assert.equal(httpBuildQuery({ a: formatAmount(amount) }), php[i], `amount ${amount}`);
		});
	});

	test('read from numbers or from text with a decimal point or comma', () => {
		assert.equal(readAmount(158.31), 158.31);
		assert.equal(readAmount('158,31'), 158.31);
		assert.equal(readAmount(' 42 '), 42);
		assert.equal(readAmount('.5'), 0.5);
		assert.equal(readAmount('-3'), -3);
		for (const bad of ['', '1 234,56', '1,234.56', '12 €', '1e3', 'abc', null, true]) assert.equal(readAmount(bad), undefined, String(bad));
	});
});

describe('dates', () => {
	test('zone-less date-times are read in the given time zone, DST included', () => {
		assert.equal(formatUtcDateTime('2024-03-31 01:30:00', 'Europe/Paris'), '2024-03-31 00:30:00');
		assert.equal(formatUtcDateTime('2024-03-31 03:30:00', 'Europe/Paris'), '2024-03-31 01:30:00');
		assert.equal(formatUtcDateTime('2024-10-27 12:00:00', 'Europe/Paris'), '2024-10-27 11:00:00');
		assert.equal(formatUtcDateTime('2024-07-01T09:00', 'America/New_York'), '2024-07-01 13:00:00');
		assert.equal(formatUtcDateTime('2024-07-01T09:00:00.789+0530', 'UTC'), '2024-07-01 03:30:00');
		assert.equal(formatUtcDateTime(new Date(Date.UTC(2001, 0, 2, 3, 4, 5)), 'Asia/Tokyo'), '2001-01-02 03:04:05');
	});

	test('calendar dates keep the written day; instants take their day in the time zone', () => {
		assert.equal(formatCalendarDate('1970-12-31', 'Pacific/Auckland'), '1970-12-31');
		assert.equal(formatCalendarDate('1970-12-31T23:59:59-12:00', 'UTC'), '1970-12-31');
		assert.equal(formatCalendarDate(Date.UTC(2019, 5, 4, 22, 30) / 1000, 'Europe/Paris'), '2019-06-05');
		assert.throws(() => formatCalendarDate('2019-02-29', 'UTC'), /is not a valid date/);
		assert.throws(() => formatCalendarDate('2019-06-05T25:00', 'UTC'), /is not a valid date/);
	});
});

describe('the updateOrder body', () => {
	function order(overrides: Partial<RawOrderInput> = {}) {
		return parseOrder(
			{
				orderId: '0000001',
				orderState: '10',
				amount: 158.31,
				createdAt: '2014-06-21T14:31:08Z',
				customerEmail: 'john@doe.com',
				externalId: '',
				profileFields: {},
				customFields: [],
				orderFields: {},
				products: { mode: 'fields', rows: [] },
				...overrides,
			},
			'UTC',
		);
	}

	test('equals PHP http_build_query of the same $post_data, awkward characters included', async () => {
		requirePhp();
		// Each text starts with a letter so that it stays valid once trimmed (an ID, a name:value).
		const awkward = fc
			.string({ unit: fc.constantFrom(...'~*\'()! &=+%#[]._-;/?@,"\n', 'é', '€', '😀', 'a', 'Z', '0'), maxLength: 20 })
			.map((t) => `x${t}x`);
		const samples = fc.sample(fc.tuple(awkward, awkward, awkward, fc.integer({ min: 2, max: 99999 })), { numRuns: 300, seed: SEED });
		const orders = samples.map(([name, tag, value, fieldId]) =>
			order({
				orderId: name,
				externalId: value,
				profileFields: { lastName: name, trackingCookie: value, smsOptIn: '-1', profileTagsToAdd: [tag, value] },
				customFields: [
					{ id: String(fieldId), value },
					{ id: '1', value: name },
				],
				orderFields: { orderTagsToRemove: [tag] },
				products: { mode: 'json', json: [[`n:${value}`], { [tag]: name }] },
			}),
		);
		const php = await phpHttpBuildQuery(orders.map(updateOrderPostData));
		orders.forEach((o, i) => assert.equal(updateOrderBody(o), php[i], JSON.stringify(samples[i])));
	});

	test('an empty product attribute list cannot be sent: PHP drops it from the body, and so do we', async () => {
		requirePhp();
		const [php] = await phpHttpBuildQuery([{ data: { order_idorder: '1', product_attributes: [] } }]);
		assert.equal(php, 'data%5Border_idorder%5D=1');
		assert.equal(updateOrderBody(order()).includes('product_attributes'), false);
	});
});
