/**
 * What the ONe (API) node and the ONe Trigger's registration tests share: the
 * credentials, a runner of the ONe node against the fake ONe, and an
 * activation of the trigger that calls its webhookMethods the way n8n does.
 */
import { HookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWebhookDescription,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { OneApi } from '../../credentials/OneApi.credentials';
import { OneWebhookApi } from '../../credentials/OneWebhookApi.credentials';
import { One } from '../../nodes/One/One.node.js';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import type { OneEventName } from '../../nodes/One/events';
import { PACKAGE, runNode, TestCredentialsHelper, type NodeRunResult } from '../helpers/n8n';
import type { OneServer } from '../vendors/oneServer';
import { ALL_EVENTS, PASSWORD, USER } from './helpers';

export const TOKEN = 'one-int-7f3c9a1e5b2d4c8e9a0b1c2d3e4f5a6b';

export const apiCredential = (server: Pick<OneServer, 'baseUrl'>, extra: IDataObject = {}) => ({
	baseUrl: server.baseUrl,
	apiToken: TOKEN,
	...extra,
});

export interface RunOptions {
	credentials?: IDataObject;
	webhookCredentials?: IDataObject;
	continueOnFail?: boolean;
	input?: INodeExecutionData[];
}

export async function runOne(server: Pick<OneServer, 'baseUrl'>, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRunResult> {
	return await runNode(
		{
			nodeType: new One(),
			parameters,
			credentials: {
				oneApi: apiCredential(server, options.credentials),
				oneWebhookApi: { user: USER, password: PASSWORD, ...options.webhookCredentials },
			},
			credentialTypes: [new OneApi(), new OneWebhookApi()],
			continueOnFail: options.continueOnFail,
		},
		options.input ?? [{ json: {} }],
	);
}

export function outputJson(result: NodeRunResult): IDataObject[] {
	if (result.error) throw new Error(`the run failed: ${result.error.message}`);
	return (result.output?.[0] ?? []).map((item) => item.json);
}

export function pairedItems(result: NodeRunResult) {
	return (result.output?.[0] ?? []).map((item) => item.pairedItem);
}

/** The n8n error a failed run ended with, with the fields n8n shows. */
export function failure(result: NodeRunResult) {
	if (!result.error) throw new Error('expected the run to fail');
	return result.error as unknown as {
		message: string;
		description?: string;
		httpCode?: string | null;
		name: string;
		context: { itemIndex?: number };
	};
}

// ---------------------------------------------------------------------------
// The trigger's activation, as n8n runs it

export const NODE_WEBHOOK_ID = 'c0ffee00-0000-4000-8000-000000000003';

export interface TriggerSetup {
	events?: OneEventName[];
	registration?: 'manual' | 'automatic';
	webhookCredentials?: IDataObject;
	apiCredentials?: IDataObject;
	/** n8n's webhook base URL (production), e.g. a local relay's */
	webhookBaseUrl?: string;
	/** the editor's "Listen for test event" (test URL) instead of an active workflow */
	isTest?: boolean;
	workflowName?: string;
}

/**
 * One ONe Trigger on a workflow, activated and deactivated the way n8n does:
 * for each webhook the node declares (POST and GET share one URL), checkExists
 * then create when it says no; on deactivation, delete for each. Static data
 * is saved after every step and reloaded, like n8n keeps it in its database.
 */
export class TriggerActivation {
	/** the node's static data as n8n saved it */
	saved: IDataObject = {};

	constructor(
		private readonly server: Pick<OneServer, 'baseUrl'>,
		readonly setup: TriggerSetup = {},
	) {}

	get webhookBaseUrl() {
		return this.setup.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook';
	}

	/** The node's production (or test) URL, as registered in ONe before `?event=`. */
	get nodeUrl() {
		return `${this.setup.isTest ? 'http://127.0.0.1:5678/webhook-test' : this.webhookBaseUrl}/${NODE_WEBHOOK_ID}/webhook`;
	}

	/** The ONe webhook ids the node remembers. */
	get rememberedIds(): Record<string, string> | undefined {
		const data = this.saved['node:ONe Trigger'] as IDataObject | undefined;
		return data?.oneWebhookIds as Record<string, string> | undefined;
	}

	async run(method: 'checkExists' | 'create' | 'delete', description: IWebhookDescription = this.descriptions()[0]): Promise<boolean> {
		const nodeType = new OneTrigger();
		const parameters: INodeParameters = { events: this.setup.events ?? ALL_EVENTS, options: {} };
		if (this.setup.registration !== undefined) parameters.registration = this.setup.registration;
		const credentials: Record<string, { id: string; name: string }> = { oneWebhookApi: { id: 'c1', name: 'ONe webhook' } };
		if (this.setup.registration === 'automatic') credentials.oneApi = { id: 'c2', name: 'ONe API' };
		const node: INode = {
			id: 'one-node',
			name: 'ONe Trigger',
			type: `${PACKAGE}.oneTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials,
			webhookId: NODE_WEBHOOK_ID,
		};
		const workflow = new Workflow({
			id: 'wf-one-registration',
			name: this.setup.workflowName ?? 'Cart follow-up',
			nodes: [node],
			connections: {},
			active: true,
			staticData: JSON.parse(JSON.stringify(this.saved)) as IDataObject,
			nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
		});
		const additionalData = {
			credentialsHelper: new TestCredentialsHelper(
				{
					oneWebhookApi: { user: USER, password: PASSWORD, ...this.setup.webhookCredentials } as never,
					oneApi: apiCredential(this.server, this.setup.apiCredentials) as never,
				},
				[new OneWebhookApi(), new OneApi()],
			),
			webhookBaseUrl: this.webhookBaseUrl,
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const isTest = this.setup.isTest === true;
		const webhookData = { httpMethod: description.httpMethod, node: node.name, webhookDescription: description, workflowId: workflow.id, isTest };
		const mode = isTest ? 'manual' : 'trigger';
		const activation = method === 'delete' ? 'update' : isTest ? 'manual' : 'activate';
		const ctx = new HookContext(workflow, node, additionalData, method === 'delete' ? 'internal' : mode, activation, webhookData as never);
		try {
			return await nodeType.webhookMethods.default[method].call(ctx);
		} finally {
			const data = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			delete data.__dataChanged;
			this.saved = data;
		}
	}

	descriptions(): IWebhookDescription[] {
		return new OneTrigger().description.webhooks ?? [];
	}

	/** What n8n does on activation: checkExists → create, for each declared webhook. */
	async activate(): Promise<Array<'adopted' | 'created'>> {
		const steps: Array<'adopted' | 'created'> = [];
		for (const description of this.descriptions()) {
			if (await this.run('checkExists', description)) steps.push('adopted');
			else {
				await this.run('create', description);
				steps.push('created');
			}
		}
		return steps;
	}

	/** What n8n does on deactivation: delete, for each declared webhook. */
	async deactivate(): Promise<boolean[]> {
		const results: boolean[] = [];
		for (const description of this.descriptions()) results.push(await this.run('delete', description));
		return results;
	}
}
