/**
 * The one rule for a usable IKITECH token, shared by the credential test and
 * by the trigger's activation check.
 */

/** Why this token cannot work, or undefined when it looks usable. */
export function tokenProblem(token: unknown): string | undefined {
	if (typeof token !== 'string' || token === '') {
		return 'The token is empty. Copy the public API token from your IKITECH store settings.';
	}
	// IKITECH sends the token verbatim in a header; a space or line break is a copy-paste slip.
	if (/\s/.test(token)) {
		return 'The token contains a space or line break. Copy it again from your IKITECH store settings, without surrounding spaces.';
	}
	return undefined;
}
