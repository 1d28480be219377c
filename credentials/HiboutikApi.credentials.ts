import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * A Hiboutik user's API access: Hiboutik's REST API at
 * https://{account}.hiboutik.com/api takes HTTP Basic auth with the user's
 * login email and API key (what Hiboutik's own PHP client sends). This is not
 * the secret that protects the Hiboutik Trigger's URL: that one is the
 * separate "Hiboutik Callback Secret" credential.
 */
export class HiboutikApi implements ICredentialType {
	name = 'hiboutikApi';

	displayName = 'Hiboutik API';

	icon: Icon = { light: 'file:../nodes/Hiboutik/hiboutik.svg', dark: 'file:../nodes/Hiboutik/hiboutik.dark.svg' };

	documentationUrl = 'https://faq.hiboutik.com/fr/api-developpement/api-requests';

	properties: INodeProperties[] = [
		{
			displayName: 'Account',
			name: 'account',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. myshop',
			description: 'Your Hiboutik account name only: "myshop" if you open Hiboutik at https://myshop.hiboutik.com',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'name@email.com',
			description: 'The email address the Hiboutik user logs in with (the API login)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key of that user: in Hiboutik, Settings → Users → Users, click the wrench icon in front of the user\'s name',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8080/api',
			description:
				'Leave empty. Only for a proxy or testing: requests then go to BASE_URL/... instead of https://ACCOUNT.hiboutik.com/api/...',
		},
	];

	// A function rather than a generic block of `={{$credentials.…}}` values:
	// n8n evaluates those expressions on every request, in an isolate with its
	// default engine (docs/BENCHMARKS.md).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: { username: String(credentials.email ?? ''), password: String(credentials.apiKey ?? '') },
		};
	}

	// Hiboutik documents no "who am I" call. GET /webhooks is one of the calls
	// this package uses (VENDOR-FACTS lists it), reads only, answers 401 to a
	// wrong email or key, and costs a single call of the monthly API quota.
	test: ICredentialTestRequest = {
		request: {
			baseURL: "={{$credentials.baseUrl || 'https://' + $credentials.account + '.hiboutik.com/api'}}",
			url: '/webhooks',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
