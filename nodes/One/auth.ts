/**
 * ONe's only protection for a webhook is HTTP Basic auth (`callbackAuthentication
 * {type: HTTP_BASIC, username, password}`): every call must carry the
 * credential's username and password, compared in constant time.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { unauthorizedBasic } from '../shared/callback';
import { basicAuthMatches, type BasicCredentials } from '../shared/secrets';

export const ONE_CREDENTIAL = 'oneWebhookApi';

const MIN_PASSWORD_LENGTH = 8;

/** Printable ASCII only: senders disagree on how to encode other characters in Basic auth (RFC 7617). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function readBasicCredentials(data: object | undefined): BasicCredentials {
	const fields = (data ?? {}) as { user?: unknown; password?: unknown };
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	return { user: text(fields.user), password: text(fields.password) };
}

/** Why these values cannot protect a webhook, or undefined when they can. One rule for the credential test and activation. */
export function credentialProblem({ user, password }: BasicCredentials): string | undefined {
	if (user.trim() === '') return 'The username is empty; type the same username here as in the ONe webhook form';
	if (user.includes(':')) return 'The username contains a colon (:), which HTTP Basic authentication cannot carry';
	if (password === '') return 'The password is empty; type the same password here as in the ONe webhook form';
	if (password.length < MIN_PASSWORD_LENGTH) {
		return `The password is shorter than ${MIN_PASSWORD_LENGTH} characters; choose a longer one (not the "admin" of ONe's help page) and type it in ONe too`;
	}
	if (!PRINTABLE_ASCII.test(user) || !PRINTABLE_ASCII.test(password)) {
		return 'Use only letters, digits and ASCII punctuation in the username and password: other characters may be encoded differently by ONe';
	}
	return undefined;
}

/** Refuses (401 with a Basic challenge) any call without the credential's username and password. */
export async function authenticateOneCall(ctx: IWebhookFunctions): Promise<void> {
	let expected: BasicCredentials;
	try {
		expected = readBasicCredentials(await ctx.getCredentials(ONE_CREDENTIAL));
	} catch {
		// No usable credential on the node: nothing can match, so refuse like a wrong password.
		throw unauthorizedBasic('ONe webhook');
	}
	const header = ctx.getHeaderData().authorization;
	if (!basicAuthMatches(typeof header === 'string' ? header : undefined, expected)) {
		throw unauthorizedBasic('ONe webhook');
	}
}
