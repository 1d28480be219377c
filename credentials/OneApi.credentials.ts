import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Access to the integration API of a ONe by Unity instance (offers, carts,
 * webhook management under /api/v1/.../integrations/auth-required/...).
 *
 * ONe does not publish how that API authenticates. A bearer token in the
 * Authorization header is what its "auth-required" integration endpoints take
 * as far as we know (inferred); ONe's support or administrator issues it.
 * This is not the username and password ONe sends to the ONe Trigger: those
 * are the separate "ONe Webhook (HTTP Basic)" credential.
 */
export class OneApi implements ICredentialType {
	name = 'oneApi';

	displayName = 'ONe API';

	icon: Icon = { light: 'file:../nodes/One/one.svg', dark: 'file:../nodes/One/one.dark.svg' };

	documentationUrl = 'https://docs.b2b.one/webhooks/webhook';

	properties: INodeProperties[] = [
		{
			displayName:
				"ONe's integration API takes an API token sent as \"Authorization: Bearer <token>\" (as far as we know: ONe does not publish this). Ask your ONe administrator or ONe's support for an integration API token.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://yourcompany.b2b.one',
			description:
				'The address of your ONe instance, as you open it in the browser, without anything after the domain (e.g. https://yourcompany.b2b.one)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The integration API token of your ONe instance. It is sent as "Authorization: Bearer <token>".',
		},
	];

	// A function rather than a generic block of `={{$credentials.…}}` values:
	// n8n evaluates those expressions on every request, in an isolate with its
	// default engine (docs/BENCHMARKS.md).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiToken ?? '')}` },
		};
	}

	// ONe documents no "who am I" call. Listing the webhook types reads only,
	// changes nothing and needs the same token as every other call of the nodes.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/webhooks/integrations/auth-required/webhooks/types',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
