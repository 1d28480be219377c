/**
 * The JustClick credential's values as the node and the credential's signing
 * both read them (no n8n runtime imports, so the credential can use it too).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export interface JustClickCredentials {
	userId: string;
	apiKey: string;
	domain: string;
	/** for a proxy or a test server; empty means https://{userId}.{domain} */
	baseUrl: string;
}

// Pasted values often carry a stray space or newline; JustClick's logins and keys never do.
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export function readCredentials(data: ICredentialDataDecryptedObject): JustClickCredentials {
	return {
		userId: text(data.userId),
		apiKey: text(data.apiKey),
		domain: text(data.domain) || 'justclick.io',
		baseUrl: text(data.baseUrl).replace(/\/+$/, ''),
	};
}
