import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The username and password ONe sends with each webhook call when the
 * webhook's authentication type is HTTP_BASIC. They protect an incoming
 * callback, so there is nothing to call to test them: the ONe Trigger node's
 * `oneWebhookApiTest` checks they are usable instead.
 */
export class OneWebhookApi implements ICredentialType {
	name = 'oneWebhookApi';

	// Not an API key: the name says what the user types it into (ONe's webhook form, HTTP_BASIC).
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'ONe Webhook (HTTP Basic)';

	icon: Icon = { light: 'file:../nodes/One/one.svg', dark: 'file:../nodes/One/one.dark.svg' };

	documentationUrl = 'https://docs.b2b.one/webhooks/webhook';

	properties: INodeProperties[] = [
		{
			displayName:
				'In ONe, open Configurations → Webhooks, choose the authentication type HTTP_BASIC and type the same username and password there as here',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Username',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'Exactly as typed into the "Username" field of the ONe webhook form. It cannot contain a colon (:).',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Exactly as typed into the "Password" field of the ONe webhook form. At least 8 characters; use your own, not the "admin" of ONe\'s help page.',
		},
	];
}
