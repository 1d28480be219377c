/**
 * Hiboutik does not sign its callbacks, so the callback URL itself carries a
 * secret (`?k=<secret>`), as Hiboutik's own PrestaShop and WooCommerce plugins
 * do. One rule decides whether a secret can do that job; the credential test
 * and the node's activation both use it.
 */

export const MIN_SECRET_LENGTH = 16;

/** Characters a URL query value may hold as they are: the secret is typed into a URL by hand. */
const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

/** Why a secret is unusable in a callback URL, or undefined when it is fine. */
export function secretProblem(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret === '') {
		return 'The secret is empty. Enter a long random string (at least 16 letters and digits).';
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} so it cannot be guessed.`;
	}
	if (!URL_SAFE.test(secret)) {
		return 'The secret goes into a URL (k=...), so use only letters, digits and - _ . ~ (no spaces, &, =, +, # or accents).';
	}
	return undefined;
}
