import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret that protects the URL Hiboutik calls back. Hiboutik does not sign
 * callbacks; the URL pasted in Hiboutik carries this secret as `k=<secret>`,
 * and the Hiboutik Trigger refuses any call without it. The Hiboutik API
 * credential (account, email, API key) is a separate credential.
 */
export class HiboutikCallbackApi implements ICredentialType {
	name = 'hiboutikCallbackApi';

	// Not an API login: the secret protects the URL Hiboutik calls, and the name says so.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Hiboutik Callback Secret';

	icon: Icon = { light: 'file:../nodes/Hiboutik/hiboutik.svg', dark: 'file:../nodes/Hiboutik/hiboutik.dark.svg' };

	documentationUrl = 'https://faq.hiboutik.com/fr/api-developpement/webhooks';

	properties: INodeProperties[] = [
		{
			displayName:
				'Hiboutik does not sign its callbacks, so the URL you paste in Hiboutik carries this secret: <code>...?k=YOUR_SECRET&amp;event=...</code>. Calls without it are refused.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Any long random string of letters and digits (at least 16; - _ . ~ are fine too), e.g. from a password generator. If you already use Hiboutik\'s PrestaShop or WooCommerce plugin, you may reuse the key it puts in its URL (the HMAC-SHA256 of your account name keyed with your API key).',
		},
	];
}
