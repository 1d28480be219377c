/**
 * The nine callback types IKITECH sends to a store's single webhook URL, and
 * what each one means for a workflow: which record it is about, what happened
 * to it, and, for deletions, the one field IKITECH still sends.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const IKITECH_EVENTS = [
	'NEW_PRODUCT',
	'UPDATE_PRODUCT',
	'DELETE_PRODUCT',
	'NEW_ORDER',
	'UPDATE_ORDER',
	'DELETE_ORDER',
	'NEW_CUSTOMER',
	'UPDATE_CUSTOMER',
	'DELETE_CUSTOMER',
] as const;

export type IkitechEvent = (typeof IKITECH_EVENTS)[number];

export type IkitechResource = 'product' | 'order' | 'customer';

export type IkitechAction = 'created' | 'updated' | 'deleted';

/** The only field a deletion callback carries (documents 3.2, 3.4, 3.6). */
export type DeletedKeyField = 'name' | 'phone_number' | 'order_code';

interface EventInfo {
	resource: IkitechResource;
	action: IkitechAction;
	displayName: string;
	/** IKITECH's own wording, so a Vietnamese-speaking user recognises the event */
	vietnamese: string;
	deletedKeyField?: DeletedKeyField;
}

export const EVENT_INFO: Record<IkitechEvent, EventInfo> = {
	NEW_PRODUCT: { resource: 'product', action: 'created', displayName: 'New Product', vietnamese: 'Sản phẩm mới' },
	UPDATE_PRODUCT: { resource: 'product', action: 'updated', displayName: 'Updated Product', vietnamese: 'Cập nhật sản phẩm' },
	DELETE_PRODUCT: {
		resource: 'product',
		action: 'deleted',
		displayName: 'Deleted Product',
		vietnamese: 'Xóa sản phẩm',
		deletedKeyField: 'name',
	},
	NEW_ORDER: { resource: 'order', action: 'created', displayName: 'New Order', vietnamese: 'Đơn hàng mới' },
	UPDATE_ORDER: { resource: 'order', action: 'updated', displayName: 'Updated Order', vietnamese: 'Cập nhật đơn hàng' },
	DELETE_ORDER: {
		resource: 'order',
		action: 'deleted',
		displayName: 'Deleted Order',
		vietnamese: 'Xóa đơn hàng',
		deletedKeyField: 'order_code',
	},
	NEW_CUSTOMER: { resource: 'customer', action: 'created', displayName: 'New Customer', vietnamese: 'Khách hàng mới' },
	UPDATE_CUSTOMER: {
		resource: 'customer',
		action: 'updated',
		displayName: 'Updated Customer',
		vietnamese: 'Cập nhật khách hàng',
	},
	DELETE_CUSTOMER: {
		resource: 'customer',
		action: 'deleted',
		displayName: 'Deleted Customer',
		vietnamese: 'Xóa khách hàng',
		deletedKeyField: 'phone_number',
	},
};

export function isIkitechEvent(value: unknown): value is IkitechEvent {
	return typeof value === 'string' && (IKITECH_EVENTS as readonly string[]).includes(value);
}

function describeEvent(event: IkitechEvent): string {
	const info = EVENT_INFO[event];
	const what =
		info.action === 'deleted'
			? `a ${info.resource} was deleted (IKITECH sends only its ${info.deletedKeyField})`
			: `a ${info.resource} was ${info.action === 'created' ? 'added' : 'changed'}`;
	return `${event} (“${info.vietnamese}”): ${what}`;
}

/** The Events parameter's options, alphabetised by name as n8n's editor expects. */
export const EVENT_OPTIONS: INodePropertyOptions[] = IKITECH_EVENTS.map((event) => ({
	name: EVENT_INFO[event].displayName,
	value: event,
	description: describeEvent(event),
})).sort((a, b) => a.name.localeCompare(b.name));
