import type { INodeProperties } from 'n8n-workflow';

/**
 * The editor fields of Order → Update Status (JustClick's UpdateOrderStatus).
 * Their rules (what is required for which status) are the zod schema in
 * functions.ts; `required` here only marks them in the editor.
 */

const showFor = (statuses?: string[]) => ({
	show: { resource: ['order'], operation: ['updateStatus'], ...(statuses ? { status: statuses } : {}) },
});

export const orderOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: 'Mark an order as sent, paid, returned or cancelled, with its date and tracking number',
				action: 'Update the status of an order',
			},
		],
		default: 'updateStatus',
	},
];

export const orderFields: INodeProperties[] = [
	{
		displayName: 'Order Number',
		name: 'billId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 100000',
		description: 'The number of the order in JustClick (bill_id), as in your JustClick order list',
		displayOptions: showFor(),
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		options: [
			{ name: 'Cancelled', value: 'cancel', description: 'The order was cancelled' },
			{ name: 'Paid', value: 'paid', description: 'Payment for the order was received' },
			{ name: 'Returned', value: 'return', description: 'The customer returned the order' },
			{ name: 'Sent', value: 'sent', description: 'The order was sent by post' },
		],
		default: 'paid',
		description:
			'The new status of the order. In an expression, use sent, paid, return or cancel; a Sent order needs a date and a tracking number, a Paid one a date.',
		displayOptions: showFor(),
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When the order was sent or paid. Pick it here or map a date from your data (ISO text, a JS or Luxon date, or a UNIX timestamp). A date without a time zone is read in the workflow\'s time zone. JustClick receives it as a UNIX timestamp in seconds.',
		displayOptions: showFor(['sent', 'paid']),
	},
	{
		displayName: 'Tracking Number',
		name: 'rpo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 10000000000000',
		description: 'The postal tracking number of the parcel (rpo)',
		displayOptions: showFor(['sent']),
	},
];
