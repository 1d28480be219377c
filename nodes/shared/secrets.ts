import { createHash, timingSafeEqual } from 'crypto';

/**
 * Compares a secret a caller sent with the one we expect, in time that does not
 * depend on where the two first differ nor on their lengths: both sides are
 * hashed to 32 bytes first, so even a length mismatch takes the same path.
 */
export function secretsMatch(received: string | undefined, expected: string): boolean {
	if (received === undefined || expected === '') return false;
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

export interface BasicCredentials {
	user: string;
	password: string;
}

/** Reads `Authorization: Basic base64(user:password)`; undefined when absent or malformed. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
	if (header === undefined) return undefined;
	const match = /^\s*basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Both user and password must match; both comparisons always run. */
export function basicAuthMatches(header: string | undefined, expected: BasicCredentials): boolean {
	const sent = parseBasicAuthorization(header);
	const userOk = secretsMatch(sent?.user ?? '', expected.user);
	const passwordOk = secretsMatch(sent?.password ?? '', expected.password);
	return sent !== undefined && userOk && passwordOk;
}
