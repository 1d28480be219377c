import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialTestContext, HookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialTestFunction,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { PACKAGE, TestCredentialsHelper } from '../helpers/n8n';
import { IkitechTrigger } from '../../nodes/Ikitech/IkitechTrigger.node.js';
import { IkitechApi } from '../../credentials/IkitechApi.credentials';
import { IKITECH_EVENTS } from '../../nodes/Ikitech/events';

const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';

/** n8n-core's real HookContext, as n8n builds it when a workflow is activated. */
function activation(parameters: INodeParameters, token: string) {
	const nodeType = new IkitechTrigger();
	const node: INode = {
		id: 'ikitech-1',
		name: 'IKITECH Trigger',
		type: `${PACKAGE}.ikitechTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { ikitechApi: { id: 'cred-1', name: 'IKITECH (test)' } },
	};
	const types = { getByName: (): INodeType => nodeType, getByNameAndVersion: (): INodeType => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'wf-1', nodes: [node], connections: {}, active: false, nodeTypes: types, staticData: {} });
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ ikitechApi: { token } }, [new IkitechApi()]),
	} as unknown as IWorkflowExecuteAdditionalData;
	const ctx = new HookContext(workflow, node, additionalData, 'trigger', 'activate');
	return { ctx, methods: nodeType.webhookMethods!.default };
}

async function credentialTest(token: unknown) {
	const fn = new IkitechTrigger().methods.credentialTest.ikitechTokenCheck as ICredentialTestFunction;
	return await fn.call(new CredentialTestContext(), {
		id: 'cred-1',
		name: 'IKITECH (test)',
		type: 'ikitechApi',
		data: token === undefined ? {} : { token: token as string },
	});
}

describe('IKITECH API credential', () => {
	test('is named and described as the brief and n8n expect', () => {
		const credential = new IkitechApi();
		assert.equal(credential.name, 'ikitechApi');
		assert.equal(credential.displayName, 'IKITECH API');
		assert.match(credential.documentationUrl, /^https:\/\//);
		const token = credential.properties.find((p) => p.name === 'token');
		assert.equal(token?.type, 'string');
		assert.equal(token?.typeOptions?.password, true);
		assert.equal(token?.required, true);
		assert.match(String(token?.description), /Token header/);
		assert.match(String(token?.description), /regenerate/);
	});

	test('the trigger tests it with its own credentialTest function', () => {
		const description = new IkitechTrigger().description;
		assert.deepEqual(description.credentials, [{ name: 'ikitechApi', required: true, testedBy: 'ikitechTokenCheck' }]);
	});

	test('a token is usable when present and free of whitespace', async () => {
		assert.equal((await credentialTest(TOKEN)).status, 'OK');
		for (const bad of [undefined, '', ' ', `${TOKEN} `, ` ${TOKEN}`, `${TOKEN}\n`, 'ab cd']) {
			const result = await credentialTest(bad);
			assert.equal(result.status, 'Error', JSON.stringify(bad));
			assert.match(result.message, /IKITECH store settings/);
		}
	});
});

describe('IKITECH Trigger activation (webhookMethods)', () => {
	const all = { events: [...IKITECH_EVENTS], options: {} };

	test('nothing to register at IKITECH: checkExists is false, delete is true', async () => {
		const { ctx, methods } = activation(all, TOKEN);
		assert.equal(await methods.checkExists.call(ctx), false);
		assert.equal(await methods.delete.call(ctx), true);
	});

	test('create accepts a usable configuration', async () => {
		const { ctx, methods } = activation(all, TOKEN);
		assert.equal(await methods.create.call(ctx), true);
	});

	test('create refuses an empty or mis-pasted token with a clear message', async () => {
		for (const token of ['', `${TOKEN} `]) {
			const { ctx, methods } = activation(all, token);
			await assert.rejects(methods.create.call(ctx), (error: Error) => {
				assert.equal(error.name, 'NodeOperationError');
				assert.match(error.message, /IKITECH credential: The token/);
				return true;
			});
		}
	});

	test('create refuses a trigger with no event selected', async () => {
		const { ctx, methods } = activation({ events: [], options: {} }, TOKEN);
		await assert.rejects(methods.create.call(ctx), /Select at least one IKITECH event/);
	});
});

describe('IKITECH Trigger description', () => {
	const description = new IkitechTrigger().description;

	test('listens on one path for POST callbacks and GET samples', () => {
		assert.deepEqual(
			description.webhooks?.map((w) => [w.name, w.httpMethod, w.responseMode, w.path]),
			[
				['default', 'POST', 'onReceived', 'webhook'],
				['default', 'GET', 'onReceived', 'webhook'],
			],
		);
	});

	test('selects all nine events by default and offers Ignore Duplicates, off', () => {
		const events = description.properties.find((p) => p.name === 'events');
		assert.deepEqual(events?.default, [...IKITECH_EVENTS]);
		assert.equal(events?.required, true);
		const options = description.properties.find((p) => p.name === 'options');
		const ignore = (options?.options as Array<{ name: string; default: unknown }>).find((o) => o.name === 'ignoreDuplicates');
		assert.equal(ignore?.default, false);
	});

	test('is named as the brief says', () => {
		assert.equal(description.name, 'ikitechTrigger');
		assert.equal(description.displayName, 'IKITECH Trigger');
		assert.deepEqual(description.inputs, []);
	});
});
