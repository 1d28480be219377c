/**
 * Runs our nodes inside n8n's real execution engine (n8n-core's WorkflowExecute
 * and WebhookContext), the way n8n's own NodeTestHarness does, instead of
 * hand-mocking IExecuteFunctions. What is ours here is only what the n8n CLI
 * would otherwise provide: a node-type registry, a credentials store that hands
 * out plain test credentials, and (for webhooks) the HTTP plumbing n8n puts in
 * front of a trigger's webhook() method.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-commerce-hooks';

type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** The node under test, as a user would place it on the canvas. */
export interface NodeUnderTest {
	nodeType: INodeType;
	parameters: INode['parameters'];
	/** credential type name → decrypted data, e.g. { justClickApi: { userId, apiKey } } */
	credentials?: CredentialsByType;
	/** credential classes, so generic `authenticate` blocks are applied like n8n does */
	credentialTypes?: ICredentialType[];
	continueOnFail?: boolean;
	name?: string;
	/** the node's typeVersion in the workflow; the newest it declares when not given */
	typeVersion?: number;
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(type: string) {
		return this.lookup(type);
	}

	getByNameAndVersion(type: string) {
		return this.lookup(type);
	}

	getKnownTypes() {
		return {};
	}

	private lookup(type: string): INodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}
}

/** Resolves `={{$credentials.x}}` style values the way n8n's CLI does for generic auth. */
function resolveCredentialExpression(value: unknown, credentials: IDataObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const template = value.slice(1);
	const only = /^\{\{\s*\$credentials(?:\?)?\.(\w+)\s*\}\}$/.exec(template);
	if (only) return credentials[only[1]];
	return template.replace(/\{\{\s*\$credentials(?:\?)?\.(\w+)\s*\}\}/g, (_m, key: string) =>
		String(credentials[key] ?? ''),
	);
}

function resolveAll(obj: IDataObject | undefined, credentials: IDataObject): IDataObject | undefined {
	if (!obj) return obj;
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(obj)) out[k] = resolveCredentialExpression(v, credentials) as IDataObject[string];
	return out;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: CredentialsByType,
		private readonly types: ICredentialType[],
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.types.find((t) => t.name === typeName);
		const auth = type?.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const props = auth.properties;
		const options = { ...requestOptions };
		if (props.headers) options.headers = { ...options.headers, ...resolveAll(props.headers, credentials) };
		if (props.qs) options.qs = { ...options.qs, ...resolveAll(props.qs, credentials) };
		if (props.body) options.body = { ...(options.body as IDataObject), ...resolveAll(props.body, credentials) };
		if (props.auth) {
			const resolved = resolveAll(props.auth as unknown as IDataObject, credentials) as {
				username: string;
				password: string;
			};
			options.auth = { username: resolved.username, password: resolved.password };
		}
		return options;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(_a: unknown, _n: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const found = this.data[type];
		if (!found) throw new Error(`No test credentials of type ${type}`);
		return found;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

function buildNode(n: NodeUnderTest): INode {
	const name = n.name ?? n.nodeType.description.displayName;
	const credentials = Object.fromEntries(
		Object.keys(n.credentials ?? {}).map((type) => [type, { id: `${type}-1`, name: `${type} (test)` }]),
	);
	return {
		id: 'node-under-test',
		name,
		type: `${PACKAGE}.${n.nodeType.description.name}`,
		typeVersion: n.typeVersion ?? (Array.isArray(n.nodeType.description.version)
			? Math.max(...n.nodeType.description.version)
			: n.nodeType.description.version),
		position: [0, 0],
		parameters: n.parameters,
		credentials,
		continueOnFail: n.continueOnFail,
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
	};
}

function buildWorkflow(node: INode, nodeType: INodeType, staticData?: IDataObject) {
	return new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes({ [node.type]: nodeType }),
		staticData: staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
}

function buildAdditionalData(
	n: NodeUnderTest,
	hooks: ExecutionLifecycleHooks,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(n.credentials ?? {}, n.credentialTypes ?? []),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used by these tests');
		},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used by these tests');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeRunResult {
	run: IRun;
	/** the node's output, per output index, or undefined when it failed */
	output: INodeExecutionData[][] | undefined;
	/** the node's error when it failed the execution */
	error: IRun['data']['resultData']['error'];
}

/**
 * Executes one action node with the given input items, exactly as n8n runs a
 * node in a workflow: parameters (including expressions) are resolved against
 * the items, credentials come through the credentials helper, and errors go
 * through n8n's own continueOnFail / error handling.
 */
export async function runNode(n: NodeUnderTest, input: INodeExecutionData[]): Promise<NodeRunResult> {
	const node = buildNode(n);
	const workflow = buildWorkflow(node, n.nodeType);
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: workflow.id,
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
	});
	let resolveFinished!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [input] }, source: null }] },
	});
	const executor = new WorkflowExecute(buildAdditionalData(n, hooks), 'manual', runExecutionData);
	await executor.processRunExecutionData(workflow);
	const run = await finished;
	const taskData = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		output: taskData?.data?.main as INodeExecutionData[][] | undefined,
		error: run.data.resultData.error ?? taskData?.error,
	};
}

/** Persisted workflow static data, as n8n keeps it in its database between calls. */
export class StaticDataStore {
	saved: IDataObject = {};

	/** n8n loads a fresh copy of the workflow (with its static data) for every webhook call. */
	load(): IDataObject {
		return JSON.parse(JSON.stringify(this.saved)) as IDataObject;
	}

	/** n8n saves static data after a webhook call only when a node changed it. */
	saveIfChanged(data: IDataObject) {
		if (data.__dataChanged === true) {
			const copy = { ...data };
			delete copy.__dataChanged;
			this.saved = JSON.parse(JSON.stringify(copy)) as IDataObject;
		}
	}
}

export interface WebhookCall {
	method?: string;
	/** path and query after the webhook base, e.g. '?k=secret&event=sale_validated' */
	query?: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** 'webhook' is a production URL call; 'manual' is the editor's "Listen for test event" */
	mode?: WorkflowExecuteMode;
	staticData?: StaticDataStore;
}

export interface WebhookResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	json: unknown;
	/** what the trigger handed to n8n; undefined means no execution starts */
	workflowData: INodeExecutionData[][] | undefined;
	webhookResponse: unknown;
}

type N8nRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown; readRawBody?: () => Promise<void> };

/** Content types n8n 2.40 parses before a node of version > 1 runs (webhook-helpers.js, parseRequestBody). */
const parsedForNewerNodes = (type: string) =>
	type.startsWith('application/json') ||
	type.startsWith('text/plain') ||
	type.startsWith('application/x-www-form-urlencoded') ||
	type.endsWith('/xml') ||
	type.endsWith('+xml');

/**
 * Reads the body the way n8n 2.40's webhook server does before a node sees it.
 * `req.readRawBody()` keeps the bytes on `req.rawBody` (body-parser.js); n8n
 * calls it, then parses JSON and url-encoded bodies onto `req.body` (forms
 * with Node's querystring, which keeps `a[0][b]` as a flat key: the reason
 * our Hiboutik trigger reparses rawBody), for every content type when the
 * node is version 1 and only for the types above when it is newer; otherwise
 * the bytes stay unread until the node asks.
 */
async function readLikeN8n(req: N8nRequest, typeVersion: number) {
	req.readRawBody = async () => {
		if (req.rawBody !== undefined) return;
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		req.rawBody = Buffer.concat(chunks);
	};
	const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type.startsWith('multipart/') || (typeVersion > 1 && !parsedForNewerNodes(type))) return { parseError: false };
	await req.readRawBody();
	const text = req.rawBody!.toString('utf8');
	if (text === '') {
		req.body = {};
	} else if (type === 'application/json') {
		try {
			req.body = JSON.parse(text.replace(/^\uFEFF/, ''));
		} catch {
			return { parseError: true };
		}
	} else if (type === 'application/x-www-form-urlencoded') {
		const { parse } = await import('node:querystring');
		req.body = { ...parse(text, undefined, undefined, { maxKeys: 1000 }) };
	} else {
		req.body = {};
	}
	return { parseError: false };
}

/**
 * Sends one HTTP request to a trigger node's webhook() method through a real
 * loopback HTTP server and n8n-core's real WebhookContext, then answers the way
 * n8n's webhook helper does with what the node returned.
 */
export async function callWebhook(n: NodeUnderTest, call: WebhookCall): Promise<WebhookResult> {
	const node = buildNode(n);
	const store = call.staticData ?? new StaticDataStore();
	let captured: IWebhookResponseData | undefined;

	const server = createServer((req: N8nRequest, res: ServerResponse) => {
		void (async () => {
			const { parseError } = await readLikeN8n(req, node.typeVersion);
			if (parseError) {
				// n8n's body parser answers 422 to an unparsable JSON body before any node runs.
				res.writeHead(422, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'Failed to parse request body' }));
				return;
			}
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			Object.assign(req, { query: Object.fromEntries(url.searchParams), params: {} });
			const workflow = buildWorkflow(node, n.nodeType, store.load());
			const hooks = new ExecutionLifecycleHooks('webhook', 'exec-webhook', {} as never);
			const additionalData = buildAdditionalData(n, hooks, {
				httpRequest: req as never,
				httpResponse: res as never,
			});
			const method = (call.method ?? 'POST').toUpperCase();
			const description = ((n.nodeType.description.webhooks ?? []).find((w) => w.httpMethod === method) ??
				(n.nodeType.description.webhooks ?? [])[0]) as IWebhookDescription;
			const ctx = new WebhookContext(
				workflow,
				node,
				additionalData,
				call.mode ?? 'webhook',
				{
					httpMethod: (call.method ?? 'POST') as IWebhookDescription['httpMethod'],
					node: node.name,
					path: 'test',
					webhookDescription: description,
					workflowId: workflow.id,
					workflowExecuteAdditionalData: additionalData,
					isTest: (call.mode ?? 'webhook') === 'manual',
				} as never,
				[],
				null,
			);
			try {
				captured = await n.nodeType.webhook!.call(ctx);
			} catch (error) {
				// n8n answers 500 when a webhook() throws; our nodes must never get here.
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: (error as Error).message, crashed: true }));
				return;
			}
			store.saveIfChanged(workflow.staticData);
			if (captured.noWebhookResponse) return;
			if (res.headersSent || res.writableEnded) return;
			res.writeHead(200, { 'content-type': 'application/json' });
			if (captured.workflowData === undefined) {
				res.end(JSON.stringify(captured.webhookResponse ?? { message: 'Webhook call received' }));
				return;
			}
			// n8n 2.40's webhook helper (evaluateResponseOptions + extractWebhookOnReceivedResponse):
			// a description without responseData answers the literal "firstEntryJson".
			const responseData = description.responseData === undefined ? 'firstEntryJson' : description.responseData;
			if (responseData === 'noData') res.end();
			else if (responseData) res.end(typeof responseData === 'string' ? responseData : JSON.stringify(responseData));
			else res.end(JSON.stringify(captured.webhookResponse ?? { message: 'Workflow was started' }));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		const response = await fetch(`http://127.0.0.1:${port}/webhook/test${call.query ?? ''}`, {
			method: call.method ?? 'POST',
			headers: call.headers,
			body: call.method === 'GET' ? undefined : call.body,
		});
		const body = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(body);
		} catch {
			json = undefined;
		}
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body,
			json,
			workflowData: captured?.workflowData,
			webhookResponse: captured?.webhookResponse,
		};
	} finally {
		server.close();
	}
}
