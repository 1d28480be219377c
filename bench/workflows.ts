// Building and publishing the benchmark workflows through n8n's REST API, as the editor would.
import { randomUUID } from 'node:crypto';
import { N8nRequestError, type N8nClient, type SavedWorkflow } from '../test-e2e/helpers/n8n';

export type WorkflowNode = Record<string, unknown> & { name: string; type: string };

export interface CredentialRef {
	id: string;
	name: string;
}

export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: { credentials?: Record<string, CredentialRef>; webhookId?: string } = {},
): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** n8n's Webhook node (2.1), POST, answering as soon as the execution has started unless told otherwise. */
export function webhookNode(
	name: string,
	path: string,
	parameters: Record<string, unknown> = {},
	credentials?: Record<string, CredentialRef>,
): WorkflowNode {
	return node(
		name,
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {}, ...parameters },
		{ webhookId: randomUUID(), ...(credentials ? { credentials } : {}) },
	);
}

/** Connections for nodes that run one after the other. */
export function chain(nodes: WorkflowNode[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Creates the workflow (nodes in a line) and publishes it; its production webhooks are live on return. */
export async function publishChain(api: N8nClient, name: string, nodes: WorkflowNode[]): Promise<SavedWorkflow> {
	nodes.forEach((n, i) => (n.position = [i * 240, 0]));
	const workflow = await api.createWorkflow({ name, nodes, connections: chain(nodes), settings: { executionOrder: 'v1', timezone: 'UTC' } });
	await api.activate(workflow.id, workflow.versionId);
	return workflow;
}

export async function credential(api: N8nClient, type: string, data: Record<string, unknown>): Promise<Record<string, CredentialRef>> {
	const created = await api.createCredential(type, `bench ${type}`, data);
	return { [type]: { id: created.id, name: created.name } };
}

/**
 * Runs a REST call again while n8n answers 503 "Database is not ready!": n8n
 * pings its database every few seconds and refuses REST calls for a while
 * after a ping times out, which happens while SQLite is busy saving a
 * 10,000-item execution. The webhooks under test are not affected.
 */
export async function retrying<T>(call: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await call();
		} catch (error) {
			if (!(error instanceof N8nRequestError && error.status === 503) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}
