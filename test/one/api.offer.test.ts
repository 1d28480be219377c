/**
 * Offer → Get against the local fake ONe: the offer as ONe sends it, plus
 * `relations` built from the lines' `parentLineId` (a cable and the drum it is
 * wound on), the bearer token, the offer id as `?offerId=`, and unknown offers.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { offerLineRelations, withRelations } from '../../nodes/One/offerRelations';
import {
	BOX_LINE_ID,
	CABLE_LINE_ID,
	CABLE_PRODUCT_ID,
	DRUM_LINE_ID,
	DRUM_PRODUCT_ID,
	OFFER_ID,
	startOneServer,
	type OneServer,
} from '../vendors/oneServer';
import { failure, outputJson, pairedItems, runOne, TOKEN } from './apiHelpers';

let server: OneServer;

before(async () => {
	server = await startOneServer({ token: TOKEN });
});
after(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const GET_OFFER = { resource: 'offer', operation: 'get', offerId: OFFER_ID };

describe('Offer → Get', () => {
	test('GET …/offer?offerId=… with the bearer token; the offer as ONe sent it, plus relations', async () => {
		const result = await runOne(server, GET_OFFER);
		const [request] = server.requests;
		assert.deepEqual(
			[request.method, request.path, request.query, request.headers.authorization, request.headers.accept],
			['GET', '/api/v1/orderpath/integrations/auth-required/offer', { offerId: OFFER_ID }, `Bearer ${TOKEN}`, 'application/json'],
		);
		const [offer] = outputJson(result);
		const { relations, ...rest } = offer;
		assert.deepEqual(rest, server.offers.get(OFFER_ID));
		assert.deepEqual(relations, [
			{
				lineId: DRUM_LINE_ID,
				parentLineId: CABLE_LINE_ID,
				productId: DRUM_PRODUCT_ID,
				productName: 'Bęben drewniany 800 mm',
				parentProductId: CABLE_PRODUCT_ID,
				parentProductName: 'Przewód YDY 3x2,5 450/750V',
				parentFound: true,
			},
		]);
		assert.deepEqual(pairedItems(result), [{ item: 0 }]);
	});

	test('one output item per input item, the offer ID mapped from each', async () => {
		const result = await runOne(server, { ...GET_OFFER, offerId: '={{ $json.offerId }}' }, {
			input: [{ json: { offerId: OFFER_ID } }, { json: { offerId: ` ${OFFER_ID} ` } }],
		});
		assert.equal(outputJson(result).length, 2);
		assert.deepEqual(pairedItems(result), [{ item: 0 }, { item: 1 }]);
		assert.deepEqual(server.requests.map((r) => r.query.offerId), [OFFER_ID, OFFER_ID]);
	});

	test('an unknown offer: "ONe 404: Offer … not found", with advice; not retried', async () => {
		const result = await runOne(server, { ...GET_OFFER, offerId: '00000000-1111-2222-3333-444444444444' });
		const error = failure(result);
		assert.equal(error.name, 'NodeApiError');
		assert.equal(error.message, 'ONe 404: Offer 00000000-1111-2222-3333-444444444444 not found');
		assert.equal(error.httpCode, '404');
		assert.match(String(error.description), /check the ID/);
		assert.equal(error.context.itemIndex, 0);
		assert.equal(server.requests.length, 1);
	});

	test('a missing or spaced offer ID is refused before anything is sent', async () => {
		for (const [offerId, pattern] of [
			// n8n itself refuses an empty literal; an expression can still give nothing.
			['={{ "" }}', /Offer ID is required/],
			['9d8c7b6a 5f4e', /Offer ID must not contain spaces/],
		] as const) {
			const error = failure(await runOne(server, { ...GET_OFFER, offerId }));
			assert.equal(error.name, 'NodeOperationError');
			assert.match(error.message, pattern);
			assert.match(String(error.description), /Nothing was sent to ONe/);
		}
		assert.equal(server.requests.length, 0);
	});
});

describe('offer line relations (parentLineId)', () => {
	test('lines anywhere in the offer, ids as text or numbers, a parent that is not in the offer', () => {
		const offer = {
			id: 'o-1',
			groups: [
				{ name: 'Kable', positions: [{ lineId: 10, product: { id: 'p-cable', name: 'Kabel' } }] },
				{ name: 'Bębny', positions: [{ lineId: 11, parentLineId: '10', product: { id: 'p-drum', name: 'Bęben' } }] },
			],
			extras: [{ id: 'x-1', parentLineId: 'gone', productId: 'p-x' }],
			product: { id: '10' },
		};
		assert.deepEqual(offerLineRelations(offer), [
			{ lineId: '11', parentLineId: '10', productId: 'p-drum', productName: 'Bęben', parentProductId: 'p-cable', parentProductName: 'Kabel', parentFound: true },
			{ lineId: 'x-1', parentLineId: 'gone', productId: 'p-x', parentFound: false },
		]);
	});

	test('no parent lines: an empty list; a null or empty parentLineId is no parent', () => {
		assert.deepEqual(offerLineRelations({ lines: [{ id: 'a', parentLineId: null }, { id: 'b', parentLineId: '' }] }), []);
		assert.deepEqual(offerLineRelations({}), []);
		assert.deepEqual(withRelations({ id: 'o' }), { id: 'o', relations: [] });
	});

	test("ONe's own field named relations is kept; ours is then lineRelations", () => {
		const offer = { relations: ['ONe data'], lines: [{ id: BOX_LINE_ID }, { id: 'c', parentLineId: BOX_LINE_ID }] };
		const out = withRelations(offer);
		assert.deepEqual(out.relations, ['ONe data']);
		assert.deepEqual(out.lineRelations, [{ lineId: 'c', parentLineId: BOX_LINE_ID, parentFound: true }]);
	});
});
