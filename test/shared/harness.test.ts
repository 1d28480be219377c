import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeType,
	type IWebhookFunctions,
} from 'n8n-workflow';
import { callWebhook, runNode, StaticDataStore } from '../helpers/n8n';
import { handleCallback, isDuplicateCallback, acknowledgeWithoutRunning, readJsonBody, safeHeaders } from '../../nodes/shared/callback';

const echo: INodeType = {
	description: {
		displayName: 'Echo', name: 'echo', group: ['transform'], version: 1, description: 'echo',
		defaults: { name: 'Echo' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Text', name: 'text', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData().map((_item, i) => {
			const text = this.getNodeParameter('text', i) as string;
			if (text === 'boom') throw new NodeOperationError(this.getNode(), 'boom', { itemIndex: i });
			return { json: { text }, pairedItem: { item: i } };
		})];
	},
};

test('runNode resolves expressions per item through WorkflowExecute', async () => {
	const { output, error } = await runNode({ nodeType: echo, parameters: { text: '={{ $json.name }}!' } }, [
		{ json: { name: 'a' } },
		{ json: { name: 'b' } },
	]);
	assert.equal(error, undefined);
	assert.deepEqual(output?.[0].map((i) => i.json.text), ['a!', 'b!']);
});

test('runNode reports a node error as the execution error', async () => {
	const { error } = await runNode({ nodeType: echo, parameters: { text: 'boom' } }, [{ json: {} }]);
	assert.match(String(error?.message), /boom/);
});

const trigger: INodeType = {
	description: {
		displayName: 'T Trigger', name: 'tTrigger', group: ['trigger'], version: 1, description: 't',
		defaults: { name: 'T' }, inputs: [], outputs: [NodeConnectionTypes.Main], properties: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
	},
	async webhook(this: IWebhookFunctions) {
		return await handleCallback(this, async () => {
			const body = (await readJsonBody(this)) as { id: string };
			if (isDuplicateCallback(this, body.id)) return acknowledgeWithoutRunning(this, 'duplicate');
			return { workflowData: [[{ json: { body, headers: safeHeaders(this) } }]] };
		});
	},
};

test('callWebhook runs webhook() in a real WebhookContext and persists static data like n8n', async () => {
	const store = new StaticDataStore();
	const send = () => callWebhook({ nodeType: trigger, parameters: {} }, {
		headers: { 'content-type': 'application/json', token: 'secret', 'x-trace': 't1' },
		body: '{"id":"42"}', staticData: store,
	});
	const first = await send();
	assert.equal(first.status, 200);
	assert.deepEqual(first.workflowData?.[0][0].json.body, { id: '42' });
	const headers = first.workflowData?.[0][0].json.headers as Record<string, string>;
	assert.equal(headers['x-trace'], 't1');
	assert.equal(headers.token, undefined);
	const second = await send();
	assert.equal(second.status, 200);
	assert.equal(second.workflowData, undefined);
	assert.deepEqual(second.json, { received: true, started: false, reason: 'duplicate' });
});

test('callWebhook: a wrong content type is refused with 415, no execution', async () => {
	const r = await callWebhook({ nodeType: trigger, parameters: {} }, { headers: { 'content-type': 'text/plain' }, body: 'x' });
	assert.equal(r.status, 415);
	assert.equal(r.workflowData, undefined);
});
