import type { INodeProperties } from 'n8n-workflow';
import { CONTENT_QUANTITY, CUSTOM_WEBHOOK_TYPE } from './apiOperations';
import { ONE_EVENTS } from './events';

/**
 * The editor fields of the ONe node. Their rules (what is required, what a
 * quantity may be) are the zod schemas in apiOperations.ts; `required` here
 * only marks them in the editor.
 */

/** "A customer opened a shopping cart … (CartOpened, p-u-o-m-e-c-cartopened-klient)", from events.ts. */
function eventDescription(webhookType: string): string {
	const event = ONE_EVENTS.find((e) => e.webhookType === webhookType);
	return event === undefined ? webhookType : `${event.description} (${event.webhookType}, ${event.exchangeName})`;
}

const showFor = (resource: string, operations: string[]) => ({ show: { resource: [resource], operation: operations } });

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Cart', value: 'cart' },
		{ name: 'Offer', value: 'offer' },
		{ name: 'Webhook', value: 'webhook' },
	],
	default: 'offer',
};

export const operationFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['offer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an offer with its lines, and which lines belong to another (e.g. a drum to its cable)',
				action: 'Get an offer',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cart'] } },
		options: [
			{
				name: 'Add Configurable Products',
				value: 'addConfigurableProducts',
				description: 'Add products to a cart, choosing whether they may be split into shipments or removed',
				action: 'Add configurable products to a cart',
			},
		],
		default: 'addConfigurableProducts',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Make ONe call a URL when an event happens', action: 'Create a webhook' },
			{ name: 'Delete', value: 'delete', description: 'Remove a webhook from ONe', action: 'Delete a webhook' },
			{ name: 'Get Many', value: 'getAll', description: 'List the webhooks of your ONe instance', action: 'Get many webhooks' },
			{
				name: 'Send Example',
				value: 'sendExample',
				description: 'Make ONe send an example request to the webhook\'s URL, like the "Submit test webhook" button',
				action: 'Send an example request of a webhook',
			},
		],
		default: 'getAll',
	},
];

// ----------------------------------------------------------------- offer

const offerFields: INodeProperties[] = [
	{
		displayName: 'Offer ID',
		name: 'offerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
		description:
			'The ID of the offer in ONe. After an ONe Trigger "Offer Opened", map its data.offerId. The output adds "relations": each line that belongs to another line (e.g. a drum to the cable wound on it), with both lines\' IDs and products.',
		displayOptions: showFor('offer', ['get']),
	},
];

// ------------------------------------------------------------------ cart

const whereAdd = showFor('cart', ['addConfigurableProducts']);

const cartFields: INodeProperties[] = [
	{
		displayName: 'Cart ID',
		name: 'cartId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f',
		description: 'The ID of the cart in ONe. After an ONe Trigger "Cart Opened", map its data.cartId.',
		displayOptions: whereAdd,
	},
	{
		displayName: 'Products Input',
		name: 'productsInput',
		type: 'options',
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'List the products below; together they make one configurable product (e.g. a cable and its drum)',
			},
			{ name: 'JSON', value: 'json', description: "ONe's configurableProducts, for several configurable products or extra fields" },
		],
		default: 'fields',
		displayOptions: whereAdd,
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		placeholder: 'Add Product',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		description: 'The products added together as one configurable product (ONe\'s "children")',
		displayOptions: { show: { ...whereAdd.show, productsInput: ['fields'] } },
		options: [
			{
				name: 'product',
				displayName: 'Product',
				values: [
					{
						displayName: 'Allow Quantity Change',
						name: 'allowQuantityChange',
						type: 'boolean',
						default: true,
						description: 'Whether the customer may change the quantity in the cart',
					},
					{
						displayName: 'Allow Quantity Splitting',
						name: 'allowQuantitySplitting',
						type: 'boolean',
						default: true,
						description:
							'Whether an order above the stock may be split into several shipments. Turn off for products that must ship in one piece, e.g. a cable: it then ships when the stock covers the whole quantity.',
					},
					{
						displayName: 'Product ID',
						name: 'productId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 5b1f7a2c-8e3d-4f6a-9b0c-1d2e3f4a5b6c',
						description: 'The ID of the product in ONe',
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 3 },
						default: 1,
						description: 'How much of the product, in its content unit (e.g. metres of cable)',
					},
					{
						displayName: 'Quantity Type',
						name: 'quantityType',
						type: 'string',
						default: CONTENT_QUANTITY,
						description: "ONe's quantity type. CONTENT_QUANTITY is the one ONe's documentation shows; change it only if ONe tells you to.",
					},
					{
						displayName: 'Removable',
						name: 'removable',
						type: 'boolean',
						default: true,
						description: 'Whether the customer may delete the product from the cart',
					},
				],
			},
		],
	},
	{
		displayName: 'Products (JSON)',
		name: 'productsJson',
		type: 'json',
		default:
			'{\n  "configurableProducts": [\n    {\n      "children": [\n        {\n          "productId": "",\n          "quantity": { "type": "CONTENT_QUANTITY", "value": 1 },\n          "allowQuantityChange": true,\n          "allowQuantitySplitting": false,\n          "removable": true\n        }\n      ]\n    }\n  ]\n}',
		description:
			'ONe\'s body for this call: {"configurableProducts": [{"children": [...]}]}, or only the list. Fields ONe adds later are sent as written.',
		displayOptions: { show: { ...whereAdd.show, productsInput: ['json'] } },
	},
];

// --------------------------------------------------------------- webhooks

const whereCreate = showFor('webhook', ['create']);

const webhookFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'webhookName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. n8n: cart opened',
		description: 'A name to recognise the webhook by in ONe',
		displayOptions: whereCreate,
	},
	{
		displayName: 'Webhook Type',
		name: 'webhookType',
		type: 'options',
		options: [
			{ name: 'Cart Opened', value: 'CartOpened', description: eventDescription('CartOpened') },
			{ name: 'Client Logged', value: 'ClientLogged', description: eventDescription('ClientLogged') },
			{ name: 'Offer Opened', value: 'OfferOpened', description: eventDescription('OfferOpened') },
			{ name: 'Custom', value: CUSTOM_WEBHOOK_TYPE, description: 'Another type of your ONe instance, named below' },
		],
		default: 'CartOpened',
		description: 'The event that makes ONe call the URL (ONe\'s "Calling event")',
		displayOptions: whereCreate,
	},
	{
		displayName: 'Webhook Type Name',
		name: 'customWebhookType',
		type: 'string',
		default: '',
		placeholder: 'e.g. CartOpened',
		description: "The type's name in ONe (webhookType.name)",
		displayOptions: { show: { ...whereCreate.show, webhookType: [CUSTOM_WEBHOOK_TYPE] } },
	},
	{
		displayName: 'Exchange Name',
		name: 'customExchangeName',
		type: 'string',
		default: '',
		placeholder: 'e.g. p-u-o-m-e-c-cartopened-klient',
		description: "The type's exchange name in ONe (webhookType.exchangeName)",
		displayOptions: { show: { ...whereCreate.show, webhookType: [CUSTOM_WEBHOOK_TYPE] } },
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/…/webhook?event=cart_opened',
		description:
			"The address ONe calls. For an ONe Trigger, its Production URL followed by ?event=cart_opened, ?event=client_logged or ?event=offer_opened. (An ONe Trigger set to automatic registration creates its webhooks itself.)",
		displayOptions: whereCreate,
	},
	{
		displayName: 'Status',
		name: 'webhookStatus',
		type: 'options',
		options: [
			{ name: 'Active', value: 'ACTIVE', description: 'ONe calls the URL' },
			{ name: 'Inactive', value: 'INACTIVE', description: 'The webhook is kept but ONe does not call it' },
		],
		default: 'ACTIVE',
		displayOptions: whereCreate,
	},
	{
		displayName: 'Authentication',
		name: 'callbackAuthentication',
		type: 'options',
		options: [
			{
				name: 'HTTP Basic',
				value: 'HTTP_BASIC',
				description: 'ONe sends the username and password of the "ONe Webhook (HTTP Basic)" credential. The ONe Trigger requires it.',
			},
			{ name: 'None', value: 'NONE', description: 'ONe sends no credentials: anyone who knows the URL can call it' },
		],
		default: 'HTTP_BASIC',
		displayOptions: whereCreate,
	},
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7c9e6679-7425-40de-944b-e07fc1f90ae7',
		description: 'The ID ONe gave the webhook when it was created (see Get Many)',
		displayOptions: showFor('webhook', ['delete', 'sendExample']),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('webhook', ['getAll']),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['webhook'], operation: ['getAll'], returnAll: [false] } },
	},
];

export const operationParameterFields: INodeProperties[] = [...offerFields, ...cartFields, ...webhookFields];
