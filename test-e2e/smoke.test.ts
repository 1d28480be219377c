// Smoke test of the end-to-end setup: a real n8n boots with our pack installed,
// a workflow with n8n's own Webhook node is published over the REST API, a POST
// to its production URL runs it, and the execution is recorded with the body.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { N8nClient, PACKAGE_NAME, startN8n, type N8nInstance } from './helpers/n8n';

describe('n8n smoke (regular mode, SQLite)', () => {
	let n8n: N8nInstance;
	let api: N8nClient;

	before(async () => {
		const started = Date.now();
		n8n = await startN8n({ name: 'smoke' });
		console.log(`n8n ready in ${Date.now() - started} ms (log: ${n8n.logFile})`);
		api = n8n.client();
		await api.setupOwner();
	});

	after(async () => {
		await n8n?.stop();
	});

	test('a published Webhook workflow runs on POST /webhook/smoke and is recorded', async () => {
		const workflow = await api.createWorkflow({
			name: 'Smoke',
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path: 'smoke', responseMode: 'onReceived', options: {} },
				},
			],
			connections: {},
		});
		await api.activate(workflow.id, workflow.versionId);

		const response = await fetch(n8n.webhookUrl('smoke'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ order: 42 }),
		});
		assert.equal(response.status, 200, await response.text());

		const executions = await api.waitForExecutions(workflow.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		assert.equal(executions[0].mode, 'webhook');

		const execution = await api.getExecution(executions[0].id);
		const [item] = N8nClient.nodeOutput(execution, 'Webhook');
		assert.deepEqual(item.body, { order: 42 });
	});

	test(`our pack's nodes and credentials load with the "${PACKAGE_NAME}." prefix`, async () => {
		const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		const nodeTypes = await api.nodeTypes();
		const ours = nodeTypes.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`));
		assert.ok(!nodeTypes.some((type) => type.name.startsWith('CUSTOM.')), 'no node is loaded as CUSTOM.*');
		// One name per node file (versioned nodes list one entry per version); n8n adds
		// a "<name>Tool" twin for each node marked usableAsTool.
		const names = new Set(ours.map((type) => type.name));
		const files = new Set([...names].filter((name) => !(name.endsWith('Tool') && names.has(name.slice(0, -4)))));
		assert.equal(files.size, manifest.n8n.nodes.length, `loaded: ${[...files].join(', ') || 'none'}\n(log: ${n8n.logFile})`);

		const credentialTypes = await api.credentialTypes();
		const credentialNames = new Set(credentialTypes.map((type) => type.name));
		for (const file of manifest.n8n.credentials) {
			const className = path.basename(file, '.credentials.js');
			const name = className.charAt(0).toLowerCase() + className.slice(1);
			assert.ok(credentialNames.has(name), `credential type ${name} (from ${file}) is loaded`);
		}
	});
});
