import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The token IKITECH puts in the `Token` header of every webhook call. The
 * IKITECH Trigger compares it with this value and refuses (403) any call
 * that does not carry it. Its check lives in the trigger (`testedBy`):
 * IKITECH documents no API call to try a token against.
 */
export class IkitechApi implements ICredentialType {
	name = 'ikitechApi';

	displayName = 'IKITECH API';

	icon: Icon = { light: 'file:../nodes/Ikitech/ikitech.svg', dark: 'file:../nodes/Ikitech/ikitech.dark.svg' };

	documentationUrl = 'https://tailieuweb.myiki.vn/khac/web-hook';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your store\'s public-API token, from the IKITECH store settings. IKITECH sends this same value in the Token header of every webhook call. If you regenerate it there, paste the new one here.',
		},
	];
}
