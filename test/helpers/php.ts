/**
 * Real PHP as a test oracle. Every helper batches all its cases into ONE `php` process (cases as
 * JSON on stdin, results as JSON on stdout), so thousands of cases cost one process start.
 *
 * Values cross the boundary in a tagged form so PHP receives exactly the intended types:
 * strings as base64 of their UTF-8 bytes, ints as decimal strings, floats as their IEEE-754 bits,
 * arrays as ordered [key, value] entries with int or string keys.
 *
 * PHP runs with `-n` (no php.ini) and explicit settings, so results do not depend on the
 * machine's php.ini: precision=14 and the input limits are PHP's built-in defaults.
 * Needs Debian's `php-cli` (`apt-get install php-cli php-curl`; CI installs both).
 */
import { spawn, spawnSync } from 'node:child_process';
import { inspect, isDeepStrictEqual } from 'node:util';
import type { ParseStrLimits, PhpParsedArray, PhpParsedValue } from '../../nodes/shared/phpQuery';

// --- values sent to PHP ----------------------------------------------------------------------

export type PhpTaggedKey = { t: 'i'; v: string } | { t: 's'; b: string };
export type PhpTagged =
	| { t: 's'; b: string }
	| { t: 'i'; v: string }
	| { t: 'f'; h: string }
	| { t: 'b'; v: boolean }
	| { t: 'n' }
	| { t: 'a'; e: Array<[PhpTaggedKey, PhpTagged]> };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The PHP value our httpBuildQuery claims to treat a JS value as (its documented type mapping):
 * safe integers and int64 bigints are PHP ints, other numbers PHP floats, bigints beyond int64
 * PHP strings (PHP has no such int), Maps/arrays/objects PHP arrays in iteration order.
 */
export function toPhpTagged(value: unknown): PhpTagged {
	switch (typeof value) {
		case 'string':
			return { t: 's', b: Buffer.from(value, 'utf8').toString('base64') };
		case 'boolean':
			return { t: 'b', v: value };
		case 'bigint':
			return value >= INT64_MIN && value <= INT64_MAX
				? { t: 'i', v: value.toString() }
				: toPhpTagged(value.toString());
		case 'number':
			return Number.isSafeInteger(value) ? { t: 'i', v: String(value) } : { t: 'f', h: floatBits(value) };
		case 'object':
			return value === null ? { t: 'n' } : { t: 'a', e: taggedEntries(value) };
		default:
			return { t: 'n' };
	}
}

function taggedEntries(container: object): Array<[PhpTaggedKey, PhpTagged]> {
	if (container instanceof Map) {
		return [...container].map(([k, v]) => [
			typeof k === 'number' ? { t: 'i', v: String(Math.trunc(k)) } : taggedKey(String(k)),
			toPhpTagged(v),
		]);
	}
	if (Array.isArray(container)) {
		return Array.from({ length: container.length }, (_, i) => [{ t: 'i', v: String(i) }, toPhpTagged(container[i])]);
	}
	return Object.entries(container).map(([k, v]) => [taggedKey(k), toPhpTagged(v)]);
}

/** String keys go as strings: PHP itself turns '5' into int 5, exactly as for `$a['5']`. */
function taggedKey(key: string): PhpTaggedKey {
	return { t: 's', b: Buffer.from(key, 'utf8').toString('base64') };
}

function floatBits(value: number): string {
	const buffer = Buffer.alloc(8);
	buffer.writeDoubleBE(value);
	return buffer.toString('hex');
}

// --- values read back from PHP ---------------------------------------------------------------

/** A PHP array from parse_str: ordered entries [key is int, key bytes (base64), value]. */
export interface PhpTree {
	e: Array<[boolean, string, PhpTreeValue]>;
}
/** A string value as base64 of its bytes, or a nested array. */
export type PhpTreeValue = string | PhpTree;

export interface PhpParseStrResult {
	tree: PhpTree;
	warnings: string[];
}

// --- the PHP side ----------------------------------------------------------------------------

const PHP_PRELUDE = String.raw`
$warnings = [];
set_error_handler(function ($no, $message) use (&$warnings) { $warnings[] = $message; return true; });
function untag($v) {
	switch ($v['t']) {
		case 's': return base64_decode($v['b']);
		case 'i': return intval($v['v']);
		case 'f': return unpack('E', hex2bin($v['h']))[1];
		case 'b': return $v['v'];
		case 'n': return null;
		case 'a':
			$a = [];
			foreach ($v['e'] as [$k, $x]) { $a[$k['t'] === 'i' ? intval($k['v']) : base64_decode($k['b'])] = untag($x); }
			return $a;
	}
	throw new Exception('bad tag ' . $v['t']);
}
function tree($a) {
	$e = [];
	foreach ($a as $k => $v) { $e[] = [is_int($k), base64_encode((string) $k), is_array($v) ? tree($v) : base64_encode($v)]; }
	return ['e' => $e];
}
$input = json_decode(stream_get_contents(STDIN), true, 100000);
`;

const HTTP_BUILD_QUERY_SCRIPT = String.raw`
$out = [];
foreach ($input as $case) { $out[] = http_build_query(untag($case)); }
echo json_encode($out);
`;

const PARSE_STR_SCRIPT = String.raw`
$out = [];
foreach ($input as $query) {
	$warnings = [];
	$result = null;
	parse_str(base64_decode($query), $result);
	$out[] = ['tree' => tree($result), 'warnings' => $warnings];
}
echo json_encode($out);
`;

let phpChecked = false;

/** Throws, saying how to install PHP, when the oracle is missing. */
export function requirePhp(): void {
	if (phpChecked) return;
	const probe = spawnSync('php', ['-n', '-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
	if (probe.status !== 0) {
		throw new Error(
			'PHP is required for the PHP differential tests but `php` is not runnable. ' +
				'Install it: sudo apt-get install -y php-cli php-curl (Debian/Ubuntu), or run `npm test`, ' +
				'which installs it when it can.',
		);
	}
	phpChecked = true;
}

export interface PhpRunOptions {
	/** Extra `-d name=value` ini settings. */
	ini?: Record<string, string | number>;
}

/** Runs PHP code with `input` on stdin; resolves stdout. Rejects on a non-zero exit. */
export async function runPhp(code: string, input = '', options: PhpRunOptions = {}): Promise<string> {
	requirePhp();
	const ini: Record<string, string | number> = {
		precision: 14,
		display_errors: 'stderr',
		error_reporting: 'E_ALL',
		memory_limit: '-1',
		...options.ini,
	};
	const args = ['-n', ...Object.entries(ini).flatMap(([k, v]) => ['-d', `${k}=${v}`]), '-r', code];
	return await new Promise<string>((resolve, reject) => {
		const child = spawn('php', args, { stdio: ['pipe', 'pipe', 'pipe'] });
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', reject);
		child.on('close', (status) => {
			if (status === 0) resolve(Buffer.concat(stdout).toString('utf8'));
			else reject(new Error(`php exited ${status}: ${Buffer.concat(stderr).toString('utf8').slice(0, 2000)}`));
		});
		child.stdin.end(input);
	});
}

/** PHP `http_build_query($case)` for each case, with the types of {@link toPhpTagged}. */
export async function phpHttpBuildQuery(cases: readonly unknown[]): Promise<string[]> {
	const input = JSON.stringify(cases.map(toPhpTagged));
	return JSON.parse(await runPhp(PHP_PRELUDE + HTTP_BUILD_QUERY_SCRIPT, input)) as string[];
}

/**
 * PHP `parse_str($query, $result)` for each query (a JS string is sent as its UTF-8 bytes),
 * with PHP's warnings. Limits map to the ini settings max_input_vars / max_input_nesting_level.
 */
export async function phpParseStr(
	queries: ReadonlyArray<string | Uint8Array>,
	limits: ParseStrLimits = {},
): Promise<PhpParseStrResult[]> {
	const input = JSON.stringify(queries.map((q) => Buffer.from(q).toString('base64')));
	const ini: Record<string, number> = {};
	if (limits.maxInputVars !== undefined) ini.max_input_vars = limits.maxInputVars;
	if (limits.maxNestingLevel !== undefined) ini.max_input_nesting_level = limits.maxNestingLevel;
	return JSON.parse(await runPhp(PHP_PRELUDE + PARSE_STR_SCRIPT, input, { ini })) as PhpParseStrResult[];
}

// --- comparing PHP's trees with ours ---------------------------------------------------------

const utf8 = new TextDecoder('utf-8');

function decodeBase64Utf8(b64: string): string {
	return utf8.decode(Buffer.from(b64, 'base64'));
}

/** PHP's tree as parseStrToMap's shape (keys and values decoded as UTF-8, order kept). */
export function phpTreeToMap(tree: PhpTree): PhpParsedArray {
	const map: PhpParsedArray = new Map();
	for (const [, key, value] of tree.e) map.set(decodeBase64Utf8(key), phpTreeValueToMap(value));
	return map;
}

function phpTreeValueToMap(value: PhpTreeValue): PhpParsedValue {
	return typeof value === 'string' ? decodeBase64Utf8(value) : phpTreeToMap(value);
}

/**
 * PHP's tree as parseStr's plain shape, written independently of the module: an array whose
 * keys are the ints 0..n-1 in order is a JS array, any other array an object.
 */
export function phpTreeToPlain(tree: PhpTree): Record<string, unknown> {
	const object: Record<string, unknown> = {};
	for (const [, key, value] of tree.e) {
		Object.defineProperty(object, decodeBase64Utf8(key), {
			value: phpTreeValueToPlain(value),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return object;
}

function phpTreeValueToPlain(value: PhpTreeValue): unknown {
	if (typeof value === 'string') return decodeBase64Utf8(value);
	const isList = value.e.every(([isInt, key], i) => isInt && Buffer.from(key, 'base64').toString('latin1') === String(i));
	return isList ? value.e.map(([, , child]) => phpTreeValueToPlain(child)) : phpTreeToPlain(value);
}

/** A Map tree as nested [key, value] arrays, so deepStrictEqual also checks key order. */
export function orderedEntries(map: PhpParsedArray): unknown[] {
	return [...map].map(([key, value]) => [key, typeof value === 'string' ? value : orderedEntries(value)]);
}

// --- batched property checks -----------------------------------------------------------------

/**
 * Asserts ours(case) deep-equals expected[i] for every case, reporting up to five mismatches
 * with their inputs (fast-check cannot shrink here: cases are checked against one batched PHP
 * run, so each failure is printed with its seed-reproducible input instead).
 */
export function assertSameAsPhp<C, R>(
	cases: readonly C[],
	expected: readonly R[],
	ours: (input: C, index: number) => R,
	show: (input: C) => unknown = (input) => input,
): void {
	const failures: string[] = [];
	let failed = 0;
	cases.forEach((input, i) => {
		let actual: R | string;
		try {
			actual = ours(input, i);
		} catch (error) {
			actual = `THREW ${(error as Error).stack}`;
		}
		if (isDeepStrictEqual(actual, expected[i])) return;
		if (++failed <= 5) {
			failures.push(
				`case ${i}: ${inspect(show(input), { depth: 8 })}\n  php:  ${inspect(expected[i], { depth: 12 })}\n  ours: ${inspect(actual, { depth: 12 })}`,
			);
		}
	});
	if (failed > 0) throw new Error(`${failed} of ${cases.length} cases differ from PHP:\n${failures.join('\n')}`);
}
