/**
 * JustClick's md5 signatures, as its PHP sample computes them. Kept free of
 * n8n runtime imports so the credential (which signs every request) and the
 * node (which checks every answer) share the one definition.
 *
 * Request:  hash = md5(http_build_query(params) . "::" . user_id . "::" . key)
 * Response: hash = md5("$error_code::$error_text::$key")
 */
import { createHash } from 'crypto';
import { phpFloatToString } from '../shared/phpQuery';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export function requestHash(query: string, userId: string, apiKey: string): string {
	return md5(`${query}::${userId}::${apiKey}`);
}

/**
 * The body PHP's sample posts: `$send_data['hash'] = GetHash(...)` appends the
 * hash as the last key, and http_build_query leaves a hex digest unencoded.
 */
export function signQuery(query: string, userId: string, apiKey: string): string {
	const hash = `hash=${requestHash(query, userId, apiKey)}`;
	return query === '' ? hash : `${query}&${hash}`;
}

/**
 * What PHP's "$value" interpolation prints for a json_decode()d scalar, so the
 * response hash is recomputed over the same text JustClick's sample checks.
 */
export function phpInterpolate(value: unknown): string {
	if (value === null || value === undefined || value === false) return '';
	if (value === true) return '1';
	if (typeof value === 'number') {
		// JSON digits decode to a PHP int when they fit in 64 bits; anything else is a float.
		return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : phpFloatToString(value);
	}
	if (typeof value === 'string') return value;
	// PHP prints "Array" for arrays and fails on objects: neither can match a real signature.
	return Array.isArray(value) ? 'Array' : '\u0000object';
}

export function responseHash(errorCode: unknown, errorText: unknown, apiKey: string): string {
	return md5(`${phpInterpolate(errorCode)}::${phpInterpolate(errorText)}::${apiKey}`);
}
