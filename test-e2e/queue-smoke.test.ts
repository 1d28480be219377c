// Smoke test of queue mode (how n8n is run at scale): PostgreSQL + Redis, a main
// process, a worker and a webhook process, each loading our pack. A production
// webhook call goes to the webhook process, is queued, runs on the worker, and
// the main process's API reports the execution.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { N8nClient, PACKAGE_NAME } from './helpers/n8n';
import { queueModeAvailable, startQueueStack, type QueueStack } from './helpers/services';

const unavailable = queueModeAvailable();

describe('n8n smoke (queue mode: main + worker + webhook, PostgreSQL, Redis)', { skip: unavailable }, () => {
	let stack: QueueStack;
	let api: N8nClient;

	before(async () => {
		const started = Date.now();
		stack = await startQueueStack();
		console.log(`queue stack ready in ${Date.now() - started} ms (logs: ${stack.main.logFile}, ${stack.worker.logFile}, ${stack.webhook.logFile})`);
		api = stack.main.client();
		await api.setupOwner();
	});

	after(async () => {
		await stack?.stop();
	});

	test('a webhook call to the webhook process runs on the worker and is recorded', async () => {
		const workflow = await api.createWorkflow({
			name: 'Queue smoke',
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path: 'queue-smoke', responseMode: 'onReceived', options: {} },
				},
			],
			connections: {},
		});
		await api.activate(workflow.id, workflow.versionId);

		const response = await fetch(stack.webhook.webhookUrl('queue-smoke'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ order: 7 }),
		});
		assert.equal(response.status, 200, await response.text());

		const [execution] = await api.waitForExecutions(workflow.id, 1, 30_000);
		assert.equal(execution.status, 'success');
		const details = await api.getExecution(execution.id);
		assert.deepEqual(N8nClient.nodeOutput(details, 'Webhook')[0].body, { order: 7 });
		assert.match(stack.worker.logs(), new RegExp(`Worker started execution ${execution.id}|execution ${execution.id}`, 'i'));
	});

	test('every process loaded the pack with the package prefix', async () => {
		const nodeTypes = await api.nodeTypes();
		assert.ok(nodeTypes.some((type) => type.name.startsWith(`${PACKAGE_NAME}.`)));
		for (const instance of [stack.main, stack.worker, stack.webhook]) {
			assert.doesNotMatch(instance.logs(), /Failed to load package|Skipping package/, instance.logFile);
		}
	});
});
