/**
 * parseStr against real PHP 8.2 `parse_str()`: hostile queries (brackets, name mangling, `%`
 * junk, appends, nesting and variable limits), compared both in PHP's key order
 * (parseStrToMap) and in the plain JSON shape (parseStr). One PHP process per batch.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStr, parseStrToMap, type ParseStrLimits } from '../../nodes/shared/phpQuery';
import { assertSameAsPhp, orderedEntries, phpParseStr, phpTreeToMap, phpTreeToPlain, requirePhp } from '../helpers/php';

// Fixed so CI is reproducible; PHP_FUZZ_SEED / PHP_FUZZ_RUNS widen a local hunt.
const SEED = Number(process.env.PHP_FUZZ_SEED ?? 7312);
const RUNS = Number(process.env.PHP_FUZZ_RUNS ?? 2000);

requirePhp();

/** Compares ours with PHP for every query, in order-keeping and in plain form. */
async function assertParsesLikePhp(queries: string[], limits?: ParseStrLimits): Promise<void> {
	const php = await phpParseStr(queries, limits);
	assertSameAsPhp(queries, php.map((r) => orderedEntries(phpTreeToMap(r.tree))), (q) => orderedEntries(parseStrToMap(q, limits)));
	assertSameAsPhp(queries, php.map((r) => phpTreeToPlain(r.tree)), (q) => parseStr(q, limits));
}

// --- arbitraries -----------------------------------------------------------------------------

/** Any code point, lone surrogates included (fast-check's 'binary' unit is very slow to start). */
const anyCodePoint = fc.oneof(
	fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
	fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
);

const nameChar = fc.constantFrom(
	'a', 'b', 'Z', '_', '0', '1', '-', ' ', '.', '+', '%20', '%2E', '%2e', '[', ']', '%5B', '%5D', '%5b',
	'é', '%C3%A9', '%FF', '%00', '%', '%2', '%zz', '\t', '%09', '%0A', '%A0', '😀', '=', '%3D', '%26', '__Host-', '__Secure-',
);
const index = fc.oneof(
	fc.constantFrom(
		'', ' ', '  ', '\t', 'x', 'y', '0', '1', '2', '-1', '05', '-0', ' 1', '1 ', '1.5',
		'9223372036854775807', '9223372036854775806', '-9223372036854775808', '9223372036854775808',
		'__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '[', ']', '[x', 'a.b c',
	),
	fc.string({ unit: nameChar, maxLength: 4 }),
);
/** `[index]`, sometimes unterminated or followed by junk, in raw or %-encoded brackets. */
const bracketGroup = fc.tuple(index, fc.constantFrom(']', ']', ']', '', ']]', ']x', '%5D'), fc.constantFrom('[', '[', '%5B')).map(
	([i, close, open]) => `${open}${i}${close}`,
);
const name = fc.tuple(
	fc.oneof(fc.string({ unit: nameChar, maxLength: 5 }), fc.constantFrom('a', 'b', '__proto__', 'constructor', 'x.y', ' a', '._Host-x', '0', '5')),
	fc.array(bracketGroup, { maxLength: 5 }),
).map(([base, groups]) => base + groups.join(''));
const valueText = fc.string({
	unit: fc.constantFrom('v', '1', ' ', '+', '%', '%4', '%41', '%zz', '%00', '%C3%A9', '%FF', '=', '[', ']', 'é', '😀', '%26', '\t'),
	maxLength: 6,
});
const pair = fc.oneof(
	{ weight: 4, arbitrary: fc.tuple(name, valueText).map(([n, v]) => `${n}=${v}`) },
	{ weight: 1, arbitrary: name }, // no '='
	{ weight: 1, arbitrary: fc.constantFrom('', '=', '==', '=x', '&') },
);
/** Few base names, so keys collide: overwrites, scalar↔array replacement, appends. */
const hostileQuery = fc.array(pair, { minLength: 1, maxLength: 12 }).map((pairs) => pairs.join('&'));
const junkQuery = fc.string({ unit: fc.constantFrom(...'ab[] .=&%+05xé\t'.split(''), '%5B', '%5D', '%00', '%2', '😀', '\0'), maxLength: 40 });

function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns = RUNS, seed = SEED): T[] {
	return fc.sample(arbitrary, { seed, numRuns });
}

// --- fixed behaviours ------------------------------------------------------------------------

describe('parseStr: PHP behaviours, fixed', () => {
	test('the documented quirks, checked against PHP', async () => {
		await assertParsesLikePhp(FIXED_QUERIES);
	});

	test('the quirks, spelled out', () => {
		assert.deepEqual(parseStr('a.b c=1&d[e.f g]=2'), { a_b_c: '1', d: { 'e.f g': '2' } });
		assert.deepEqual(parseStr('a[b.c=1'), { a_b_c: '1' }); // unmatched '[' → '_'
		assert.deepEqual(parseStr('a[b][c=1'), { a: { b: '1' } }); // deeper: rest dropped
		assert.deepEqual(parseStr('a[]=x&a[]=y&a[5]=z&a[]=w'), { a: { 0: 'x', 1: 'y', 5: 'z', 6: 'w' } });
		assert.deepEqual(parseStr('a[]=x&a[]=y'), { a: ['x', 'y'] });
		assert.deepEqual(parseStr('a[1]=x&a[0]=y'), { a: { 0: 'y', 1: 'x' } }); // not 0..n-1 in order → object
		assert.deepEqual([...parseStrToMap('a[1]=x&a[0]=y').get('a') as Map<string, string>], [['1', 'x'], ['0', 'y']]);
		assert.deepEqual(parseStr('a=1&a=2'), { a: '2' });
		assert.deepEqual(parseStr('a=%zz%4&b=%41+%2B'), { a: '%zz%4', b: 'A +' });
		assert.deepEqual(parseStr('a%00b=1&c=%00'), { a: '1', c: '\0' });
		assert.deepEqual(parseStr('x=1\0&y=2'), { x: '1' }); // a raw NUL ends the input
		assert.deepEqual(parseStr('%FF=%FE'), { '\uFFFD': '\uFFFD' });
	});

	test('prototype pollution attempts create own properties only', () => {
		const result = parseStr('__proto__[polluted]=1&constructor[prototype][polluted]=2&a[__proto__][polluted]=3&__proto__=4');
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
		assert.equal(Object.getPrototypeOf(result), Object.prototype);
		assert.ok(Object.prototype.hasOwnProperty.call(result, '__proto__'));
		assert.equal(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, '4');
		assert.deepEqual(JSON.parse(JSON.stringify(result)), JSON.parse('{"__proto__":"4","constructor":{"prototype":{"polluted":"2"}},"a":{"__proto__":{"polluted":"3"}}}'));
		const a = result.a as Record<string, unknown>;
		assert.equal(Object.getPrototypeOf(a), Object.prototype);
		assert.deepEqual(Object.keys(a), ['__proto__']);
	});

	test('nesting beyond 64 levels removes the whole variable, as PHP does', async () => {
		const deep = (n: number, base = 'd') => `${base}${'[x]'.repeat(n)}=1`;
		const queries = [deep(64), deep(65), `e=1&e[x]=2&${deep(65, 'e')}&e[y]=3`, `f[]=1&f${'[]'.repeat(70)}=2&f[]=3`, deep(10_000), `g${'['.repeat(10_000)}=1`];
		await assertParsesLikePhp(queries);
		assert.deepEqual(parseStr(deep(65)), {});
		assert.deepEqual(parseStr(`e=1&${deep(65, 'e')}&e[y]=3`), { e: { y: '3' } });
	});

	test('max_input_vars: pairs after the 1000th are ignored (PHP warns and stops)', async () => {
		const query = Array.from({ length: 1005 }, (_, i) => `v${i}=${i}`).join('&');
		const [php] = await phpParseStr([query]);
		assert.match(php.warnings.join('\n'), /Input variables exceeded 1000/);
		const ours = parseStr(query);
		assert.equal(Object.keys(ours).length, 1000);
		assert.equal(ours.v999, '999');
		assert.equal(ours.v1000, undefined);
		// Empty tokens (`&&`) do not count; tokens without '=' and ones PHP drops (`=x`) do.
		await assertParsesLikePhp([
			`${'&'.repeat(3000)}${query}`,
			`${'=x&'.repeat(999)}a=1&b=2`,
			`${'a[]&'.repeat(1200)}`,
		]);
	});

	test('custom limits behave like the ini settings', async () => {
		const queries = sample(hostileQuery, 500, SEED + 5);
		await assertParsesLikePhp(queries, { maxInputVars: 3, maxNestingLevel: 1 });
		await assertParsesLikePhp(queries, { maxInputVars: 0, maxNestingLevel: 0 });
		await assertParsesLikePhp(queries, { maxNestingLevel: 2 });
	});

	test('never throws, stays fast on hostile input', () => {
		const megabyte = 1 << 20;
		const inputs = [
			'%'.repeat(megabyte),
			'['.repeat(megabyte),
			`a${'[]'.repeat(megabyte / 2)}=1`,
			`a${'['.repeat(megabyte)}`,
			'&'.repeat(megabyte),
			'a[]=1&'.repeat(megabyte / 6),
			'é😀%FF\uD800'.repeat(megabyte / 8),
			Array.from({ length: megabyte / 4 }, (_, i) => String.fromCharCode((i * 7919) % 0xffff)).join(''),
		];
		for (const input of inputs) {
			const started = performance.now();
			assert.doesNotThrow(() => parseStr(input));
			const elapsed = performance.now() - started;
			assert.ok(elapsed < 2000, `${elapsed.toFixed(0)} ms for ${JSON.stringify(input.slice(0, 20))}…`);
		}
	});
});

// --- properties ------------------------------------------------------------------------------

describe('parseStr: differential against PHP', () => {
	test(`${RUNS} hostile bracket queries parse exactly like PHP`, async () => {
		await assertParsesLikePhp(sample(hostileQuery));
	});

	test(`${RUNS} junk strings parse exactly like PHP`, async () => {
		await assertParsesLikePhp(sample(junkQuery, RUNS, SEED + 1));
	});

	test('random unicode strings parse exactly like PHP', async () => {
		await assertParsesLikePhp(sample(fc.string({ unit: anyCodePoint, maxLength: 30 }), 500, SEED + 2));
	});
});

const FIXED_QUERIES = [
	'a[-5]=1&a[]=2',
	'a[b][c=1',
	'a[b.c=1',
	'a b.c[d.e]=1',
	' a=1',
	'[a]=1',
	'a[ ]=1&a[ x]=2&a[\t]=3&a[\n]=4',
	'a[[b]]=1',
	'a[b]]=1',
	'a[b]c[d]=1',
	'a=1&a[b]=2',
	'a[b]=2&a=1',
	'a\0b=1&c=2',
	'a%00b=1&c=%00z',
	'a%3Db=1',
	'a=%zz%4&b=%4g%',
	'a=b=c',
	'&&a&&=1&b',
	'a[9223372036854775807]=1&a[]=2',
	'a[9223372036854775806]=1&a[]=2&a[]=3',
	'a[-9223372036854775808]=1&a[]=2',
	'a[05]=1&a[5]=2&a[-0]=3&a[9223372036854775808]=4&a[]=5',
	'a.b[=1',
	'a[b[c]=1',
	'a.[b=1',
	'.a=1',
	'a%5Bb%5D=1',
	'a[b]=1&a[b][]=2',
	'a[1]=x&a[0]=y',
	'a%20b=1&a+c=2&+d=3&%20e=4&\tf=5',
	'a[]',
	'a[x]&b',
	'=1',
	'=',
	'%FF%FE=1&%FF%FD=2',
	'a[%FF]=%FE',
	'x[]=1&x[a][]=2&x[]=3',
	'._Host-x=1&__Host-y=2&_.Secure-z[a]=3',
	'a[__Host-x]=1&b[c][__Secure-d][e]=1&__Host-f[__Host-g]=1&__Host-h[__Secure-i]=1&j[ __Host-k]=1&l[__Host-m=1',
	'5[x]=1&5=2&05=3',
	'__proto__[x]=1&constructor[prototype][y]=2',
	'line_items[0][product_id]=3&line_items[0][tags][0][tag_id]=7&line_items[1][product_id]=4',
];
