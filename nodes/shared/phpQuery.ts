/**
 * PHP's form encoding, byte for byte: `http_build_query()` and `parse_str()` of PHP 8.2 with
 * default settings (arg_separator '&', PHP_QUERY_RFC1738, precision=14, max_input_vars=1000,
 * max_input_nesting_level=64).
 *
 * Vendors sign `http_build_query()` output (JustClick's md5) and send PHP bracket keys in form
 * bodies (Hiboutik), so "close enough" is not enough: both functions are checked against real
 * PHP by differential tests (test/shared/php*.test.ts). The parser is a port of PHP's
 * `php_default_treat_data()` + `php_register_variable_ex()`; comments name the PHP behaviour
 * each step reproduces.
 */

export type PhpQueryValue =
	| string
	| number
	| boolean
	| null
	| undefined
	| bigint
	| PhpQueryValue[]
	| { [key: string]: PhpQueryValue }
	| Map<string | number, PhpQueryValue>;

/**
 * What httpBuildQuery accepts at the top level. Values are typed `unknown` so callers can pass
 * parsed payloads as they are; anything outside {@link PhpQueryValue} (functions, symbols) is
 * dropped, other objects are walked like plain objects (as PHP walks public properties).
 */
export type PhpQueryData = Readonly<Record<string, unknown>> | ReadonlyMap<string | number, unknown>;

export interface ParseStrLimits {
	/** PHP's max_input_vars (default 1000): pairs after this many are ignored, as PHP does. */
	maxInputVars?: number;
	/** PHP's max_input_nesting_level (default 64): a deeper variable is removed entirely. */
	maxNestingLevel?: number;
}

/** parse_str's result with PHP's key order kept (JS objects move integer-like keys first). */
export type PhpParsedArray = Map<string, PhpParsedValue>;
export type PhpParsedValue = string | PhpParsedArray;

const DEFAULT_MAX_INPUT_VARS = 1000;
const DEFAULT_MAX_NESTING_LEVEL = 64;
/** PHP's `precision` ini default; http_build_query prints floats with `%.*G` at this precision. */
const PHP_FLOAT_PRECISION = 14;

// ---------------------------------------------------------------------------------------------
// http_build_query
// ---------------------------------------------------------------------------------------------

/**
 * PHP `http_build_query($data)`. Types map as PHP would see the value:
 * - string: as is (lone UTF-16 surrogates become U+FFFD, as PHP only ever sees UTF-8 bytes);
 * - safe integer number (incl. -0) and bigint: a PHP int, printed in decimal;
 * - any other number: a PHP float, printed like PHP (`0.1+0.2` → `0.3`, `1e20` → `1.0E+20`,
 *   NaN → `NAN`) — format amounts yourself and pass strings if the vendor expects `12.50`;
 * - true/false → `1`/`0`; null/undefined and empty arrays/objects/Maps produce nothing;
 * - arrays, plain objects and Maps nest as `key[sub]`, in iteration order (a container inside
 *   itself is skipped, as PHP skips recursive references). Use a Map when
 *   integer-like keys must keep an insertion order other than ascending (JS objects reorder
 *   them, PHP arrays do not). Map keys that PHP treats as the same key (`5` and `'5'`) merge
 *   the way PHP assignment does: first position, last value.
 */
export function httpBuildQuery(data: PhpQueryData): string {
	const pairs: string[] = [];
	const path = new Set<object>([data]);
	for (const [key, value] of phpArrayEntries(data)) {
		appendPairs(pairs, phpUrlEncode(key), value, path);
	}
	return pairs.join('&');
}

/** `path` holds the containers being walked: like PHP, a value that contains itself is skipped. */
function appendPairs(pairs: string[], encodedKey: string, value: unknown, path: Set<object>): void {
	if (value === null || value === undefined) return;
	if (typeof value === 'object') {
		if (path.has(value)) return;
		path.add(value);
		for (const [key, child] of phpArrayEntries(value)) {
			appendPairs(pairs, `${encodedKey}%5B${phpUrlEncode(key)}%5D`, child, path);
		}
		path.delete(value);
		return;
	}
	const scalar = phpScalarToString(value);
	if (scalar !== undefined) pairs.push(`${encodedKey}=${phpUrlEncode(scalar)}`);
}

/** Entries of a container in PHP's order, keys already in PHP's printed form. */
function phpArrayEntries(container: object): Array<[string, unknown]> {
	if (container instanceof Map) return mergeMapKeysLikePhp(container);
	if (Array.isArray(container)) {
		// Index loop, not forEach: holes must be visited (as undefined → dropped) in order.
		const entries: Array<[string, unknown]> = [];
		for (let i = 0; i < container.length; i++) entries.push([String(i), container[i]]);
		return entries;
	}
	return Object.entries(container);
}

function mergeMapKeysLikePhp(map: ReadonlyMap<unknown, unknown>): Array<[string, unknown]> {
	const merged = new Map<string, unknown>();
	for (const [key, value] of map) merged.set(phpKeyFromMapKey(key), value);
	return [...merged];
}

/** PHP casts a float array key to int (truncating); `'5'` and `5` are the same key. */
function phpKeyFromMapKey(key: unknown): string {
	if (typeof key === 'number') return Number.isFinite(key) ? String(Math.trunc(key)) : '0';
	return String(key);
}

function phpScalarToString(value: unknown): string | undefined {
	switch (typeof value) {
		case 'string':
			return value;
		case 'boolean':
			return value ? '1' : '0';
		case 'bigint':
			return value.toString();
		case 'number':
			// String(-0) is '0': a JS integer (even -0) is taken as a PHP int.
			return Number.isSafeInteger(value) ? String(value) : phpFloatToString(value);
		default:
			return undefined; // functions and symbols have no PHP counterpart
	}
}

const RFC1738_ESCAPES: Record<string, string> = {
	'%20': '+',
	'!': '%21',
	"'": '%27',
	'(': '%28',
	')': '%29',
	'*': '%2A',
	'~': '%7E',
};

/**
 * PHP `urlencode()` (RFC 1738): only A-Z a-z 0-9 `_` `.` `-` stay literal, space is `+`.
 * encodeURIComponent differs only on space and `! ' ( ) * ~`, which are patched afterwards.
 */
export function phpUrlEncode(text: string): string {
	return encodeURIComponent(toWellFormed(text)).replace(/%20|[!'()*~]/g, (m) => RFC1738_ESCAPES[m]);
}

/** encodeURIComponent throws on lone surrogates; UTF-8 encoders (and PHP input) see U+FFFD. */
function toWellFormed(text: string): string {
	return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * A float as PHP's `spprintf("%.*G", precision=14)` prints it (php_gcvt): 14 significant digits
 * rounded half-to-even on the exact binary value (like zend_dtoa; JS toPrecision rounds ties
 * up, e.g. 123456789012345 → PHP 1.2345678901234E+14), trailing zeros dropped, exponent form
 * when the exponent is < -4 or ≥ 14, with at least one digit after the point (`1.0E+20`).
 */
export function phpFloatToString(value: number): string {
	if (Number.isNaN(value)) return 'NAN';
	if (value === Infinity) return 'INF';
	if (value === -Infinity) return '-INF';
	const sign = value < 0 || Object.is(value, -0) ? '-' : '';
	if (value === 0) return `${sign}0`;
	const { digits, pointPosition } = roundHalfEven(exactDecimal(Math.abs(value)), PHP_FLOAT_PRECISION);
	return sign + formatLikePhpGcvt(digits, pointPosition, PHP_FLOAT_PRECISION);
}

/** value = 0.DIGITS × 10^pointPosition, DIGITS without leading zeros. */
interface DecimalDigits {
	digits: string;
	pointPosition: number;
}

/** The exact decimal expansion of a positive finite double (every double has a finite one). */
function exactDecimal(value: number): DecimalDigits {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, value);
	const high = view.getUint32(0);
	const biasedExponent = (high >>> 20) & 0x7ff;
	let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
	let exponent = -1074; // subnormals
	if (biasedExponent !== 0) {
		mantissa |= 1n << 52n;
		exponent = biasedExponent - 1075;
	}
	if (exponent >= 0) {
		const digits = (mantissa << BigInt(exponent)).toString();
		return { digits, pointPosition: digits.length };
	}
	// m × 2^-k = m × 5^k / 10^k
	const digits = (mantissa * 5n ** BigInt(-exponent)).toString();
	return { digits, pointPosition: digits.length + exponent };
}

function roundHalfEven(decimal: DecimalDigits, significant: number): DecimalDigits {
	let { digits, pointPosition } = decimal;
	if (digits.length > significant) {
		const kept = digits.slice(0, significant);
		const rest = digits.slice(significant);
		const lastIsOdd = Number(kept[significant - 1]) % 2 === 1;
		const above = rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || lastIsOdd));
		digits = kept;
		if (above) {
			digits = (BigInt(kept) + 1n).toString();
			if (digits.length > significant) {
				digits = digits.slice(0, significant);
				pointPosition += 1;
			}
		}
	}
	return { digits: digits.replace(/0+$/, '') || '0', pointPosition };
}

/** php_gcvt's layout of dtoa digits (main/snprintf.c). */
function formatLikePhpGcvt(digits: string, pointPosition: number, precision: number): string {
	const useExponent = pointPosition < 0 ? pointPosition < -3 : pointPosition > precision;
	if (useExponent) {
		const exponent = pointPosition - 1;
		const fraction = digits.length > 1 ? digits.slice(1) : '0';
		return `${digits[0]}.${fraction}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
	}
	if (pointPosition <= 0) return `0.${'0'.repeat(-pointPosition)}${digits}`;
	if (digits.length <= pointPosition) return digits + '0'.repeat(pointPosition - digits.length);
	return `${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
}

// ---------------------------------------------------------------------------------------------
// parse_str
// ---------------------------------------------------------------------------------------------

/**
 * PHP `parse_str($query, $result)` as plain JSON-compatible values: a PHP array whose keys are
 * exactly 0..n-1 in order becomes a JS array, any other an object. Bytes that are not valid
 * UTF-8 (e.g. `%FF`) become U+FFFD. Keys such as `__proto__` become own properties; nothing
 * is ever written to a prototype. Never throws; work is linear in the input (PHP's limits cap
 * the pairs and the nesting).
 */
export function parseStr(query: string, limits?: ParseStrLimits): Record<string, unknown> {
	const root = parseToPhpArray(query, limits);
	const result: Record<string, unknown> = {};
	for (const [key, value] of root.entries) defineOwn(result, utf8FromBytes(key), plainValue(value));
	return result;
}

/** Same as {@link parseStr}, keeping PHP's key order at every level (e.g. `a[1]=x&a[0]=y`). */
export function parseStrToMap(query: string, limits?: ParseStrLimits): PhpParsedArray {
	return orderedValue(parseToPhpArray(query, limits)) as PhpParsedArray;
}

const PHP_INT_MAX = 2n ** 63n - 1n;
const PHP_INT_MIN = -(2n ** 63n);

/**
 * A PHP array while parsing. Keys and values are "byte strings" (one char per byte, 0-255) so
 * that PHP's byte-level rules (key identity, C-string truncation) hold even for invalid UTF-8;
 * they are decoded once, at the end.
 */
class PhpArray {
	readonly entries = new Map<string, PhpArray | string>();
	/** PHP's nNextFreeElement: undefined until an int key is stored (then `[]` uses 0). */
	private nextFree: bigint | undefined;

	get(key: string): PhpArray | string | undefined {
		return this.entries.get(key);
	}

	/** Like zend_symtable_update: an existing key keeps its position. */
	set(key: string, value: PhpArray | string): void {
		this.entries.set(key, value);
		const intKey = phpIntegerKey(key);
		if (intKey !== undefined) this.noteIntKey(intKey);
	}

	delete(key: string): void {
		this.entries.delete(key); // PHP does not lower nNextFreeElement on delete either
	}

	/** Like zend_hash_next_index_insert: fails (false) once the next index is taken at PHP_INT_MAX. */
	append(value: PhpArray | string): boolean {
		const index = this.nextFree ?? 0n;
		const key = index.toString();
		if (this.entries.has(key)) return false;
		this.entries.set(key, value);
		this.noteIntKey(index);
		return true;
	}

	private noteIntKey(index: bigint): void {
		if (this.nextFree === undefined || index >= this.nextFree) {
			this.nextFree = index < PHP_INT_MAX ? index + 1n : PHP_INT_MAX;
		}
	}
}

/** PHP turns canonical decimal strings within int64 into int keys (`'5'` yes; `'05'`, `'-0'` no). */
function phpIntegerKey(key: string): bigint | undefined {
	if (key.length > 20 || !/^(?:0|-?[1-9][0-9]*)$/.test(key)) return undefined;
	const value = BigInt(key);
	return value >= PHP_INT_MIN && value <= PHP_INT_MAX ? value : undefined;
}

/** php_default_treat_data(PARSE_STRING): split on '&', decode, register each pair. */
function parseToPhpArray(query: string, limits: ParseStrLimits | undefined): PhpArray {
	const maxInputVars = limits?.maxInputVars ?? DEFAULT_MAX_INPUT_VARS;
	const maxNestingLevel = limits?.maxNestingLevel ?? DEFAULT_MAX_NESTING_LEVEL;
	const root = new PhpArray();
	// PHP 8.2 reads parse_str(null) as '' (with a deprecation); never parse "undefined".
	const text = untilNul(bytesOfUtf8(query == null ? '' : String(query)));
	let count = 0;
	for (let start = 0; start <= text.length; ) {
		let end = text.indexOf('&', start);
		if (end < 0) end = text.length;
		// php_strtok_r skips empty tokens, so `&&` neither counts nor registers anything.
		if (end > start) {
			// PHP warns "Input variables exceeded" and stops: the remaining pairs are ignored.
			if (++count > maxInputVars) break;
			registerPair(root, text.slice(start, end), maxNestingLevel);
		}
		start = end + 1;
	}
	return root;
}

function registerPair(root: PhpArray, pair: string, maxNestingLevel: number): void {
	// The first '=' splits before decoding, so `%3D` stays part of the name.
	const equals = pair.indexOf('=');
	const rawName = equals < 0 ? pair : pair.slice(0, equals);
	const value = equals < 0 ? '' : phpUrlDecodeBytes(pair.slice(equals + 1));
	// The decoded name is used as a C string: `a%00b` is `a` (values keep their NUL bytes).
	registerVariable(root, untilNul(phpUrlDecodeBytes(rawName)), value, maxNestingLevel);
}

/** The input is read as a C string too: a raw NUL ends it. */
function untilNul(text: string): string {
	const nul = text.indexOf('\0');
	return nul < 0 ? text : text.slice(0, nul);
}

/** PHP `urldecode()` on bytes: `+` is space, `%XX` a byte, any other `%` stays literal. */
function phpUrlDecodeBytes(text: string): string {
	if (!/[+%]/.test(text)) return text;
	return text.replace(/\+|%[0-9A-Fa-f]{2}/g, (m) => (m === '+' ? ' ' : String.fromCharCode(parseInt(m.slice(1), 16))));
}

/** php_register_variable_ex: mangle the base name, then walk `[index]` groups. */
function registerVariable(root: PhpArray, name: string, value: string, maxNestingLevel: number): void {
	const trimmed = name.replace(/^ +/, ''); // leading spaces (only spaces) are ignored
	const firstBracket = trimmed.indexOf('[');
	// PHP variable names cannot hold ' ' or '.': they become '_' (only before the first '[').
	const base = mangle(firstBracket < 0 ? trimmed : trimmed.slice(0, firstBracket));
	if (base === '' || spoofsCookiePrefix(base, trimmed)) return;
	if (firstBracket < 0) {
		root.set(base, value);
		return;
	}
	registerNested(root, trimmed, base, firstBracket, value, maxNestingLevel);
}

const COOKIE_PREFIXES = ['__Host-', '__Secure-'];

/**
 * PHP's cookie-prefix protection (applied to every source, parse_str included; seen in 8.2.36):
 * a base name that mangling turned into `__Host-…`/`__Secure-…` (e.g. `._Host-x`) is discarded,
 * and so is an index starting with one when the whole name does not: `a[__Host-x]=1` leaves
 * `a` as an empty array (the parent is created before the index is refused).
 */
function spoofsCookiePrefix(candidate: string | null, wholeName: string): boolean {
	if (candidate === null) return false;
	return COOKIE_PREFIXES.some((prefix) => candidate.startsWith(prefix) && !wholeName.startsWith(prefix));
}


function mangle(text: string): string {
	return text.replace(/[ .]/g, '_');
}

function registerNested(
	root: PhpArray,
	name: string,
	base: string,
	firstBracket: number,
	value: string,
	maxNestingLevel: number,
): void {
	let table = root;
	let index: string | null = base; // null: append with the next integer index (`[]`)
	let bracket = firstBracket;
	for (let level = 1; ; level++) {
		if (level > maxNestingLevel) {
			// PHP removes the whole top-level variable, even parts set by earlier pairs.
			root.delete(base);
			return;
		}
		const group = readIndexGroup(name, bracket);
		if (group === undefined) {
			// No closing ']': at the first level PHP puts the '[' back as '_' and keeps the rest
			// of the name, mangled ('[' too); deeper, the rest is dropped.
			if (level === 1) index = `${base}_${name.slice(bracket + 1).replace(/[ .[]/g, '_')}`;
			break;
		}
		// An index is checked when it is used, i.e. after the next level's nesting check.
		if (spoofsCookiePrefix(index, name)) return;
		const child = descend(table, index);
		if (child === undefined) return; // append impossible at PHP_INT_MAX: PHP drops the pair
		table = child;
		index = group.index;
		bracket = group.close + 1;
		// Anything but '[' after ']' ends the name; the rest is ignored (`a[b]c=1` → a[b]).
		if (name[bracket] !== '[') break;
	}
	if (spoofsCookiePrefix(index, name)) return;
	if (index === null) table.append(value);
	else table.set(index, value);
}

/** isspace() in the C locale, which PHP 8 keeps for LC_CTYPE. */
const C_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/** The index between `[` at `bracket` and the next `]`; `[]` and `[ ]` mean append. */
function readIndexGroup(name: string, bracket: number): { index: string | null; close: number } | undefined {
	const start = bracket + 1;
	// PHP skips one C isspace() char only to recognise `[ ]`, `[\t]`…; a kept index includes it.
	const afterSpace = C_SPACE.has(name[start]) ? start + 1 : start;
	if (name[afterSpace] === ']') return { index: null, close: afterSpace };
	const close = name.indexOf(']', afterSpace);
	if (close < 0) return undefined;
	return { index: name.slice(start, close), close };
}

/** The array stored at table[index] (created, or replacing a string, in place). */
function descend(table: PhpArray, index: string | null): PhpArray | undefined {
	if (index === null) {
		const created = new PhpArray();
		return table.append(created) ? created : undefined;
	}
	const existing = table.get(index);
	if (existing instanceof PhpArray) return existing;
	const created = new PhpArray();
	table.set(index, created);
	return created;
}

// --- output ----------------------------------------------------------------------------------

function plainValue(value: PhpArray | string): unknown {
	if (typeof value === 'string') return utf8FromBytes(value);
	if (isPhpList(value)) return [...value.entries.values()].map(plainValue);
	const object: Record<string, unknown> = {};
	for (const [key, child] of value.entries) defineOwn(object, utf8FromBytes(key), plainValue(child));
	return object;
}

function orderedValue(value: PhpArray | string): PhpParsedValue {
	if (typeof value === 'string') return utf8FromBytes(value);
	const map: PhpParsedArray = new Map();
	for (const [key, child] of value.entries) map.set(utf8FromBytes(key), orderedValue(child));
	return map;
}

function isPhpList(array: PhpArray): boolean {
	let expected = 0;
	for (const key of array.entries.keys()) {
		if (key !== String(expected++)) return false;
	}
	return true;
}

/** Plain assignment of `__proto__` would replace the prototype; a defined property does not. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// --- bytes <-> UTF-8 -------------------------------------------------------------------------

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** The UTF-8 bytes of a JS string, one char per byte (what PHP would receive). */
function bytesOfUtf8(text: string): string {
	if (!/[^\x00-\x7f]/.test(text)) return text;
	return byteString(utf8Encoder.encode(text));
}

function byteString(bytes: Uint8Array): string {
	let out = '';
	const chunk = 0x8000; // keeps fromCharCode's argument list small
	for (let i = 0; i < bytes.length; i += chunk) {
		out += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return out;
}

/** Byte string → JS string; invalid UTF-8 becomes U+FFFD (WHATWG decoding). */
function utf8FromBytes(bytes: string): string {
	if (!/[^\x00-\x7f]/.test(bytes)) return bytes;
	const array = new Uint8Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
	return utf8Decoder.decode(array);
}
