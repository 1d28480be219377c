/**
 * The Hiboutik API credential: Basic auth from the email and API key, the test
 * request (GET /webhooks) at the right address for both the account name and
 * a Base URL (its expression evaluated by n8n's own expression engine), and
 * the node's reading of the same rule.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Workflow, type IDataObject, type INode, type IWorkflowDataProxyAdditionalKeys } from 'n8n-workflow';
import { HiboutikApi } from '../../credentials/HiboutikApi.credentials';
import { apiRoot } from '../../nodes/Hiboutik/api';
import { Hiboutik } from '../../nodes/Hiboutik/Hiboutik.node.js';
import { startHiboutikServer, type HiboutikServer } from '../vendors/hiboutikServer';
import { LOGIN } from './apiHelpers';

let server: HiboutikServer;

before(async () => {
	server = await startHiboutikServer(LOGIN);
});
after(async () => {
	await server.close();
});

/** Evaluates a credential expression the way n8n does for a test request: with `$credentials` set. */
function evaluate(expression: string, credentials: IDataObject): unknown {
	const node: INode = {
		id: 'n',
		name: 'Hiboutik',
		type: 'n8n-nodes-commerce-hooks.hiboutik',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeType = new Hiboutik();
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
	});
	return workflow.expression.getParameterValue(expression, null, 0, 0, node.name, [], 'internal', {
		$credentials: credentials,
	} as unknown as IWorkflowDataProxyAdditionalKeys);
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Hiboutik API credential', () => {
	const credential = new HiboutikApi();

	test('names and fields', () => {
		assert.equal(credential.name, 'hiboutikApi');
		assert.equal(credential.displayName, 'Hiboutik API');
		assert.deepEqual(
			credential.properties.map((p) => [p.name, p.required === true, p.typeOptions?.password === true]),
			[
				['account', true, false],
				['email', true, false],
				['apiKey', true, true],
				['baseUrl', false, false],
			],
		);
	});

	test('Basic auth: the login email and the API key', async () => {
		const signed = await credential.authenticate({ email: 'ana@shop.fr', apiKey: 'k3y' }, { url: 'x', headers: { Accept: 'application/json' } });
		assert.deepEqual(signed.auth, { username: 'ana@shop.fr', password: 'k3y' });
		assert.deepEqual(signed.headers, { Accept: 'application/json' });
	});

	test('the test request: GET /webhooks on https://{account}.hiboutik.com/api, or on the Base URL when set', () => {
		const { request } = credential.test;
		assert.equal(request.method, 'GET');
		assert.equal(request.url, '/webhooks');
		assert.equal(request.baseURL, "={{$credentials.baseUrl || 'https://' + $credentials.account + '.hiboutik.com/api'}}");
		assert.equal(evaluate(request.baseURL!, { account: 'boutique-hibou', baseUrl: '' }), 'https://boutique-hibou.hiboutik.com/api');
		assert.equal(evaluate(request.baseURL!, { account: 'boutique-hibou', baseUrl: server.baseUrl }), server.baseUrl);
	});

	test('the node reads the same rule', () => {
		assert.deepEqual(apiRoot({ account: 'boutique-hibou', baseUrl: '' }), { url: 'https://boutique-hibou.hiboutik.com/api' });
		assert.deepEqual(apiRoot({ account: ' Boutique-Hibou ' }), { url: 'https://boutique-hibou.hiboutik.com/api' });
		assert.deepEqual(apiRoot({ account: 'boutique-hibou', baseUrl: `${server.baseUrl}/` }), { url: server.baseUrl });
		assert.ok('problem' in apiRoot({ account: 'boutique-hibou.hiboutik.com' }));
		assert.ok('problem' in apiRoot({ account: 'my shop' }));
	});

	test('the test request answers 200 with the right login, 401 with a wrong key or email', async () => {
		const { request } = credential.test;
		const url = `${String(evaluate(request.baseURL!, { account: 'x', baseUrl: server.baseUrl }))}${request.url}`;
		const headers = request.headers as Record<string, string>;
		const good = await fetch(url, { method: request.method, headers: { ...headers, authorization: basic(LOGIN.email, LOGIN.apiKey) } });
		const wrongKey = await fetch(url, { headers: { ...headers, authorization: basic(LOGIN.email, 'nope') } });
		const wrongEmail = await fetch(url, { headers: { ...headers, authorization: basic('nobody@example.fr', LOGIN.apiKey) } });
		assert.equal(good.status, 200);
		assert.deepEqual(await good.json(), []);
		assert.equal(wrongKey.status, 401);
		assert.equal(wrongEmail.status, 401);
		assert.deepEqual(Object.keys((await wrongKey.json()) as object), ['error', 'code', 'error_description', 'details']);
	});
});
