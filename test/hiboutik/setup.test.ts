import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeProperties } from 'n8n-workflow';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { HiboutikCallbackApi } from '../../credentials/HiboutikCallbackApi.credentials';
import { HIBOUTIK_EVENTS } from '../../nodes/Hiboutik/events';
import { runHookMethod } from './helpers';

async function testSecret(secret: unknown) {
	const check = new HiboutikTrigger().methods.credentialTest.hiboutikCallbackSecretTest;
	const credential = { id: 'c1', name: 'Hiboutik', type: 'hiboutikCallbackApi', data: { secret } } as ICredentialsDecrypted;
	return await check.call({} as ICredentialTestFunctions, credential);
}

describe('Hiboutik Callback Secret credential', () => {
	test('is the callback secret only, tested by the trigger', () => {
		const credential = new HiboutikCallbackApi();
		assert.equal(credential.name, 'hiboutikCallbackApi');
		assert.equal(credential.displayName, 'Hiboutik Callback Secret');
		assert.deepEqual(
			credential.properties.filter((p) => p.type !== 'notice').map((p) => p.name),
			['secret'],
		);
		assert.equal(credential.properties.find((p) => p.name === 'secret')?.typeOptions?.password, true);
		const declared = new HiboutikTrigger().description.credentials?.[0];
		assert.deepEqual(declared, { name: 'hiboutikCallbackApi', required: true, testedBy: 'hiboutikCallbackSecretTest' });
	});

	test('the test accepts a long random string and the HMAC Hiboutik plugins use', async () => {
		assert.equal((await testSecret('k7Qm2xVb9LpR4tWz')).status, 'OK');
		const pluginKey = createHmac('sha256', 'cle-api-de-test').update('maboutique').digest('hex');
		assert.equal((await testSecret(pluginKey)).status, 'OK');
		assert.equal((await testSecret('a-b_c.d~e-f_g.h~')).status, 'OK');
	});

	test('the test refuses empty, short and URL-unsafe secrets with a clear message', async () => {
		assert.match((await testSecret('')).message, /empty/);
		assert.match((await testSecret(undefined)).message, /empty/);
		const short = await testSecret('abc123');
		assert.equal(short.status, 'Error');
		assert.match(short.message, /6 characters; use at least 16/);
		for (const unsafe of ['secret&event=sale_validated', 'mot de passe très long', 'abcdefghijklmnop+', 'abcdefghijklmnop#x']) {
			const result = await testSecret(unsafe);
			assert.equal(result.status, 'Error', unsafe);
			assert.match(result.message, /URL/);
		}
	});
});

describe('Hiboutik Trigger activation', () => {
	test('checkExists is false and create/delete succeed with a usable secret (URLs are pasted in Hiboutik)', async () => {
		assert.equal(await runHookMethod('checkExists', {}), false);
		assert.equal(await runHookMethod('create', {}), true);
		assert.equal(await runHookMethod('delete', {}), true);
	});

	test('create refuses an unusable secret, naming the credential', async () => {
		await assert.rejects(runHookMethod('create', { secret: '' }), /Hiboutik callback secret: The secret is empty/);
		await assert.rejects(runHookMethod('create', { secret: 'short' }), /at least 16/);
		await assert.rejects(runHookMethod('create', { secret: 'has spaces in it, long enough' }), /URL/);
	});

	test('create refuses a node with no event selected', async () => {
		await assert.rejects(runHookMethod('create', { events: [] }), /Select at least one Hiboutik event/);
	});
});

describe('Hiboutik Trigger description', () => {
	const description = new HiboutikTrigger().description;
	const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

	test('is named as the pack expects and listens for POST callbacks and GET samples', () => {
		assert.equal(description.name, 'hiboutikTrigger');
		assert.equal(description.displayName, 'Hiboutik Trigger');
		assert.deepEqual(
			description.webhooks?.map((w) => [w.name, w.httpMethod, w.responseMode, w.path]),
			[
				['default', 'POST', 'onReceived', 'webhook'],
				['default', 'GET', 'onReceived', 'webhook'],
			],
		);
	});

	test('after the registration choice, a notice (Manual mode) gives one URL shape per Hiboutik settings field', () => {
		assert.deepEqual(
			description.properties.slice(0, 2).map((p) => p.name),
			['registration', 'setupNotice'],
		);
		const notice = property('setupNotice');
		assert.equal(notice.type, 'notice');
		assert.deepEqual(notice.displayOptions, { show: { registration: ['manual'] } });
		const text = notice.displayName;
		assert.match(text, /Settings → General settings/);
		assert.match(text, /<li>Sales URL callback: Production URL \+ \?k=YOUR_SECRET&amp;event=sale_validated<\/li>/);
		// n8n 2.x notices keep only links and lists; anything else would show as a wall of text.
		assert.doesNotMatch(text, /<(?!\/?(ul|li|a)\b)[a-z]/i);
		for (const event of HIBOUTIK_EVENTS) assert.ok(text.includes(event), `${event} is named in the notice`);
		assert.match(text, /leave out/);
	});

	test('all events are selected by default, and each option names its Hiboutik field', () => {
		const events = property('events');
		assert.deepEqual(events.default, [...HIBOUTIK_EVENTS]);
		const options = events.options as Array<{ value: string; description: string }>;
		assert.deepEqual(
			options.map((o) => o.value),
			[...HIBOUTIK_EVENTS],
		);
		assert.match(options[0].description, /Sales URL callback/);
	});

	test('the options are Ignore Duplicates, Alert for the Cashier and (Automatic mode) Add Full Sale', () => {
		const names = (property('options').options as INodeProperties[]).map((o) => o.name).sort();
		assert.deepEqual(names, ['alertMessage', 'enrichSale', 'ignoreDuplicates']);
	});
});
