import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CUSTOMER_ATTRIBUTES, LINE_ITEM_ATTRIBUTES, OTHER_ATTRIBUTE, WEBHOOK_ACTIONS, type AttributeInfo } from './apiOperations';

/**
 * The editor fields of the Hiboutik node. Their rules (what is required, which
 * value suits which attribute) are the zod schemas in apiOperations.ts;
 * `required` here only marks them in the editor.
 */

const showFor = (resource: string, operation: string) => ({ show: { resource: [resource], operation: [operation] } });

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Customer', value: 'customer' },
		{ name: 'Sale', value: 'sale' },
		{ name: 'Sale Line Item', value: 'saleLineItem' },
		{ name: 'Webhook', value: 'webhook' },
	],
	default: 'sale',
};

export const operationFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sale'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a sale with its line items', action: 'Get a sale' },
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['saleLineItem'] } },
		options: [
			{
				name: 'Update Attribute',
				value: 'updateAttribute',
				description: 'Change one attribute of a line of a sale, e.g. the loyalty points it earns',
				action: 'Update an attribute of a sale line item',
			},
		],
		default: 'updateAttribute',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a customer form', action: 'Get a customer' },
			{
				name: 'Update Attribute',
				value: 'updateAttribute',
				description: 'Change one attribute of a customer form',
				action: 'Update an attribute of a customer',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Make Hiboutik call a URL when an event happens',
				action: 'Create a webhook',
			},
			{ name: 'Delete', value: 'delete', description: 'Stop a webhook', action: 'Delete a webhook' },
			{ name: 'Get Many', value: 'getAll', description: 'List the webhooks of the account', action: 'Get many webhooks' },
		],
		default: 'getAll',
	},
];

// ------------------------------------------------------------------- ids

const saleFields: INodeProperties[] = [
	{
		displayName: 'Sale ID',
		name: 'saleId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1287',
		description:
			'The number of the sale in Hiboutik. After a Hiboutik Trigger "Sale Validated", map its data.sale_id.',
		displayOptions: showFor('sale', 'get'),
	},
];

const lineItemId: INodeProperties = {
	displayName: 'Line Item ID',
	name: 'lineItemId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5631',
	description: 'The line_item_id of the line, as in the line_items of a sale',
	displayOptions: showFor('saleLineItem', 'updateAttribute'),
};

const customerId = (operation: string): INodeProperties => ({
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 356',
	description: 'The number of the customer in Hiboutik (customer_id of a sale)',
	displayOptions: showFor('customer', operation),
});

// ------------------------------------------------------------ attributes

function attributeOptions(attributes: AttributeInfo[]): INodePropertyOptions[] {
	return [
		...attributes.map(({ name, value, description }) => ({ name, value, description: `${description} (${value})` })),
		{ name: 'Other', value: OTHER_ATTRIBUTE, description: 'Another attribute, named in Attribute Name' },
	];
}

function attributeFields(resource: string, attributes: AttributeInfo[], defaultAttribute: string): INodeProperties[] {
	const where = showFor(resource, 'updateAttribute');
	return [
		{
			displayName: 'Attribute',
			name: 'attribute',
			type: 'options',
			// "Other" stays last, after the attributes in alphabetical order.
			options: attributeOptions(attributes),
			default: defaultAttribute,
			description: 'What to change. In an expression, use Hiboutik\'s name, e.g. points.',
			displayOptions: where,
		},
		{
			displayName: 'Attribute Name',
			name: 'customAttribute',
			type: 'string',
			// Not marked required: n8n would then demand it whenever Attribute is
			// an expression. The schema requires it when Attribute is Other.
			default: '',
			placeholder: 'e.g. product_comments',
			description: "Hiboutik's name of the attribute to change",
			displayOptions: { show: { ...where.show, attribute: [OTHER_ATTRIBUTE] } },
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 25',
			description:
				'The new value. Points are whole numbers, amounts are written like 12.50, dates like 1985-04-23. Map it from the input items to set a different value per item.',
			displayOptions: where,
		},
	];
}

// --------------------------------------------------------------- webhooks

const webhookFields: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'webhookLabel',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. n8n loyalty points',
		description: 'A name to recognise the webhook by in Hiboutik',
		displayOptions: showFor('webhook', 'create'),
	},
	{
		displayName: 'URL',
		name: 'webhookUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/…?k=…&event=sale_validated',
		description:
			"The address Hiboutik calls. For a Hiboutik Trigger, paste its Production URL with the k= secret and the event=, as the trigger's instructions show.",
		displayOptions: showFor('webhook', 'create'),
	},
	{
		displayName: 'Event',
		name: 'webhookAction',
		type: 'options',
		required: true,
		options: WEBHOOK_ACTIONS.map(({ name, value, description }) => ({ name, value, description })),
		default: 'sale',
		description: 'When Hiboutik calls the URL (webhook_action)',
		displayOptions: showFor('webhook', 'create'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('webhook', 'create'),
		options: [
			{
				displayName: 'Asynchronous',
				name: 'async',
				type: 'boolean',
				default: true,
				description:
					'Whether Hiboutik carries on without waiting for the answer (webhook_async). Hiboutik recommends it when the called app takes time to answer; a synchronous webhook can show a message to the cashier.',
			},
			{
				displayName: 'Store ID',
				name: 'storeId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1',
				description:
					'On a multi-store account, the store (point of sale) the webhook is for (store_id). Leave empty for the default.',
			},
		],
	},
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12',
		description: 'The webhook_id Hiboutik gave the webhook when it was created (see Get Many)',
		displayOptions: showFor('webhook', 'delete'),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('webhook', 'getAll'),
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

export const operationParameterFields: INodeProperties[] = [
	...saleFields,
	lineItemId,
	...attributeFields('saleLineItem', LINE_ITEM_ATTRIBUTES, 'points'),
	customerId('get'),
	customerId('updateAttribute'),
	...attributeFields('customer', CUSTOMER_ATTRIBUTES, 'points'),
	...webhookFields,
];
