import type { ICredentialDataDecryptedObject, ICredentialType, Icon, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { httpBuildQuery } from '../nodes/shared/phpQuery';
import { readCredentials } from '../nodes/JustClick/credentialData';
import { signQuery } from '../nodes/JustClick/signature';

/** The unsigned form body: a string is already http_build_query output; an object is encoded like PHP. */
function formQueryOf(body: IHttpRequestOptions['body']): string {
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') return body;
	if (typeof body === 'object' && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype) {
		return httpBuildQuery(body as Record<string, unknown>);
	}
	throw new Error('A JustClick request body must be form parameters (a string or a plain object)');
}

/**
 * JustClick signs nothing with headers: every request body ends with
 * `hash=md5(body::login::key)`. That is more than a generic authenticate block
 * can express, so `authenticate` is a function (like n8n's AWS credential).
 * The check of the key is the JustClick node's `justClickApiTest` (a signed
 * GetAllGroups call), since a declarative test request cannot sign.
 */
export class JustClickApi implements ICredentialType {
	name = 'justClickApi';

	displayName = 'JustClick API';

	icon: Icon = { light: 'file:../nodes/JustClick/justclick.svg', dark: 'file:../nodes/JustClick/justclick.dark.svg' };

	documentationUrl = 'https://help.justclick.io/archives/592';

	properties: INodeProperties[] = [
		{
			displayName: 'Login',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. myshop',
			description: 'Your JustClick login: the subdomain of your account, as in https://myshop.justclick.io',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key ("hash key") from the "Integration and API" section of your JustClick account (link at the bottom of your account pages). It signs requests and is never sent itself.',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'options',
			options: [
				{ name: 'justclick.io', value: 'justclick.io' },
				{ name: 'justclick.ru', value: 'justclick.ru' },
			],
			default: 'justclick.io',
			description: 'The domain your account opens on; both serve the same API',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8080',
			description:
				'Leave empty. Only for a proxy or testing: requests then go to BASE_URL/api/FUNCTION instead of https://LOGIN.DOMAIN/api/FUNCTION.',
		},
	];

	/**
	 * Appends the signature to the form body the node built: the body as PHP's
	 * http_build_query gives it, then `&hash=` — exactly what JustClick's PHP
	 * sample sends after `$send_data['hash'] = GetHash($send_data, ...)`.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const { userId, apiKey } = readCredentials(credentials);
		const query = formQueryOf(requestOptions.body);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: signQuery(query, userId, apiKey),
		};
	}
}
