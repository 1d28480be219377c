/**
 * What the Automatic-registration tests share: the trigger's webhookMethods run
 * in n8n-core's real HookContext against the local fake Hiboutik, with the
 * node's static data kept between calls the way n8n keeps it in its database,
 * and callbacks sent to a trigger that has the API credential.
 */
import { HookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { callWebhook, PACKAGE, StaticDataStore, TestCredentialsHelper, type WebhookResult } from '../helpers/n8n';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { HiboutikApi } from '../../credentials/HiboutikApi.credentials';
import { HiboutikCallbackApi } from '../../credentials/HiboutikCallbackApi.credentials';
import { HIBOUTIK_EVENTS } from '../../nodes/Hiboutik/events';
import type { HiboutikServer } from '../vendors/hiboutikServer';
import { LOGIN } from './apiHelpers';
import { FORM, SECRET, urlFor } from './helpers';

export { StaticDataStore };

export const WEBHOOK_ID = 'c0ffee00-0000-4000-8000-000000000006';
/** n8n's public webhook base, as WEBHOOK_URL would set it */
export const PRODUCTION_BASE = 'https://n8n.boutique-hibou.fr/webhook';
export const TEST_BASE = 'https://n8n.boutique-hibou.fr/webhook-test';
export const PRODUCTION_URL = `${PRODUCTION_BASE}/${WEBHOOK_ID}/webhook`;
export const TEST_URL = `${TEST_BASE}/${WEBHOOK_ID}/webhook`;
export const WORKFLOW_NAME = 'Points fidélité';

export const apiCredential = (server: Pick<HiboutikServer, 'baseUrl'>): IDataObject => ({
	account: 'boutique-hibou',
	...LOGIN,
	baseUrl: server.baseUrl,
});

/** Refuses, before anything is sent, any request that would leave this machine. */
class LoopbackOnlyCredentials extends TestCredentialsHelper {
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const url = new URL(`${requestOptions.baseURL ?? ''}${requestOptions.url}`);
		if (url.hostname !== '127.0.0.1') throw new Error(`test refused a request to ${url.href}`);
		return await super.authenticate(credentials, typeName, requestOptions);
	}
}

export interface Activation {
	/** default: automatic registration, every event, no options */
	parameters?: INodeParameters;
	secret?: string;
	/** the Hiboutik API credential's data */
	api: IDataObject;
	/** the node's static data, kept between calls like n8n's database does */
	store: StaticDataStore;
	/** n8n's webhook base URL (default PRODUCTION_BASE) */
	webhookBaseUrl?: string;
	/** as while the editor listens for a test event: the Test URL is registered */
	isTest?: boolean;
	workflowName?: string;
}

export const automatic = (more: INodeParameters = {}): INodeParameters => ({
	registration: 'automatic',
	events: [...HIBOUTIK_EVENTS],
	options: {},
	...more,
});

/**
 * Runs one of the trigger's webhookMethods as n8n does on activation or
 * deactivation. Static data is saved only when the method succeeds (n8n
 * saves it after a successful activation).
 */
export async function runHook(method: 'checkExists' | 'create' | 'delete', o: Activation): Promise<boolean> {
	const nodeType: INodeType = new HiboutikTrigger();
	const node: INode = {
		id: 'hiboutik-node',
		name: 'Hiboutik Trigger',
		type: `${PACKAGE}.hiboutikTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: o.parameters ?? automatic(),
		credentials: {
			hiboutikCallbackApi: { id: 'c1', name: 'Hiboutik secret' },
			hiboutikApi: { id: 'c2', name: 'Hiboutik API' },
		},
		webhookId: WEBHOOK_ID,
	};
	const workflow = new Workflow({
		id: 'wf-hiboutik-auto',
		name: o.workflowName ?? WORKFLOW_NAME,
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
		staticData: o.store.load(),
	});
	const base = o.webhookBaseUrl ?? PRODUCTION_BASE;
	const additionalData = {
		credentialsHelper: new LoopbackOnlyCredentials(
			{ hiboutikCallbackApi: { secret: o.secret ?? SECRET }, hiboutikApi: o.api as ICredentialDataDecryptedObject },
			[new HiboutikCallbackApi(), new HiboutikApi()],
		),
		webhookBaseUrl: base,
		webhookTestBaseUrl: base.replace(/\/webhook$/, '/webhook-test'),
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData = o.isTest
		? ({ isTest: true, webhookDescription: nodeType.description.webhooks![0] } as never)
		: undefined;
	const ctx = new HookContext(workflow, node, additionalData, o.isTest ? 'manual' : 'trigger', o.isTest ? 'manual' : 'activate', webhookData);
	const result = await new HiboutikTrigger().webhookMethods.default[method].call(ctx);
	o.store.saveIfChanged(workflow.staticData);
	return result;
}

/**
 * What n8n does on activation: for each of the node's webhooks (the POST and
 * the sample GET), checkExists, then create when it said false.
 */
export async function activate(o: Activation): Promise<void> {
	for (let webhook = 0; webhook < 2; webhook++) {
		if (!(await runHook('checkExists', o))) await runHook('create', o);
	}
}

/** What n8n does on deactivation: delete, for each of the node's webhooks. */
export async function deactivate(o: Activation): Promise<void> {
	for (let webhook = 0; webhook < 2; webhook++) await runHook('delete', o);
}

/** The webhooks the node remembers in its static data (n8n keys a node's static data by its name). */
export const remembered = (store: StaticDataStore) =>
	(((store.saved['node:Hiboutik Trigger'] as IDataObject | undefined)?.hiboutikWebhooks ?? []) as unknown as IDataObject[]).map(
		(entry) => ({ ...entry }),
	);

/** POSTs a form body to a trigger that has the Hiboutik API credential. */
export async function sendWithApi(
	event: string,
	body: string,
	o: { api: IDataObject; parameters?: INodeParameters; staticData?: StaticDataStore; method?: string; query?: string; mode?: 'manual' | 'webhook' },
): Promise<WebhookResult> {
	return await callWebhook(
		{
			nodeType: new HiboutikTrigger(),
			parameters: o.parameters ?? automatic(),
			credentials: { hiboutikCallbackApi: { secret: SECRET }, hiboutikApi: o.api as ICredentialDataDecryptedObject },
			credentialTypes: [new HiboutikCallbackApi(), new HiboutikApi()],
		},
		{
			method: o.method ?? 'POST',
			query: o.query ?? urlFor(event),
			headers: { 'content-type': FORM },
			body,
			staticData: o.staticData,
			mode: o.mode,
		},
	);
}
