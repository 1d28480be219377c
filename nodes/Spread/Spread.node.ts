import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { checkAllThenSendEach } from '../shared/items';
import { CREDENTIAL_TYPE, postForm, spreadUrl } from './api';
import { wholeNumber } from '../shared/numberOption';
import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS, orderOperations, orderUpsertFields } from './orderDescription';
import { OrderInputError, parseOrder, readOrderParameters } from './orderInput';
import { updateOrderBody } from './updateOrderForm';

/** SPREAD's order endpoint (an upsert by `order_idorder`). */
const UPDATE_ORDER_PATH = '/api/updateOrder';

export class Spread implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SPREAD',
		name: 'spread',
		icon: { light: 'file:spread.svg', dark: 'file:spread.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send orders to SPREAD, the French CRM',
		defaults: { name: 'SPREAD' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Order', value: 'order' }],
				default: 'order',
			},
			...orderOperations,
			...orderUpsertFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const timeZone = this.getTimezone();
		const url = await spreadUrl(this, UPDATE_ORDER_PATH);
		return await checkAllThenSendEach(
			this,
			(itemIndex) => parseOrderOrFail(this, itemIndex, timeZone),
			async (order, itemIndex) => {
				const answer = await postForm(this, url, updateOrderBody(order), itemIndex);
				return [{ success: true, orderId: order.orderId, response: answer.body as IDataObject }];
			},
			// updateOrder is an upsert: orders may be in flight together, but never
			// two for the same order, which could reach SPREAD in the wrong order.
			{ parallel: parallelRequests(this), keyOf: (order) => order.orderId },
		);
	}
}

/** The "Parallel Requests" option, read once for all items. */
function parallelRequests(ctx: IExecuteFunctions): number {
	const value = ctx.getNodeParameter('options.parallelRequests', 0, DEFAULT_PARALLEL_REQUESTS);
	return wholeNumber(value, DEFAULT_PARALLEL_REQUESTS, 1, MAX_PARALLEL_REQUESTS);
}

/** The item's order, checked before any item is sent: a bad field stops this item only. */
function parseOrderOrFail(ctx: IExecuteFunctions, itemIndex: number, timeZone: string) {
	try {
		return parseOrder(readOrderParameters(ctx, itemIndex), timeZone);
	} catch (error) {
		if (!(error instanceof OrderInputError)) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		throw new NodeOperationError(ctx.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `Nothing was sent to SPREAD for item ${itemIndex}. Fix "${error.field}" and run again.`,
		});
	}
}
