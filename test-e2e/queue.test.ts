// Smoke test of queue mode (how n8n is run at scale): PostgreSQL + Redis, a main
// process, a worker and a webhook process, each loading our pack. A production
// webhook call goes to the webhook process, is queued, runs on the worker, and
// the main process's API reports the execution.
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest } from '../cli/simulate';
import { N8nClient, PACKAGE_NAME, type SavedWorkflow } from './helpers/n8n';
import { createCredentials, IKITECH_ORDER_CODE, publishTemplates, SECRETS, startVendorWorld, triggerPath, type VendorWorld } from './helpers/vendors';
import { queueModeAvailable, startQueueStack, type QueueStack } from './helpers/services';

const unavailable = queueModeAvailable();

describe('n8n smoke (queue mode: main + worker + webhook, PostgreSQL, Redis)', { skip: unavailable }, () => {
	let stack: QueueStack;
	let api: N8nClient;
	let world: VendorWorld;

	before(async () => {
		const started = Date.now();
		stack = await startQueueStack();
		console.log(`queue stack ready in ${Date.now() - started} ms (logs: ${stack.main.logFile}, ${stack.worker.logFile}, ${stack.webhook.logFile})`);
		api = stack.main.client();
		await api.setupOwner();
	});

	after(async () => {
		await stack?.stop();
		await world?.close();
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

	describe('our templates in queue mode', () => {
		let workflows: Record<string, SavedWorkflow>;
		const SYNC = 'ikitech-order-to-spread.json';
		const LOYALTY = 'hiboutik-sale-loyalty-points.json';

		before(async () => {
			world = await startVendorWorld();
			workflows = await publishTemplates(api, await createCredentials(api, world));
		});

		test('IKITECH → SPREAD runs on the worker; the same callback again, to the webhook then the main process, starts nothing', async () => {
			const order = () => buildRequest('ikitech', 'NEW_ORDER', { url: stack.webhook.webhookUrl(triggerPath(SYNC)), token: SECRETS.ikitechToken });
			const first = await fetch(order().url, { method: 'POST', headers: order().headers, body: order().body });
			assert.equal(first.status, 200, await first.text());
			const [execution] = await api.waitForExecutions(workflows[SYNC].id, 1, 30_000);
			assert.equal(execution.status, 'success');

			const again = await fetch(order().url, { method: 'POST', headers: order().headers, body: order().body });
			assert.match(await again.text(), /duplicate/);
			const viaMain = buildRequest('ikitech', 'NEW_ORDER', { url: stack.main.webhookUrl(triggerPath(SYNC)), token: SECRETS.ikitechToken });
			const third = await fetch(viaMain.url, { method: 'POST', headers: viaMain.headers, body: viaMain.body });
			assert.match(await third.text(), /duplicate/);

			await new Promise((resolve) => setTimeout(resolve, 1000));
			assert.equal((await api.listExecutions(workflows[SYNC].id)).length, 1);
			assert.equal(world.spread.orders.get(IKITECH_ORDER_CODE)?.writes, 1);
		});

		test('Hiboutik loyalty template: a form callback to the webhook process updates points through the worker', async () => {
			const sale = buildRequest('hiboutik', 'sale_validated', { url: stack.webhook.webhookUrl(triggerPath(LOYALTY)), secret: SECRETS.hiboutikCallback });
			const answer = await fetch(sale.url, { method: 'POST', headers: sale.headers, body: sale.body });
			assert.equal(answer.status, 200, await answer.text());
			const [execution] = await api.waitForExecutions(workflows[LOYALTY].id, 1, 30_000);
			assert.equal(execution.status, 'success');
			assert.equal(String(world.hiboutik.lineItem(5631)?.points), '25');
		});

		test('a wrong token at the webhook process is refused and nothing is queued', async () => {
			const bad = buildRequest('ikitech', 'NEW_ORDER', { url: stack.webhook.webhookUrl(triggerPath(SYNC)), token: 'wrong' });
			const answer = await fetch(bad.url, { method: 'POST', headers: bad.headers, body: bad.body });
			assert.equal(answer.status, 403);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			assert.equal((await api.listExecutions(workflows[SYNC].id)).length, 1);
		});
	});
});
