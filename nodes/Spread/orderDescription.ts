import type { INodeProperties } from 'n8n-workflow';
import { GENDERS, OPT_IN_CODES, ORDER_STATES } from './orderFields';

/**
 * The editor fields of Order → Create or Update (SPREAD's `updateOrder`).
 * Which `data[...]` key each one becomes is in orderFields.ts and
 * updateOrderForm.ts.
 */

const showForUpsert = { show: { resource: ['order'], operation: ['upsert'] } };

const TAG_LIST_HINT = 'Separate tags with commas, or use an expression that returns a list';

export const orderOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update an order',
			},
		],
		default: 'upsert',
	},
];

const orderMainFields: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0000001',
		description:
			'Your shop\'s unique reference for the order. Sending an order ID SPREAD already knows updates that order (e.g. to change its state).',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'Order State',
		name: 'orderState',
		type: 'options',
		required: true,
		options: ORDER_STATES.map(({ name, code, description }) => ({
			name,
			value: code,
			description: `${description} (${code})`,
		})),
		default: '20',
		description:
			'State of the order in SPREAD. In an expression, use the code (0, 10, 20, 50, 100) or the English name.',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description:
			'Total amount of the order, e.g. 158.31. Text such as "158,31" is accepted from expressions.',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'Creation Date',
		name: 'createdAt',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When the order was placed. Sent to SPREAD in UTC; a date without a time zone is read in the workflow\'s time zone.',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'Customer Email',
		name: 'customerEmail',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		description:
			'Email address of the customer\'s SPREAD profile. Give this, the External ID, or both.',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 12345xxx6789',
		description:
			'Your shop\'s ID for the customer, to find their SPREAD profile. Give this, the Customer Email, or both.',
		displayOptions: showForUpsert,
	},
];

const optInOptions = OPT_IN_CODES.map(({ name, code }) => ({ name, value: code }));

const profileFields: INodeProperties = {
	displayName: 'Additional Profile Fields',
	name: 'profileFields',
	type: 'collection',
	placeholder: 'Add Profile Field',
	default: {},
	description: 'Customer details to save on the SPREAD profile. Empty values are not sent, so SPREAD keeps what it has.',
	displayOptions: showForUpsert,
	options: [
		{ displayName: 'Address Line 1', name: 'address', type: 'string', default: '', placeholder: 'e.g. 8, rue de la place' },
		{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '', placeholder: 'e.g. bâtiment A' },
		{ displayName: 'Address Line 3', name: 'address3', type: 'string', default: '', placeholder: 'e.g. appartement 23' },
		{
			displayName: 'Birthday',
			name: 'birthday',
			type: 'dateTime',
			default: '',
			description: 'Only the day is sent (as YYYY-MM-DD)',
		},
		{ displayName: 'City', name: 'city', type: 'string', default: '', placeholder: 'e.g. Rouen' },
		{ displayName: 'Company', name: 'company', type: 'string', default: '' },
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'e.g. FR',
			description: 'Two-letter country code',
		},
		{
			displayName: 'Email Opt-In',
			name: 'emailOptIn',
			type: 'options',
			options: optInOptions,
			default: '1',
			description: 'Whether the customer agreed to receive the newsletter by email',
		},
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{
			displayName: 'Gender',
			name: 'gender',
			type: 'options',
			options: GENDERS.map((gender) => ({ name: gender === 'male' ? 'Male' : 'Female', value: gender })),
			default: 'female',
		},
		{ displayName: 'Job Title', name: 'jobTitle', type: 'string', default: '' },
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. fr_FR',
		},
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		{ displayName: 'Mobile Phone', name: 'mobile', type: 'string', default: '', placeholder: 'e.g. 0606066060' },
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. 0235000000' },
		{ displayName: 'Postcode', name: 'postcode', type: 'string', default: '', placeholder: 'e.g. 76000' },
		{
			displayName: 'Profile Tags to Add',
			name: 'profileTagsToAdd',
			type: 'string',
			default: '',
			placeholder: 'e.g. vip, newsletter',
			description: TAG_LIST_HINT,
		},
		{
			displayName: 'Profile Tags to Remove',
			name: 'profileTagsToRemove',
			type: 'string',
			default: '',
			placeholder: 'e.g. prospect',
			description: TAG_LIST_HINT,
		},
		{
			displayName: 'SMS Opt-In',
			name: 'smsOptIn',
			type: 'options',
			options: optInOptions,
			default: '1',
			description: 'Whether the customer agreed to receive text messages',
		},
		{
			displayName: 'Tracking Cookie (Sbt)',
			name: 'trackingCookie',
			type: 'string',
			default: '',
			description:
				'Value of the "sbt" cookie SPREAD\'s tracker set in the customer\'s browser, if your shop captured it. It links the order to the visits.',
		},
	],
};

const customFields: INodeProperties = {
	displayName: 'Custom Profile Fields',
	name: 'customFields',
	type: 'fixedCollection',
	placeholder: 'Add Custom Field',
	default: {},
	typeOptions: { multipleValues: true },
	description:
		'Values for the custom fields you created in SPREAD. Their IDs are listed in SPREAD\'s back office at the bottom of "Paramétrage > Tracker > Exemple de codes".',
	displayOptions: showForUpsert,
	options: [
		{
			name: 'field',
			displayName: 'Custom Field',
			values: [
				{
					displayName: 'Field ID',
					name: 'id',
					type: 'string',
					default: '',
					placeholder: 'e.g. 327',
					description: 'Numeric ID of the custom field in SPREAD',
				},
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

const orderFields: INodeProperties = {
	displayName: 'Additional Order Fields',
	name: 'orderFields',
	type: 'collection',
	placeholder: 'Add Order Field',
	default: {},
	displayOptions: showForUpsert,
	options: [
		{
			displayName: 'Order Tags to Add',
			name: 'orderTagsToAdd',
			type: 'string',
			default: '',
			placeholder: 'e.g. shop-rouen, subscription',
			description: TAG_LIST_HINT,
		},
		{
			displayName: 'Order Tags to Remove',
			name: 'orderTagsToRemove',
			type: 'string',
			default: '',
			placeholder: 'e.g. pending',
			description: TAG_LIST_HINT,
		},
		{
			displayName: 'Service End Date',
			name: 'serviceEnd',
			type: 'dateTime',
			default: '',
			description: 'Last day of the service (stay, subscription…). Only the day is sent (as YYYY-MM-DD).',
		},
		{
			displayName: 'Service Start Date',
			name: 'serviceStart',
			type: 'dateTime',
			default: '',
			description: 'First day of the service (stay, subscription…). Only the day is sent (as YYYY-MM-DD).',
		},
	],
};

/**
 * SPREAD's sample says an empty `product_attributes` list deletes all of an
 * order's attributes, but its own encoder (PHP's http_build_query) drops
 * empty lists from the body, so that request is indistinguishable from one
 * that leaves them alone. We therefore offer no "clear" switch; see the notice.
 */
const productAttributes: INodeProperties[] = [
	{
		displayName: 'Product Attributes',
		name: 'productAttributesInput',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'One entry per product' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'A list with one entry per product, e.g. built from the order lines with an expression',
			},
		],
		default: 'fields',
		description: 'Attributes (like size:xl) of the products in the order, for segmenting customers by what they bought',
		displayOptions: showForUpsert,
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		placeholder: 'Add Product',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { ...showForUpsert.show, productAttributesInput: ['fields'] } },
		options: [
			{
				name: 'product',
				displayName: 'Product',
				values: [
					{
						displayName: 'Attributes',
						name: 'attributes',
						type: 'string',
						default: '',
						placeholder: 'e.g. size:xl, type:shirt',
						description:
							'The product\'s attributes as name:value, separated by commas or new lines (use JSON mode for values containing commas)',
					},
				],
			},
		],
	},
	{
		displayName: 'Products (JSON)',
		name: 'productsJson',
		type: 'json',
		default: '[]',
		placeholder: '[["size:xl", "type:shirt"], {"size": "s", "color": "blue"}]',
		description:
			'A list with one entry per product: either a list of "name:value" texts or an object of name → value',
		displayOptions: { show: { ...showForUpsert.show, productAttributesInput: ['json'] } },
	},
	{
		displayName:
			'Sending no products leaves the order\'s product attributes as they are: SPREAD\'s form encoding cannot express an empty list, so attributes cannot be cleared from here',
		name: 'productAttributesNotice',
		type: 'notice',
		default: '',
		displayOptions: showForUpsert,
	},
];

/** How many orders are sent to SPREAD at once unless the user says otherwise. */
export const DEFAULT_PARALLEL_REQUESTS = 4;
export const MAX_PARALLEL_REQUESTS = 20;

const sendingOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showForUpsert,
	options: [
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
			default: DEFAULT_PARALLEL_REQUESTS,
			description:
				'How many orders to send to SPREAD at the same time. Two items with the same Order ID are never sent at the same time, and go in the order of the items. Use 1 to send one order after the other.',
		},
	],
};

export const orderUpsertFields: INodeProperties[] = [
	...orderMainFields,
	profileFields,
	customFields,
	orderFields,
	...productAttributes,
	sendingOptions,
];
