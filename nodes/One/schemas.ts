/**
 * The shape of ONe's webhook bodies. ONe documents what a callback carries (the
 * customer id; the cart id for CartOpened) but not the JSON field names nor the
 * envelope (VENDOR-FACTS). Everything below that goes beyond "a customer id and
 * maybe a cart id" is inferred, and deliberately lenient: camelCase and
 * snake_case ids, a flat body or one wrapped in `data`/`payload`, unknown
 * fields kept.
 */
import { z } from 'zod';
import { badRequest, parsePayload } from '../shared/callback';
import type { OneEventName } from './events';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A body split into its event payload and, when wrapped, the wrapper around it. */
export interface OneBody {
	/** the event's own fields: `data` / `payload` of an envelope, or the whole flat body */
	payload: JsonObject;
	/** the wrapper's other fields (event type, ids, timestamps), when the body was wrapped */
	envelope: JsonObject | undefined;
}

const PAYLOAD_KEYS = ['data', 'payload'] as const;

/**
 * Inferred envelopes: `{eventType, data: {...}}` or `{type, payload: {...}}`,
 * also with `data` sent as a JSON string (message brokers often forward the
 * message body that way); anything else is taken as a flat payload.
 */
export function splitOneBody(body: unknown): OneBody {
	if (!isObject(body)) {
		const got = Array.isArray(body) ? 'a list' : body === null ? 'null' : `a ${typeof body}`;
		throw badRequest(`Invalid callback: expected one JSON object, got ${got}`);
	}
	const top = body;
	for (const key of PAYLOAD_KEYS) {
		const inner = asObject(top[key]);
		if (inner) {
			const envelope = { ...top };
			delete envelope[key];
			return { payload: inner, envelope };
		}
	}
	return { payload: top, envelope: undefined };
}

function asObject(value: unknown): JsonObject | undefined {
	if (isObject(value)) return value;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(value);
			return isObject(parsed) ? parsed : undefined;
		} catch {
			return undefined; // an ordinary text field that happens to start with "{"
		}
	}
	return undefined;
}

/** Where the wrapper, then the payload, may state the event (inferred field names). */
const EXPLICIT_EVENT_FIELDS = [
	'eventType',
	'event_type',
	'event',
	'eventName',
	'event_name',
	'webhookType',
	'webhook_type',
	'exchangeName',
	'exchange_name',
	'exchange',
];
/** `type` may be the event, or something else entirely (a client type, a document type). */
const LOOSE_EVENT_FIELDS = ['type'];
/** The management API's `webhookType: {name, exchangeName}` may come as an object. */
const NESTED_EVENT_FIELDS = ['name', 'exchangeName', 'exchange_name'];

export function eventCluesInBody(body: OneBody): { value: string; explicit: boolean }[] {
	const clues: { value: string; explicit: boolean }[] = [];
	for (const source of [body.envelope, body.payload]) {
		if (!source) continue;
		for (const [fields, explicit] of [
			[EXPLICIT_EVENT_FIELDS, true],
			[LOOSE_EVENT_FIELDS, false],
		] as const) {
			for (const field of fields) {
				const value = source[field];
				if (typeof value === 'string') clues.push({ value, explicit });
				if (isObject(value)) {
					for (const nested of NESTED_EVENT_FIELDS) {
						if (typeof value[nested] === 'string') clues.push({ value: value[nested], explicit });
					}
				}
			}
		}
	}
	return clues;
}

/** The spellings accepted for each id, preferred first (the first is the output name). */
export const ID_SPELLINGS = {
	customerId: ['customerId', 'customer_id', 'clientId', 'client_id'],
	cartId: ['cartId', 'cart_id'],
	offerId: ['offerId', 'offer_id'],
} as const;

type IdName = keyof typeof ID_SPELLINGS;

/** Ids may come as text or numbers; numbers become text so one id has one form. */
function normaliseId(value: unknown): unknown {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string') return value.trim();
	return value;
}

/** The id under any accepted spelling, in the payload first, then in the wrapper. */
export function findId(body: OneBody, name: IdName): unknown {
	for (const source of [body.payload, body.envelope]) {
		if (!source) continue;
		for (const spelling of ID_SPELLINGS[name]) {
			const value = source[spelling];
			if (value !== undefined && value !== null) return normaliseId(value);
		}
	}
	return undefined;
}

export type OneClientType = 'individual' | 'organization' | 'unknown';

/** ONe's client ids say what the client is: `ind:1024` a person, `org:77` a company. */
export function clientTypeOf(customerId: unknown): OneClientType {
	if (typeof customerId !== 'string') return 'unknown';
	const prefix = customerId.slice(0, 4).toLowerCase();
	if (prefix === 'ind:') return 'individual';
	if (prefix === 'org:') return 'organization';
	return 'unknown';
}

/**
 * The payload with its ids under one name each (`customerId`, `cartId`,
 * `offerId`) and the client type, every original field kept as sent.
 */
export function normaliseOnePayload(body: OneBody): JsonObject {
	const out: JsonObject = { ...body.payload };
	for (const name of Object.keys(ID_SPELLINGS) as IdName[]) {
		const value = findId(body, name);
		if (value !== undefined) out[name] = value;
	}
	out.clientType = clientTypeOf(out.customerId);
	return out;
}

function idField(name: IdName, what: string) {
	const [first, ...others] = ID_SPELLINGS[name];
	const spellings = `${first} (or ${others.join(', ')})`;
	return z
		.string({
			required_error: `missing: send the ${what} as ${spellings}`,
			invalid_type_error: `the ${what} must be a text or a number (${spellings})`,
		})
		.min(1, `the ${what} is empty (${spellings})`);
}

const customerId = idField('customerId', 'customer id');
const cartId = idField('cartId', 'cart id');
const offerId = idField('offerId', 'offer id');
const clientType = z.enum(['individual', 'organization', 'unknown']);

export const clientLoggedSchema = z
	.object({ customerId, clientType, cartId: cartId.optional(), offerId: offerId.optional() })
	.passthrough();

export const cartOpenedSchema = clientLoggedSchema.extend({ cartId });

/** ONe documents only the customer id for OfferOpened: the offer id is optional, but must be a valid id when sent. */
export const offerOpenedSchema = clientLoggedSchema;

export type OneClientLoggedData = z.infer<typeof clientLoggedSchema>;
export type OneCartOpenedData = z.infer<typeof cartOpenedSchema>;
export type OneOfferOpenedData = z.infer<typeof offerOpenedSchema>;
export type OneEventData = OneClientLoggedData | OneCartOpenedData | OneOfferOpenedData;

export const ONE_SCHEMAS: Record<OneEventName, z.ZodType<OneEventData, z.ZodTypeDef, unknown>> = {
	cart_opened: cartOpenedSchema,
	client_logged: clientLoggedSchema,
	offer_opened: offerOpenedSchema,
};

/** Validates a normalised payload for its event; a failure is a 400 naming the field. */
export function parseOneEventData(event: OneEventName, normalised: JsonObject): OneEventData {
	return parsePayload(ONE_SCHEMAS[event], normalised);
}

/** An id the sender gave the delivery itself, when the body carries one (inferred names). */
const DELIVERY_ID_FIELDS = ['eventId', 'event_id', 'messageId', 'message_id'];

export function deliveryIdOf(body: OneBody): string | undefined {
	for (const source of [body.envelope, body.payload]) {
		if (!source) continue;
		for (const field of DELIVERY_ID_FIELDS) {
			const value = normaliseId(source[field]);
			if (typeof value === 'string' && value !== '') return value;
		}
	}
	// A wrapper's own `id` is the delivery's; a flat payload's `id` may be the cart's or
	// the customer's, which repeat across genuine events, so it is never used for that.
	const wrapperId = normaliseId(body.envelope?.id);
	return typeof wrapperId === 'string' && wrapperId !== '' ? wrapperId : undefined;
}
