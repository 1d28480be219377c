import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * SPREAD's API keys, found in SPREAD's back office under
 * "Paramétrage > Tracker" (bottom of the page). SPREAD's own PHP sample sends
 * them as `CURLOPT_USERPWD "PUBLIC_KEY:PRIVATE_KEY"`, i.e. HTTP Basic
 * credentials, which is what `authenticate` below produces.
 */
export class SpreadApi implements ICredentialType {
	name = 'spreadApi';

	displayName = 'SPREAD API';

	icon = { light: 'file:../nodes/Spread/spread.svg', dark: 'file:../nodes/Spread/spread.dark.svg' } as const;

	documentationUrl = 'https://help.spreadfamily.fr/api/tFhSLgP1aV7CPGteu85q5Q/api-updateorder/bGxo3ThyccrNVubvYm5F6m';

	properties: INodeProperties[] = [
		// Not a secret (SPREAD shows it openly; it is the Basic auth user name): kept readable.
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description: 'Public API key, in SPREAD\'s back office under "Paramétrage > Tracker" (bottom of the page)',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Private API key, shown beside the public key in SPREAD\'s back office',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://social-sb.com',
			placeholder: 'e.g. https://social-sb.com',
			description:
				'Address of the SPREAD API. Keep the default unless you go through a proxy or test against your own server.',
		},
	];

	// A function rather than a generic block of `={{$credentials.…}}` values:
	// n8n evaluates those two expressions on every request, in an isolate with
	// its default engine (about 1.5 ms of CPU per order sent, docs/BENCHMARKS.md).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: { username: String(credentials.publicKey ?? ''), password: String(credentials.privateKey ?? '') },
		};
	}

	// A read-only call: `GET /api/v2/customers` is in SPREAD's REST v2 list (see
	// VENDOR-FACTS), takes the same Basic keys, answers only with valid keys and
	// changes nothing. `limit` is not documented by SPREAD: it is there to keep
	// the answer small where honoured; if SPREAD ignores it the call is still
	// harmless.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v2/customers',
			method: 'GET',
			qs: { limit: 1 },
		},
	};
}
