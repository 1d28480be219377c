/**
 * What the Hiboutik Trigger does through Hiboutik's REST API when it is given
 * the Hiboutik API credential ("Automatic" registration): register its own
 * webhooks on activation (POST /webhooks), find them again (GET /webhooks),
 * remove them on deactivation (DELETE /webhooks/{id}), and fetch the full sale
 * of a sale callback (GET /sales/{id}). Sending, retries, pages and error
 * wording are the API node's (api.ts, apiOperations.ts).
 *
 * One webhook per Hiboutik action, not per selected event. Hiboutik calls a
 * webhook for every event of its action (a `payment` webhook when a payment
 * method is selected, added or deleted) without saying which one happened, so
 * one URL per event would start the workflow once per URL for a single change
 * in Hiboutik, all but one under the wrong name. The one URL of an action names
 * the first selected event of that action (as a user pasting URLs by hand
 * would), and that is the name the workflow sees.
 *
 * What the node remembers (workflow static data, which n8n saves after
 * activation) is each webhook's id, action and event, and the node URL it
 * points at without its query: never the full URL, which holds the callback
 * secret and would show in every export of the workflow. Entries are kept per
 * node URL, so registering for the Test URL ("Listen for test event") never
 * touches the Production URL's webhooks, and the other way round.
 */
import { ExecutionBaseError, NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { apiRoot, CREDENTIAL_TYPE, hiboutikCalls, type CallLimits } from './api';
import { HIBOUTIK_OPERATIONS } from './apiOperations';
import { EVENT_INFO, HIBOUTIK_EVENTS, type HiboutikEvent, type HiboutikEventFamily } from './events';

/**
 * Hiboutik's `webhook_action` for each group of trigger events. Hiboutik's
 * webhook documentation lists the callback icon under "Sales", so it is taken
 * to come through the `sale` action (inferred: no separate action exists).
 * Hiboutik's `timestamp` action may also be called when a timeline starts
 * (the API node's description of it says "started or stopped").
 */
export const WEBHOOK_ACTION_OF: Record<HiboutikEventFamily, string> = {
	sale: 'sale',
	callbackIcon: 'sale',
	payment: 'payment',
	customer: 'customer',
	timestamp: 'timestamp',
	schedule: 'schedule',
};

/** One webhook this node wants registered in Hiboutik. */
export interface PlannedWebhook {
	action: string;
	/** the event the URL names, which the workflow sees */
	event: HiboutikEvent;
	url: string;
	label: string;
}

/** What the node keeps about a webhook it registered (no secret: see the top of this file). */
interface StoredWebhook {
	webhookId: number;
	action: string;
	event: string;
	/** the node URL it calls, without the query */
	target: string;
}

const STATIC_KEY = 'hiboutikWebhooks';

/** Hiboutik's label field is short text; a long workflow name is cut. */
const MAX_NAME_IN_LABEL = 60;

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------
// What to register

/** The node's webhook URL (Production, or Test while the editor listens), without any query. */
export function nodeWebhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (url === undefined || url === '') {
		throw new NodeOperationError(ctx.getNode(), 'n8n did not give this node a webhook URL to register in Hiboutik');
	}
	return url;
}

function workflowLabel(ctx: IHookFunctions): string {
	const { id, name } = ctx.getWorkflow();
	const text = typeof name === 'string' && name.trim() !== '' ? name.trim() : `workflow ${id ?? ''}`.trim();
	return text.length > MAX_NAME_IN_LABEL ? `${text.slice(0, MAX_NAME_IN_LABEL - 1)}…` : text;
}

/** One webhook per Hiboutik action of the selected events, named after the first selected event of each. */
export function planWebhooks(ctx: IHookFunctions, target: string, secret: string, selected: readonly HiboutikEvent[]): PlannedWebhook[] {
	const workflow = workflowLabel(ctx);
	const byAction = new Map<string, HiboutikEvent>();
	for (const event of HIBOUTIK_EVENTS) {
		const action = WEBHOOK_ACTION_OF[EVENT_INFO[event].family];
		if (selected.includes(event) && !byAction.has(action)) byAction.set(action, event);
	}
	return [...byAction].map(([action, event]) => ({
		action,
		event,
		url: `${target}?k=${encodeURIComponent(secret)}&event=${event}`,
		label: `n8n: ${workflow} (${event})`,
	}));
}

// ---------------------------------------------------------------------------
// What the node remembers

function storedWebhooks(ctx: IHookFunctions): StoredWebhook[] {
	const stored = ctx.getWorkflowStaticData('node')[STATIC_KEY];
	return Array.isArray(stored) ? (stored as unknown as StoredWebhook[]) : [];
}

/** The entries for this node URL; those for the other URL (Test or Production) stay as they are. */
function rememberedFor(ctx: IHookFunctions, target: string): StoredWebhook[] {
	return storedWebhooks(ctx).filter((entry) => entry.target === target);
}

function remember(ctx: IHookFunctions, target: string, entries: StoredWebhook[]) {
	const byId = new Map(entries.map((entry) => [entry.webhookId, entry]));
	const others = storedWebhooks(ctx).filter((entry) => entry.target !== target);
	const kept = [...others, ...byId.values()];
	const data = ctx.getWorkflowStaticData('node');
	// Assigning a new value marks static data as changed, which is what makes n8n save it.
	if (kept.length === 0) delete data[STATIC_KEY];
	else data[STATIC_KEY] = kept as unknown as IDataObject[];
}

// ---------------------------------------------------------------------------
// Talking to Hiboutik

/**
 * The API credential, checked before anything is sent. It is only available
 * in Automatic mode (the credential is shown for it alone).
 */
async function apiCredential(ctx: IHookFunctions): Promise<IDataObject> {
	const credentials = await ctx.getCredentials<IDataObject>(CREDENTIAL_TYPE);
	const root = apiRoot(credentials);
	if ('problem' in root) {
		throw new NodeOperationError(ctx.getNode(), root.problem, { description: 'Edit the Hiboutik API credential of this node.' });
	}
	return credentials;
}

const LOOPBACK = /^(?:localhost|.+\.localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/**
 * Hiboutik calls from its own servers: a webhook to localhost would be
 * accepted and never called. Allowed only when the credential sends the API
 * calls to a Base URL of its own (a local Hiboutik for testing).
 */
function refuseUnreachableUrl(ctx: IHookFunctions, target: string, credentials: IDataObject) {
	const customBase = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '';
	if (customBase || !LOOPBACK.test(new URL(target).hostname)) return;
	throw new NodeOperationError(ctx.getNode(), `Hiboutik cannot reach this n8n: its webhook URL is ${target}`, {
		description:
			"Hiboutik calls webhooks from the internet, and this address only exists on the n8n computer. Set n8n's WEBHOOK_URL to the public https address of this n8n, or choose Manual registration.",
	});
}

async function registeredWebhooks(ctx: IHookFunctions): Promise<IDataObject[]> {
	return await HIBOUTIK_OPERATIONS.webhook.getAll.run(hiboutikCalls(ctx, 0), {});
}

const webhookIdOf = (record: IDataObject): number | undefined => {
	const id = Number(record.webhook_id);
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/** Hiboutik's webhooks that are this planned one: the same URL (secret and event included) and action. */
function matching(registered: IDataObject[], planned: PlannedWebhook): StoredWebhook[] {
	return registered
		.filter((record) => record.webhook_url === planned.url)
		.filter((record) => record.webhook_action === undefined || String(record.webhook_action) === planned.action)
		.map((record) => webhookIdOf(record))
		.filter((id): id is number => id !== undefined)
		.map((webhookId) => ({ webhookId, action: planned.action, event: planned.event, target: targetOf(planned.url) }));
}

const targetOf = (url: string) => url.split('?')[0];

async function createWebhook(ctx: IHookFunctions, planned: PlannedWebhook): Promise<StoredWebhook> {
	const operation = HIBOUTIK_OPERATIONS.webhook.create;
	const body = operation.schema.parse({ webhookLabel: planned.label, webhookUrl: planned.url, webhookAction: planned.action });
	const [created] = await operation.run(hiboutikCalls(ctx, 0), body);
	const webhookId = webhookIdOf(created ?? {});
	if (webhookId === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'Hiboutik did not answer the new webhook\'s webhook_id', {
			description: `Hiboutik may have registered the ${planned.action} webhook anyway: look for "${planned.label}" in Hiboutik's webhooks and delete it.`,
		});
	}
	return { webhookId, action: planned.action, event: planned.event, target: targetOf(planned.url) };
}

/**
 * Deletes webhooks; returns those still in Hiboutik. A webhook Hiboutik no
 * longer lists is gone, whatever it answered to its deletion (Hiboutik does
 * not document its answer for an unknown id).
 */
async function deleteWebhooks(ctx: IHookFunctions, webhooks: StoredWebhook[]): Promise<StoredWebhook[]> {
	const failed: StoredWebhook[] = [];
	for (const webhook of webhooks) {
		try {
			await HIBOUTIK_OPERATIONS.webhook.delete.run(hiboutikCalls(ctx, 0), { webhookId: webhook.webhookId });
		} catch {
			failed.push(webhook);
		}
	}
	if (failed.length === 0) return [];
	try {
		const listed = new Set((await registeredWebhooks(ctx)).map((record) => webhookIdOf(record)));
		return failed.filter((webhook) => listed.has(webhook.webhookId));
	} catch {
		return failed;
	}
}

// ---------------------------------------------------------------------------
// The trigger's webhookMethods, in Automatic mode

/**
 * True when every planned webhook is registered in Hiboutik and the node
 * remembers no other one for its URL (an earlier secret or event choice,
 * which create then deletes). The ids found are remembered: taken over when
 * an earlier activation's were lost.
 */
export async function webhooksExist(ctx: IHookFunctions, plan: PlannedWebhook[]): Promise<boolean> {
	if (plan.length === 0) return false;
	await apiCredential(ctx);
	const registered = await registeredWebhooks(ctx);
	const found = plan.map((planned) => matching(registered, planned));
	if (found.some((list) => list.length === 0)) return false;
	const target = targetOf(plan[0].url);
	const current = found.flat();
	if (rememberedFor(ctx, target).some((entry) => !current.some((c) => c.webhookId === entry.webhookId))) return false;
	remember(ctx, target, current);
	return true;
}

/**
 * Registers what is missing of the plan, takes over what is already there,
 * then deletes this node's earlier webhooks the plan no longer uses (another
 * secret, other events). If a registration fails, those made by this call
 * are deleted again and the activation fails with Hiboutik's answer.
 */
export async function registerWebhooks(ctx: IHookFunctions, plan: PlannedWebhook[]): Promise<void> {
	const credentials = await apiCredential(ctx);
	const target = targetOf(nodeWebhookUrl(ctx));
	refuseUnreachableUrl(ctx, target, credentials);
	const registered = await registeredWebhooks(ctx);
	const kept: StoredWebhook[] = [];
	const created: StoredWebhook[] = [];
	let failure: unknown;
	try {
		for (const planned of plan) {
			const existing = matching(registered, planned);
			if (existing.length > 0) kept.push(...existing);
			else created.push(await createWebhook(ctx, planned));
		}
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		await deleteWebhooks(ctx, created);
		// Hiboutik's refusals are NodeApiErrors already (api.ts) and keep their wording.
		throw failure instanceof ExecutionBaseError ? failure : new NodeOperationError(ctx.getNode(), failure as Error);
	}
	const current = [...kept, ...created];
	const outdated = rememberedFor(ctx, target).filter((entry) => !current.some((c) => c.webhookId === entry.webhookId));
	// Ones that could not be deleted now stay remembered, for deactivation to try again.
	remember(ctx, target, [...current, ...(await deleteWebhooks(ctx, outdated))]);
}

/**
 * Deletes the webhooks this node registered for its current URL. Returns false
 * when some could not be deleted (they stay remembered and are tried again on
 * the next activation or deactivation).
 */
export async function unregisterWebhooks(ctx: IHookFunctions): Promise<boolean> {
	const target = targetOf(nodeWebhookUrl(ctx));
	const remembered = rememberedFor(ctx, target);
	if (remembered.length === 0) return true;
	const left = await deleteWebhooks(ctx, remembered);
	remember(ctx, target, left);
	if (left.length > 0) {
		const ids = left.map((webhook) => webhook.webhookId).join(', ');
		ctx.logger.warn(`Hiboutik Trigger: could not delete its webhooks ${ids} in Hiboutik; the next activation or deactivation tries again`);
	}
	return left.length === 0;
}

// ---------------------------------------------------------------------------
// The full sale of a sale callback

/**
 * Hiboutik waits for the callback's answer (it shows an "alerte" to the
 * cashier), and the answer is sent once the sale is fetched: short waits and
 * one retry only.
 */
const SALE_FETCH_LIMITS: CallLimits = {
	policy: { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1000 },
	timeoutMs: 8000,
};

/** The sale as GET /sales/{id} shows it, or why it could not be fetched. */
export async function fetchFullSale(ctx: IWebhookFunctions, saleId: number): Promise<{ sale: IDataObject } | { error: string }> {
	try {
		const [sale] = await HIBOUTIK_OPERATIONS.sale.get.run(hiboutikCalls(ctx, 0, SALE_FETCH_LIMITS), { saleId });
		return { sale };
	} catch (error) {
		return { error: errorMessage(error) };
	}
}
