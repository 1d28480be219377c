/**
 * httpBuildQuery against real PHP 8.2 `http_build_query()`, byte for byte: vendor examples,
 * floats, and thousands of random nested values in one PHP process per property.
 * parse_str lives in phpParseStr.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { httpBuildQuery, parseStr, parseStrToMap, phpFloatToString, type PhpQueryData } from '../../nodes/shared/phpQuery';
import {
	assertSameAsPhp,
	orderedEntries,
	phpHttpBuildQuery,
	phpParseStr,
	phpTreeToMap,
	phpTreeToPlain,
	requirePhp,
	runPhp,
} from '../helpers/php';

// Fixed so CI is reproducible; PHP_FUZZ_SEED / PHP_FUZZ_RUNS widen a local hunt.
const SEED = Number(process.env.PHP_FUZZ_SEED ?? 20240611);
const RUNS = Number(process.env.PHP_FUZZ_RUNS ?? 2000);

requirePhp();

// --- arbitraries -----------------------------------------------------------------------------

/** Any code point, lone surrogates included (fast-check's 'binary' unit is very slow to start). */
const anyCodePoint = fc.oneof(
	fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
	fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
);

/** Characters that trip encoders: RFC1738 vs RFC3986, query syntax, PHP name mangling. */
const awkwardChar = fc.constantFrom(...'~*\'()! &=+%#[]._-;/?:@,$"<>\\^`{|}\t\n\r\0'.split(''), 'é', '€', '😀', '𝄞');

const text = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 12 }),
	fc.string({ unit: anyCodePoint, maxLength: 8 }),
	fc.string({ unit: awkwardChar, maxLength: 10 }),
	fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
	fc.constant(''),
);

/** Keys PHP handles specially: numeric strings become ints, others stay strings. */
const key = fc.oneof(
	text,
	fc.constantFrom('0', '1', '5', '05', '-0', '-3', '007', '1.5', ' 1', '9223372036854775807', '9223372036854775808', '__proto__', 'constructor'),
	fc.integer({ min: -1000, max: 1000 }).map(String),
);

/** Doubles whose 14-digit rounding is a tie or near one (PHP rounds ties to even). */
const roundingEdgeDouble = fc.oneof(
	fc.bigInt({ min: 10n ** 14n, max: 10n ** 16n }).map((n) => Number(n * 10n + 5n)),
	fc.bigInt({ min: 10n ** 13n, max: 10n ** 14n - 1n }).map((n) => Number(n) + 0.5),
	fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((n) => n / 100),
	fc.integer({ min: 1, max: 10 ** 6 }).map((n) => n / 3),
	fc.integer({ min: -320, max: 308 }).map((e) => Number(`1e${e}`)),
	fc.integer({ min: -320, max: 308 }).map((e) => Number(`9.99999999999995e${e}`)),
);

const number = fc.oneof(
	fc.integer(),
	fc.maxSafeInteger(),
	fc.double(), // includes NaN, ±Infinity, -0, subnormals
	fc.double({ min: -1e6, max: 1e6, noNaN: true }),
	roundingEdgeDouble,
);

const scalar = fc.oneof(
	{ weight: 4, arbitrary: text },
	{ weight: 3, arbitrary: number },
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: fc.constantFrom(null, undefined) },
	{ weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }) },
);

const { value: nestedValue } = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		scalar,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(key, tie('value'), { maxKeys: 4 }),
		// Maps keep integer keys in insertion order (and may repeat a key as int and string).
		fc.array(fc.tuple(fc.oneof(key, fc.integer({ min: -50, max: 50 })), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
	),
}));

const topLevel: fc.Arbitrary<PhpQueryData> = fc.oneof(
	fc.dictionary(key, nestedValue, { maxKeys: 6 }),
	fc.array(fc.tuple(fc.oneof(key, fc.integer({ min: -50, max: 50 })), nestedValue), { maxLength: 6 }).map((entries) => new Map(entries)),
);

function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns = RUNS, seed = SEED): T[] {
	return fc.sample(arbitrary, { seed, numRuns });
}

// --- fixed examples --------------------------------------------------------------------------

describe('httpBuildQuery: vendor examples', () => {
	test('JustClick UpdateOrderStatus params encode as in the doc', () => {
		const params = { bill_id: '100000', status: 'sent', date: '1362254400', rpo: '10000000000000' };
		assert.equal(httpBuildQuery(params), 'bill_id=100000&status=sent&date=1362254400&rpo=10000000000000');
	});

	test('JustClick hash of the doc example equals what PHP GetHash() gives', () => {
		const params = { bill_id: '100000', status: 'sent', date: '1362254400', rpo: '10000000000000' };
		const hash = createHash('md5').update(`${httpBuildQuery(params)}::username::${'X'.repeat(40)}`).digest('hex');
		assert.equal(hash, '92cea5ba30b463b8c3b234e3d2945e65');
	});

	test('SPREAD updateOrder sample $post_data: same bytes as PHP', async () => {
		const php = await runPhp(`${SPREAD_SAMPLE_PHP}\necho http_build_query($post_data);`);
		const ours = httpBuildQuery({
			data: {
				customer_email: 'john@doe.com',
				external_id: '12345xxx6789',
				customer_name: 'Doe',
				customer_firstname: 'John',
				customer_isoptin: '1',
				customer_gender: 'male',
				customer_address: '8, rue de la place',
				customer_address2: 'bâtiment A',
				customer_address3: 'appartement 23',
				customer_cp: '76000',
				customer_city: 'Rouen',
				customer_country: 'FR',
				customer_tel: '0235000000',
				customer_mobile: '060606606',
				customer_fonction: 'developer',
				customer_company: 'SPREAD',
				customer_birthday: '1970-12-31',
				customer_lang: 'fr_FR',
				add_tag: ['tag1', 'tag2'],
				del_tag: ['tag3', 'tag4'],
				action: 'order',
				custom_fields: { 327: 'value' },
				order_idorder: '0000001',
				order_state: '10',
				order_amount: 158.31,
				order_crea_dt: '2014-06-21 14:31:08',
				order_start_service: '2019-06-05',
				order_end_service: '2019-06-14',
				product_attributes: [
					['size:xl', 'type:shirt'],
					['size:s', 'color:blue'],
				],
				add_order_tag: ['tag_commande_1', 'tag_commande_2'],
				del_order_tag: ['tag_commande_3', 'tag_commande_4'],
			},
			request: { order_idorder: '0000001' },
		});
		assert.equal(ours, php);
		assert.match(ours, /data%5Bcustom_fields%5D%5B327%5D=value&/);
		assert.match(ours, /data%5Border_amount%5D=158.31&/);
		assert.match(ours, /data%5Bproduct_attributes%5D%5B1%5D%5B0%5D=size%3As&/);
	});

	test('scalars, dropping rules and RFC1738 escapes', () => {
		assert.equal(
			httpBuildQuery({ t: true, f: false, n: null, u: undefined, e: [], o: {}, m: new Map(), deep: { x: null, y: [] }, s: "~*'()! é😀", i: -42, b: 12345678901234567890n }),
			't=1&f=0&s=%7E%2A%27%28%29%21+%C3%A9%F0%9F%98%80&i=-42&b=12345678901234567890',
		);
		assert.equal(httpBuildQuery({ '': 'v', x: { '': 'y' } }), '=v&x%5B%5D=y');
		assert.equal(httpBuildQuery({ 'a b': { 'c[d]': 'e&f=g' } }), 'a+b%5Bc%5Bd%5D%5D=e%26f%3Dg');
	});

	test('a Map keeps integer keys in insertion order; 5 and "5" are one key, as in PHP', () => {
		assert.equal(httpBuildQuery(new Map<string | number, unknown>([[3, 'a'], [1, 'b'], ['k', new Map([[2, 'z']])]])), '3=a&1=b&k%5B2%5D=z');
		assert.equal(httpBuildQuery(new Map<string | number, unknown>([[5, 'a'], ['x', 'b'], ['5', 'c']])), '5=c&x=b');
		assert.equal(httpBuildQuery({ 3: 'a', 1: 'b' }), '1=b&3=a'); // a JS object cannot keep 3 before 1
	});

	test('a value that contains itself is skipped, as PHP skips recursive references', () => {
		const order: Record<string, unknown> = { id: '7' };
		order.self = order;
		order.lines = [order, { sku: 'A' }];
		assert.equal(httpBuildQuery({ order, y: 2 }), 'order%5Bid%5D=7&order%5Blines%5D%5B1%5D%5Bsku%5D=A&y=2');
		const shared = { v: '1' };
		assert.equal(httpBuildQuery({ a: shared, b: shared }), 'a%5Bv%5D=1&b%5Bv%5D=1'); // shared, not recursive
	});

	test('floats print like PHP (precision 14, %G layout)', async () => {
		const floats = [0.1 + 0.2, 1e20, 158.31, -0.5, 1e15, 1e14, 1e13 + 0.5, 123456789012345, 1.5e-5, 0.0001, 0.00001, 5e-324, Number.MAX_VALUE, 1 / 3, NaN, Infinity, -Infinity, 2 ** 53 + 2, 12345678901234.5, 12345678901235.5];
		const php = await phpHttpBuildQuery(floats.map((f) => ({ f })));
		assert.deepEqual(floats.map((f) => httpBuildQuery({ f })), php);
		assert.equal(phpFloatToString(0.1 + 0.2), '0.3');
		assert.equal(phpFloatToString(1e20), '1.0E+20');
		assert.equal(phpFloatToString(123456789012345), '1.2345678901234E+14'); // tie → even
		assert.equal(phpFloatToString(-0), '-0');
		assert.equal(httpBuildQuery({ z: -0 }), 'z=0'); // a JS -0 is the integer 0
	});
});

// --- properties ------------------------------------------------------------------------------

describe('httpBuildQuery: differential against PHP', () => {
	test(`${RUNS} random nested values give PHP's exact bytes`, async () => {
		const cases = sample(topLevel);
		assertSameAsPhp(cases, await phpHttpBuildQuery(cases), httpBuildQuery);
	});

	test('5000 random doubles print as PHP prints them', async () => {
		const doubles = sample(fc.oneof(fc.double(), roundingEdgeDouble, fc.double({ min: -1, max: 1 })), 5000, SEED + 1);
		const cases = doubles.map((d) => ({ d }));
		assertSameAsPhp(cases, await phpHttpBuildQuery(cases), httpBuildQuery);
	});

	test('round trip: parse_str of our output matches PHP, and re-encoding gives the same bytes', async () => {
		const queries = sample(topLevel, RUNS, SEED + 2).map(httpBuildQuery);
		const php = await phpParseStr(queries);
		assertSameAsPhp(queries, php.map((r) => phpTreeToPlain(r.tree)), (q) => parseStr(q));
		assertSameAsPhp(queries, php.map((r) => orderedEntries(phpTreeToMap(r.tree))), (q) => orderedEntries(parseStrToMap(q)));
		// http_build_query(parse_str(q)) in PHP == ours over the order-keeping Map.
		const phpReencoded = await phpHttpBuildQuery(php.map((r) => phpTreeToMap(r.tree)));
		assertSameAsPhp(queries, phpReencoded, (q) => httpBuildQuery(parseStrToMap(q)));
	});
});

/** SPREAD's updateOrder sample (vendor-docs/spread-update-order.fr.txt), without the cookie line. */
const SPREAD_SAMPLE_PHP = String.raw`
    $post_data = array();
    $post_data["data"]["customer_email"] = "john@doe.com";
    $post_data["data"]["external_id"] = "12345xxx6789";
    $post_data["data"]["customer_name"] = "Doe";
    $post_data["data"]["customer_firstname"] = "John";
    $post_data["data"]["customer_isoptin"] = "1"; // 1:optin / 0:not optin / -1: unknown
    $post_data["data"]["customer_gender"] = "male"; // "male" or "female"
    $post_data["data"]["customer_address"] = "8, rue de la place";
    $post_data["data"]["customer_address2"] = "bâtiment A";
    $post_data["data"]["customer_address3"] = "appartement 23";
    $post_data["data"]["customer_cp"] = "76000";
    $post_data["data"]["customer_city"] = "Rouen";
    $post_data["data"]["customer_country"] = "FR";
    $post_data["data"]["customer_tel"] = "0235000000";
    $post_data["data"]["customer_mobile"] = "060606606";
    $post_data["data"]["customer_fonction"] = "developer";
    $post_data["data"]["customer_company"] = "SPREAD";
    $post_data["data"]["customer_birthday"] = "1970-12-31";
    $post_data["data"]["customer_lang"] = "fr_FR";
    $post_data["data"]["add_tag"] = array("tag1", "tag2"); // Ajout de tags client
    $post_data["data"]["del_tag"] = array("tag3", "tag4"); // Suppression de tags client
    $post_data["data"]["action"] = "order";
    $post_data["data"]["custom_fields"][327] = "value";
     $post_data["data"]["order_idorder"] = "0000001";
    $post_data["data"]["order_state"] = "10"; // 10:taked / 20:paid / 50:sent / 100:recieved
    $post_data["data"]["order_amount"] = 158.31;
    $post_data["data"]["order_crea_dt"] = "2014-06-21 14:31:08"; // Y-m-d H:i:s (UTC)
    $post_data["data"]["order_start_service"] = "2019-06-05"; // Y-m-d
    $post_data["data"]["order_end_service"] = "2019-06-14"; // Y-m-d
    $post_data["data"]["product_attributes"] = array(
        array("size:xl", "type:shirt"), // produit 1
        array("size:s", "color:blue"), // produit 2
    );
    $post_data["data"]["add_order_tag"] = array("tag_commande_1", "tag_commande_2");
    $post_data["data"]["del_order_tag"] = array("tag_commande_3", "tag_commande_4");
    $post_data["request"]["order_idorder"] = "0000001";
`;
