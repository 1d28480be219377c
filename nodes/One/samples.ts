/**
 * Example ONe webhook bodies, one per event, used by the trigger's sample-data
 * GET, by the tests and by the vendor simulator. ONe does not publish its
 * payload, so the wrapper (`webhookType`, `eventId`, `occurredAt`, `data`) and
 * the fields beyond the customer/cart/offer ids are our inference; the ids
 * follow ONe's documented forms (`ind:` / `org:` client ids, UUID cart ids).
 */
import type { OneEventName } from './events';

export const ONE_SAMPLES: Record<OneEventName, Record<string, unknown>> = {
	cart_opened: {
		webhookType: { name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
		eventId: '6f1c2d9e-8b4a-4f0e-9a57-2c3d4e5f6a7b',
		occurredAt: '2025-03-14T09:21:07.412Z',
		data: {
			customerId: 'org:77',
			cartId: '3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f',
			customerName: 'Hurtownia Elektryczna VOLT Sp. z o.o.',
			taxId: 'PL5272845123',
			userEmail: 'zakupy@volt.example.com',
			channel: 'OFE',
			currency: 'PLN',
		},
	},
	client_logged: {
		webhookType: { name: 'ClientLogged', exchangeName: 'p-u-o-m-e-c-clientlogged-klient' },
		eventId: 'a2d4e6f8-1357-4b9d-8ace-0f2468ace135',
		occurredAt: '2025-03-14T08:02:45.118Z',
		data: {
			customerId: 'ind:1024',
			customerName: 'Anna Nowak',
			userEmail: 'anna.nowak@example.com',
			channel: 'OFE',
			language: 'pl',
		},
	},
	offer_opened: {
		webhookType: { name: 'OfferOpened', exchangeName: 'p-u-o-m-e-o-offeropened-klient' },
		eventId: 'c7e9b1d3-2468-4f0a-b1c3-d5e7f9a1b3c5',
		occurredAt: '2025-03-14T10:47:19.903Z',
		data: {
			customerId: 'org:77',
			offerId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
			offerNumber: 'OF/2025/03/0142',
			customerName: 'Hurtownia Elektryczna VOLT Sp. z o.o.',
			salesRepresentative: 'Marek Kowalski',
			channel: 'BO',
		},
	},
};

/** The same events as a flat body with snake_case names, the other shape we accept. */
export const ONE_FLAT_SNAKE_CASE_SAMPLES: Record<OneEventName, Record<string, unknown>> = {
	cart_opened: {
		event_type: 'CartOpened',
		customer_id: 'org:77',
		cart_id: '3b9f6c2e-1d4a-4c8b-9e7f-0a1b2c3d4e5f',
		customer_name: 'Hurtownia Elektryczna VOLT Sp. z o.o.',
	},
	client_logged: {
		event_type: 'ClientLogged',
		client_id: 'ind:1024',
		customer_name: 'Anna Nowak',
	},
	offer_opened: {
		event_type: 'OfferOpened',
		customer_id: 'org:77',
		offer_id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
	},
};

/**
 * What we expect "Submit test webhook" to send (inferred): ONe's API example
 * request, with the placeholder values API example generators produce.
 */
export const ONE_TEST_WEBHOOK_SAMPLE: Record<string, unknown> = {
	webhookType: { name: 'CartOpened', exchangeName: 'p-u-o-m-e-c-cartopened-klient' },
	data: {
		customerId: 'string',
		cartId: '00000000-0000-0000-0000-000000000000',
	},
};

export const oneSampleBody = (event: OneEventName): string => JSON.stringify(ONE_SAMPLES[event]);
