import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { CREDENTIAL_TYPE, postForm } from './api';
import { orderOperations, orderUpsertFields } from './orderDescription';
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
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		const timeZone = this.getTimezone();

		for (let i = 0; i < items.length; i++) {
			try {
				const order = parseOrderOrFail(this, i, timeZone);
				const answer = await postForm(this, UPDATE_ORDER_PATH, updateOrderBody(order), i);
				returnData.push({
					json: { success: true, orderId: order.orderId, response: answer.body as IDataObject },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				// Already a NodeApiError / NodeOperationError carrying the item index: kept as is.
				throw error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
		}
		return [returnData];
	}
}

/** The item's order, checked before any request: a bad field stops this item only. */
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
