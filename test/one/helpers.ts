/** What the ONe Trigger tests share: the node as a user configures it, and calls as ONe makes them. */
import { HookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { callWebhook, PACKAGE, StaticDataStore, TestCredentialsHelper, type NodeUnderTest, type WebhookCall } from '../helpers/n8n';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import { OneWebhookApi } from '../../credentials/OneWebhookApi.credentials';
import type { OneEventName } from '../../nodes/One/events';

export const USER = 'one-hooks';
export const PASSWORD = 'Kr0wa-Mleko-2025!';
export const ALL_EVENTS: OneEventName[] = ['cart_opened', 'client_logged', 'offer_opened'];

export const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

export const GOOD_AUTH = basic(USER, PASSWORD);

export interface SendOptions {
	events?: OneEventName[];
	options?: IDataObject;
	credentials?: IDataObject;
	query?: string;
	headers?: Record<string, string>;
	/** omit the Authorization header entirely */
	noAuth?: boolean;
	staticData?: StaticDataStore;
	mode?: WebhookCall['mode'];
	method?: string;
}

export function oneNode(o: SendOptions = {}): NodeUnderTest {
	return {
		nodeType: new OneTrigger(),
		parameters: { events: o.events ?? ALL_EVENTS, options: o.options ?? {} } as INodeParameters,
		credentials: { oneWebhookApi: (o.credentials ?? { user: USER, password: PASSWORD }) as never },
		credentialTypes: [new OneWebhookApi()],
	};
}

/** POSTs a body (an object is sent as JSON) the way ONe would, with the right password unless told otherwise. */
export async function sendToOne(body: unknown, o: SendOptions = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...(o.noAuth ? {} : { authorization: GOOD_AUTH }), ...o.headers };
	return await callWebhook(oneNode(o), {
		method: o.method ?? 'POST',
		query: o.query,
		headers,
		body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
		staticData: o.staticData,
		mode: o.mode,
	});
}

/** The one item a call handed to n8n, or a failure that says what happened instead. */
export function onlyItem(result: Awaited<ReturnType<typeof sendToOne>>): IDataObject {
	if (!result.workflowData) throw new Error(`no execution: ${result.status} ${result.body}`);
	const items = result.workflowData[0];
	if (items.length !== 1) throw new Error(`expected one item, got ${items.length}`);
	return items[0].json;
}

/** Runs one of the trigger's webhookMethods in n8n-core's real HookContext (as on activation). */
export async function runHookMethod(
	method: 'checkExists' | 'create' | 'delete',
	o: { events?: string[]; credentials?: IDataObject },
): Promise<boolean> {
	const nodeType: INodeType = new OneTrigger();
	const node: INode = {
		id: 'one-node',
		name: 'ONe Trigger',
		type: `${PACKAGE}.oneTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: o.events ?? ALL_EVENTS, options: {} },
		credentials: { oneWebhookApi: { id: 'c1', name: 'ONe' } },
		webhookId: 'c0ffee00-0000-4000-8000-000000000002',
	};
	const workflow = new Workflow({
		id: 'wf-one',
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
		credentialsHelper: new TestCredentialsHelper(
			{ oneWebhookApi: (o.credentials ?? { user: USER, password: PASSWORD }) as never },
			[new OneWebhookApi()],
		),
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const ctx = new HookContext(workflow, node, additionalData, 'trigger', 'activate');
	const fn = new OneTrigger().webhookMethods.default[method];
	return await fn.call(ctx);
}
