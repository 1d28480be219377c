/**
 * The three events ONe by Unity sends to a webhook, and how we recognise which
 * one a callback is. ONe's documentation names each event three ways: the label
 * in its back office ("Cart opened", and "OfferOpened BO" for offers), the
 * webhook type name of its management API (`CartOpened`) and the exchange name
 * behind it (`p-u-o-m-e-c-cartopened-klient`). Any of these, in any case and
 * with any punctuation, identifies the event.
 */
import { badRequest } from '../shared/callback';

export type OneEventName = 'cart_opened' | 'client_logged' | 'offer_opened';

export interface OneEventDefinition {
	name: OneEventName;
	/** as shown in the node's event list */
	displayName: string;
	description: string;
	/** `webhookType.name` in ONe's webhook management API */
	webhookType: string;
	/** `webhookType.exchangeName` in ONe's webhook management API */
	exchangeName: string;
	/** other spellings ONe uses for the same event */
	aliases: string[];
}

export const ONE_EVENTS: readonly OneEventDefinition[] = [
	{
		name: 'cart_opened',
		displayName: 'Cart Opened',
		description: 'A customer opened a shopping cart (in the customer view or a sale started in the back office)',
		webhookType: 'CartOpened',
		exchangeName: 'p-u-o-m-e-c-cartopened-klient',
		aliases: ['Cart opened'],
	},
	{
		name: 'client_logged',
		displayName: 'Client Logged',
		description: 'A customer logged in, or came back after 30 minutes of inactivity',
		webhookType: 'ClientLogged',
		exchangeName: 'p-u-o-m-e-c-clientlogged-klient',
		aliases: ['Client logged'],
	},
	{
		name: 'offer_opened',
		displayName: 'Offer Opened',
		description: 'Someone opened an offer view ("OfferOpened BO" in ONe); sent each time the offer ID in the URL changes',
		webhookType: 'OfferOpened',
		exchangeName: 'p-u-o-m-e-o-offeropened-klient',
		aliases: ['Offer opened', 'OfferOpened BO'],
	},
];

export const ONE_EVENT_NAMES: readonly OneEventName[] = ONE_EVENTS.map((e) => e.name);

/** "CartOpened", "cart_opened", "Cart opened" and "CART-OPENED" all compare equal. */
const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

const EVENT_BY_SPELLING = new Map<string, OneEventName>(
	ONE_EVENTS.flatMap((e) =>
		[e.name, e.displayName, e.webhookType, e.exchangeName, ...e.aliases].map((s) => [compact(s), e.name] as const),
	),
);

export function findOneEvent(text: unknown): OneEventName | undefined {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	return EVENT_BY_SPELLING.get(compact(text));
}

export function oneEventDefinition(name: OneEventName): OneEventDefinition {
	return ONE_EVENTS.find((e) => e.name === name)!;
}

/** "cart_opened (CartOpened, p-u-o-m-e-c-cartopened-klient), …" for error messages. */
export function describeOneEvents(): string {
	return ONE_EVENTS.map((e) => `${e.name} (${e.webhookType}, ${e.exchangeName})`).join(', ');
}

export interface EventClues {
	/** event names the body states, strongest first (see `eventCluesInBody` in schemas.ts) */
	fromBody: { value: string; explicit: boolean }[];
	/** the `event` query parameter of the URL ONe called, if any */
	fromQuery: string | undefined;
	/** the events selected in the node */
	selected: readonly OneEventName[];
}

/**
 * Which event a callback is. ONe's payload format is not published
 * (VENDOR-FACTS), so this order is inferred, from most to least reliable:
 *
 * 1. a type or exchange name stated in the body, if we recognise it: the
 *    vendor's own word about the callback;
 * 2. the URL's `?event=` parameter: ONe creates one webhook per event type, so
 *    a user can paste `<url>?event=cart_opened` into the CartOpened webhook,
 *    `<url>?event=client_logged` into the ClientLogged one, and so on;
 * 3. the only event selected in the node, when exactly one is.
 *
 * An unrecognised value in the body does not end the search (a field called
 * `event` or `type` may mean something else in ONe's payload, and the user
 * must be able to fix things with step 2), but it is named in the error when
 * nothing else tells.
 */
export function identifyOneEvent(clues: EventClues): OneEventName {
	for (const clue of clues.fromBody) {
		const found = findOneEvent(clue.value);
		if (found) return found;
	}
	if (clues.fromQuery !== undefined && clues.fromQuery.trim() !== '') {
		const found = findOneEvent(clues.fromQuery);
		if (found) return found;
		throw badRequest(
			`Unknown event "${clues.fromQuery}" in the URL's ?event= parameter. Use one of: ${ONE_EVENT_NAMES.join(', ')}`,
		);
	}
	if (clues.selected.length === 1) return clues.selected[0];
	const stated = clues.fromBody.find((c) => c.explicit);
	const start = stated
		? `Unknown ONe event "${stated.value}". This trigger handles ${describeOneEvents()}.`
		: 'Cannot tell which ONe event this is: the body names no event type.';
	throw badRequest(
		`${start} Fix: add ?event=cart_opened, ?event=client_logged or ?event=offer_opened to the end of the URL ` +
			'pasted into each ONe webhook (one ONe webhook per event), or select only one event in the ONe Trigger node.',
	);
}
