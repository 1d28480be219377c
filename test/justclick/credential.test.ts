/**
 * The JustClick API credential and its test (the node's justClickApiTest),
 * run in n8n-core's real CredentialTestContext against the fake JustClick.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunction } from 'n8n-workflow';
import { JustClick } from '../../nodes/JustClick/JustClick.node.js';
import { JustClickApi } from '../../credentials/JustClickApi.credentials';
import { requestHash } from '../../nodes/JustClick/signature';
import { startJustClickServer, type JustClickServer } from '../vendors/justclickServer';

const USER = 'myshop';
const KEY = 'f3a9c2e71b8d4056a1e2c3f4b5a69788d0e1f2a3';

let server: JustClickServer;

before(async () => {
	server = await startJustClickServer({ userId: USER, apiKey: KEY });
});

after(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	server.setMode('ok');
});

async function credentialTest(data: Record<string, string>) {
	const fn = new JustClick().methods.credentialTest.justClickApiTest as ICredentialTestFunction;
	return await fn.call(new CredentialTestContext(), {
		id: 'cred-1',
		name: 'JustClick (test)',
		type: 'justClickApi',
		data: { userId: USER, apiKey: KEY, domain: 'justclick.io', baseUrl: server.baseUrl, ...data },
	});
}

describe('JustClick API credential', () => {
	test('has the fields and names the node expects', () => {
		const credential = new JustClickApi();
		assert.equal(credential.name, 'justClickApi');
		assert.equal(credential.displayName, 'JustClick API');
		assert.match(credential.documentationUrl, /^https:\/\/help\.justclick\.io\//);
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		assert.deepEqual(Object.keys(byName), ['userId', 'apiKey', 'domain', 'baseUrl']);
		assert.equal(byName.apiKey.typeOptions?.password, true);
		assert.deepEqual(
			byName.domain.options?.map((o) => ('value' in o ? o.value : undefined)),
			['justclick.io', 'justclick.ru'],
		);
		assert.equal(byName.domain.default, 'justclick.io');
		assert.equal(byName.baseUrl.default, '');
		assert.equal(typeof credential.authenticate, 'function');
	});

	test('the node tests it with its credentialTest function', () => {
		assert.deepEqual(new JustClick().description.credentials, [
			{ name: 'justClickApi', required: true, testedBy: 'justClickApiTest' },
		]);
	});
});

describe('JustClick credential test (GetAllGroups)', () => {
	test('a right login and key: OK, with one signed GetAllGroups call', async () => {
		const result = await credentialTest({});
		assert.equal(result.status, 'OK', result.message);
		assert.equal(server.requests.length, 1);
		const [request] = server.requests;
		assert.equal(request.path, '/api/GetAllGroups');
		assert.equal(request.rawBody, `hash=${requestHash('', USER, KEY)}`);
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request.answer.errorCode, 0);
	});

	test('a wrong API key: "bad hash: check the API key"', async () => {
		const result = await credentialTest({ apiKey: 'Z'.repeat(40) });
		assert.equal(result.status, 'Error');
		assert.equal(result.message, 'Bad hash: check the API key');
	});

	test('an unknown login (error 5): "bad login"', async () => {
		server.setMode('badLogin');
		const result = await credentialTest({});
		assert.equal(result.status, 'Error');
		assert.match(result.message, /^Bad login: JustClick does not know the login "myshop"/);
	});

	test('an answer not signed with the key: "response not signed by JustClick"', async () => {
		server.setMode('forgedHash');
		const result = await credentialTest({});
		assert.equal(result.status, 'Error');
		assert.match(result.message, /^Response not signed by JustClick/);
		server.setMode('garbage');
		assert.match((await credentialTest({})).message, /^Response not signed by JustClick/);
	});

	test('a rate limit is reported, not retried', async () => {
		server.setMode({ kind: 'code8', times: 5 });
		const result = await credentialTest({});
		assert.equal(result.status, 'Error');
		assert.match(result.message, /^JustClick error 8 \(request limit from this IP\)/);
		assert.equal(server.requests.length, 1);
	});

	test('missing values are reported without a request', async () => {
		assert.equal((await credentialTest({ userId: '' })).message, 'The JustClick credential has no login');
		assert.equal((await credentialTest({ apiKey: '  ' })).message, 'The JustClick credential has no API key');
		assert.match((await credentialTest({ userId: 'my shop', baseUrl: '' })).message, /cannot be a subdomain/);
		assert.equal(server.requests.length, 0);
	});

	test('an unreachable server is reported', async () => {
		const result = await credentialTest({ baseUrl: 'http://127.0.0.1:1' });
		assert.equal(result.status, 'Error');
		assert.equal(result.message, 'Could not reach JustClick at http://127.0.0.1:1');
	});
});
