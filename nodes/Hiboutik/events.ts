/**
 * The events Hiboutik can call a URL for ("Settings → General settings"), the
 * settings field each one is pasted into, and how a callback says which event
 * it is.
 *
 * Hiboutik's callback POST carries no event name, so the URL the user pastes
 * names the event itself: `&event=<name>`. Where one settings field serves
 * several events (payment method selected/added/deleted, customer
 * created/modified, schedule event added/modified/deleted: one bullet each in
 * Hiboutik's list, so one field each, inferred), that field still holds one
 * URL: those events cannot be told apart, and the name in the URL is what the
 * workflow sees.
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import { badRequest } from '../shared/callback';

export const HIBOUTIK_EVENTS = [
	'sale_validated',
	'payment_method_selected',
	'payment_method_added',
	'payment_method_deleted',
	'callback_icon_clicked',
	'customer_created',
	'customer_modified',
	'timestamp_stopped',
	'schedule_event_added',
	'schedule_event_modified',
	'schedule_event_deleted',
] as const;

export type HiboutikEvent = (typeof HIBOUTIK_EVENTS)[number];

/** Events that share one Hiboutik settings field and one payload shape. */
export type HiboutikEventFamily = 'sale' | 'payment' | 'callbackIcon' | 'customer' | 'timestamp' | 'schedule';

interface EventInfo {
	family: HiboutikEventFamily;
	displayName: string;
	description: string;
}

export const EVENT_INFO: Record<HiboutikEvent, EventInfo> = {
	sale_validated: { family: 'sale', displayName: 'Sale Validated', description: 'A sale is validated (closed) at the till' },
	payment_method_selected: {
		family: 'payment',
		displayName: 'Payment Method Selected',
		description: 'A payment method is selected in a sale',
	},
	payment_method_added: { family: 'payment', displayName: 'Payment Method Added', description: 'A payment method is added to a sale' },
	payment_method_deleted: {
		family: 'payment',
		displayName: 'Payment Method Deleted',
		description: 'A payment method is removed from a sale',
	},
	callback_icon_clicked: {
		family: 'callbackIcon',
		displayName: 'Callback Icon Clicked',
		description: 'Someone clicks the callback icon in a sale',
	},
	customer_created: { family: 'customer', displayName: 'Customer Created', description: 'A customer form is created' },
	customer_modified: { family: 'customer', displayName: 'Customer Modified', description: 'A customer form is modified' },
	timestamp_stopped: { family: 'timestamp', displayName: 'Timestamp Stopped', description: 'A timestamp (time tracking) line is stopped' },
	schedule_event_added: { family: 'schedule', displayName: 'Schedule Event Added', description: 'An event is added to the schedule' },
	schedule_event_modified: {
		family: 'schedule',
		displayName: 'Schedule Event Modified',
		description: 'An event of the schedule is modified',
	},
	schedule_event_deleted: {
		family: 'schedule',
		displayName: 'Schedule Event Deleted',
		description: 'An event is deleted from the schedule',
	},
};

/**
 * The "Settings → General settings" field each family's URL goes into.
 * Hiboutik's callback page names only "Sales URL callback"; the other labels
 * are inferred from the event groups of its webhook documentation (Sales,
 * Payment, Customers, Timestamp, Schedule) and may be worded slightly
 * differently in the user's Hiboutik language. The callback icon is listed
 * under "Sales" in that documentation but is a separate action; its field name
 * is inferred too.
 */
export const SETTINGS_FIELD: Record<HiboutikEventFamily, string> = {
	sale: 'Sales URL callback',
	payment: 'Payment URL callback',
	callbackIcon: 'Callback icon URL',
	customer: 'Customers URL callback',
	timestamp: 'Timestamp URL callback',
	schedule: 'Schedule URL callback',
};

/** The events of each settings field, in HIBOUTIK_EVENTS order. */
export const EVENTS_BY_FAMILY = {} as Record<HiboutikEventFamily, HiboutikEvent[]>;
for (const event of HIBOUTIK_EVENTS) (EVENTS_BY_FAMILY[EVENT_INFO[event].family] ??= []).push(event);

export const EVENT_OPTIONS: INodePropertyOptions[] = HIBOUTIK_EVENTS.map((event) => ({
	name: EVENT_INFO[event].displayName,
	value: event,
	description: `${EVENT_INFO[event].description} (Hiboutik field: ${SETTINGS_FIELD[EVENT_INFO[event].family]})`,
}));

export const isHiboutikEvent = (value: unknown): value is HiboutikEvent =>
	typeof value === 'string' && (HIBOUTIK_EVENTS as readonly string[]).includes(value);

const VALID_NAMES = HIBOUTIK_EVENTS.join(', ');

/**
 * The event a callback is about, from the `event` URL parameter. It may be left
 * out when the node listens to exactly one event, since that is then the only
 * thing the URL can be for.
 */
export function identifyEvent(named: unknown, selected: readonly HiboutikEvent[]): HiboutikEvent {
	if (named === undefined || named === '') {
		if (selected.length === 1) return selected[0];
		throw badRequest(
			`This URL does not say which Hiboutik event it is for. Add &event=<name> to the URL pasted in Hiboutik; valid names: ${VALID_NAMES}`,
		);
	}
	if (!isHiboutikEvent(named)) {
		throw badRequest(`Unknown event "${String(named).slice(0, 60)}" in the URL. Valid names: ${VALID_NAMES}`);
	}
	return named;
}
