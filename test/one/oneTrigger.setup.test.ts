import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import { OneWebhookApi } from '../../credentials/OneWebhookApi.credentials';
import { findOneEvent, ONE_EVENTS } from '../../nodes/One/events';
import { clientTypeOf } from '../../nodes/One/schemas';
import { PASSWORD, runHookMethod, USER } from './helpers';

async function credentialTest(data: Record<string, unknown>) {
	const fn = new OneTrigger().methods.credentialTest.oneWebhookApiTest;
	return await fn.call({} as ICredentialTestFunctions, { id: '1', name: 'ONe', type: 'oneWebhookApi', data: data as never });
}

describe('ONe Webhook credential', () => {
	test('names and fields match what ONe\'s form asks for', () => {
		const credential = new OneWebhookApi();
		assert.equal(credential.name, 'oneWebhookApi');
		assert.equal(credential.displayName, 'ONe Webhook (HTTP Basic)');
		const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		assert.equal(fields.user.type, 'string');
		assert.equal(fields.password.typeOptions?.password, true);
	});

	test('the node tests it (nothing to call: it protects incoming calls)', () => {
		const description = new OneTrigger().description;
		assert.deepEqual(description.credentials, [
			{ name: 'oneWebhookApi', required: true, testedBy: 'oneWebhookApiTest' },
			{ name: 'oneApi', required: true, displayOptions: { show: { registration: ['automatic'] } } },
		]);
	});

	test('usable values pass', async () => {
		assert.equal((await credentialTest({ user: USER, password: PASSWORD })).status, 'OK');
	});

	test('unusable values are explained', async () => {
		for (const [data, pattern] of [
			[{ user: '', password: PASSWORD }, /username is empty/],
			[{ user: 'a:b', password: PASSWORD }, /colon/],
			[{ user: USER, password: '' }, /password is empty/],
			[{ user: 'admin', password: 'admin' }, /shorter than 8.*admin/],
			[{ user: USER, password: 'zażółć-gęślą' }, /letters, digits/],
			[{}, /username is empty/],
		] as const) {
			const result = await credentialTest(data);
			assert.equal(result.status, 'Error', JSON.stringify(data));
			assert.match(result.message, pattern);
		}
	});
});

describe('ONe Trigger: activation (webhookMethods, in n8n-core\'s HookContext)', () => {
	test('checkExists is false and delete is true: the webhook lives in ONe\'s back office', async () => {
		assert.equal(await runHookMethod('checkExists', {}), false);
		assert.equal(await runHookMethod('delete', {}), true);
	});

	test('create accepts a usable configuration', async () => {
		assert.equal(await runHookMethod('create', {}), true);
	});

	test('create refuses a weak credential with a clear message', async () => {
		await assert.rejects(runHookMethod('create', { credentials: { user: 'admin', password: 'admin' } }), /ONe webhook credential: .*shorter than 8/);
	});

	test('create refuses no events', async () => {
		await assert.rejects(runHookMethod('create', { events: [] }), /Select at least one ONe event/);
	});
});

describe('ONe Trigger: description', () => {
	const description = new OneTrigger().description;

	test('names, webhooks (POST, and GET for sample data) and default events', () => {
		assert.equal(description.name, 'oneTrigger');
		assert.equal(description.displayName, 'ONe Trigger');
		assert.deepEqual(
			description.webhooks?.map((w) => [w.name, w.httpMethod, w.responseMode, w.path]),
			[
				['default', 'POST', 'onReceived', 'webhook'],
				['default', 'GET', 'onReceived', 'webhook'],
			],
		);
		const events = description.properties.find((p) => p.name === 'events');
		assert.deepEqual(events?.default, ['cart_opened', 'client_logged', 'offer_opened']);
		const options = description.properties.find((p) => p.name === 'options');
		assert.deepEqual(
			(options?.options as { name: string; default: unknown }[]).map((o) => [o.name, o.default]),
			[
				['ignoreDuplicates', false],
				['ignoreTestRequests', false],
			],
		);
	});

	test('ONe\'s names for each event', () => {
		assert.deepEqual(
			ONE_EVENTS.map((e) => [e.name, e.webhookType, e.exchangeName]),
			[
				['cart_opened', 'CartOpened', 'p-u-o-m-e-c-cartopened-klient'],
				['client_logged', 'ClientLogged', 'p-u-o-m-e-c-clientlogged-klient'],
				['offer_opened', 'OfferOpened', 'p-u-o-m-e-o-offeropened-klient'],
			],
		);
		assert.equal(findOneEvent('OfferOpened BO'), 'offer_opened');
		assert.equal(findOneEvent('Cart opened'), 'cart_opened');
		assert.equal(findOneEvent('p-u-o-m-e-c-clientlogged-klient'), 'client_logged');
		assert.equal(findOneEvent('cart'), undefined);
		assert.equal(findOneEvent(''), undefined);
		assert.equal(findOneEvent(42), undefined);
	});

	test('client type from ONe\'s id prefixes', () => {
		assert.equal(clientTypeOf('ind:1024'), 'individual');
		assert.equal(clientTypeOf('ORG:77'), 'organization');
		assert.equal(clientTypeOf('1024'), 'unknown');
		assert.equal(clientTypeOf(undefined), 'unknown');
	});
});
