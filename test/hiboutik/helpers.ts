/** What the Hiboutik Trigger tests share: the node as a user configures it, and calls as Hiboutik makes them. */
import { HookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { callWebhook, PACKAGE, TestCredentialsHelper, type StaticDataStore, type WebhookCall, type WebhookResult } from '../helpers/n8n';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { HiboutikCallbackApi } from '../../credentials/HiboutikCallbackApi.credentials';
import { HIBOUTIK_EVENTS, type HiboutikEvent } from '../../nodes/Hiboutik/events';

/** What Hiboutik's PrestaShop plugin would use: hash_hmac('sha256', account, api key), 64 hex characters. */
export const SECRET = '5f0c8e2b9a7d41c3b6e8f1a2d4c7b9e0a3f6d8c1b4e7a9d2f5c8b1e4a7d0c3f6';

export const FORM = 'application/x-www-form-urlencoded';

export interface SendOptions {
	events?: HiboutikEvent[];
	options?: INodeParameters;
	secret?: string;
	/** the query string after the webhook URL, replacing the default `?k=SECRET&event=<event>` */
	query?: string;
	headers?: Record<string, string>;
	staticData?: StaticDataStore;
	mode?: WebhookCall['mode'];
	method?: string;
}

export function hiboutikNode(o: Pick<SendOptions, 'events' | 'options' | 'secret'> = {}) {
	return {
		nodeType: new HiboutikTrigger(),
		parameters: { events: o.events ?? [...HIBOUTIK_EVENTS], options: o.options ?? {} },
		credentials: { hiboutikCallbackApi: { secret: o.secret ?? SECRET } },
		credentialTypes: [new HiboutikCallbackApi()],
	};
}

export const urlFor = (event: string, secret = SECRET) =>
	`?k=${encodeURIComponent(secret)}&event=${encodeURIComponent(event)}`;

/** POSTs a form body to the trigger the way Hiboutik does, to the URL of `event`. */
export async function sendToHiboutik(event: string, body: string | Buffer, o: SendOptions = {}): Promise<WebhookResult> {
	return await callWebhook(hiboutikNode(o), {
		method: o.method ?? 'POST',
		query: o.query ?? urlFor(event),
		headers: { 'content-type': FORM, ...o.headers },
		body,
		staticData: o.staticData,
		mode: o.mode,
	});
}

/** The one item a call handed to n8n, or a failure that says what happened instead. */
export function onlyItem(result: WebhookResult): IDataObject {
	if (!result.workflowData) throw new Error(`no execution: ${result.status} ${result.body}`);
	const items = result.workflowData[0];
	if (items.length !== 1) throw new Error(`expected one item, got ${items.length}`);
	return items[0].json;
}

/** Runs one of the trigger's webhookMethods in n8n-core's real HookContext (as on activation). */
export async function runHookMethod(
	method: 'checkExists' | 'create' | 'delete',
	o: { events?: string[]; secret?: string },
): Promise<boolean> {
	const nodeType: INodeType = new HiboutikTrigger();
	const node: INode = {
		id: 'hiboutik-node',
		name: 'Hiboutik Trigger',
		type: `${PACKAGE}.hiboutikTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: o.events ?? [...HIBOUTIK_EVENTS], options: {} },
		credentials: { hiboutikCallbackApi: { id: 'c1', name: 'Hiboutik' } },
		webhookId: 'c0ffee00-0000-4000-8000-000000000003',
	};
	const workflow = new Workflow({
		id: 'wf-hiboutik',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ hiboutikCallbackApi: { secret: o.secret ?? SECRET } }, [
			new HiboutikCallbackApi(),
		]),
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const ctx = new HookContext(workflow, node, additionalData, 'trigger', 'activate');
	const fn = new HiboutikTrigger().webhookMethods.default[method];
	return await fn.call(ctx);
}
