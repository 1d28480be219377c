/**
 * The ONe Trigger's automatic registration: on activation it creates, through
 * ONe's webhook management API, one ONe webhook per selected event, calling
 * this node's URL with `?event=<event>` and HTTP Basic auth with the "ONe
 * Webhook" credential; on deactivation it deletes them.
 *
 * n8n runs checkExists → create, and later delete, once per webhook the node
 * declares (here twice: the POST and the sample-data GET share the URL). So
 * every step is safe to repeat: checkExists adopts our webhooks when ONe
 * already has all of them, create first removes any of ours left over (e.g.
 * registered with an old password), delete ignores webhooks already gone.
 *
 * "Ours" is read from ONe's list: a webhook whose callbackUrl is this node's
 * URL with `?event=<event>` and whose type is that event's. The ids are also
 * kept in the node's static data, so delete works even if listing fails.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type IHookFunctions, type JsonObject } from 'n8n-workflow';
import type { BasicCredentials } from '../shared/secrets';
import { createdIdOf, getAllRecords, isRecord, ONE_PATHS, sendOneRequest, failureError } from './api';
import { oneWebhookBody } from './apiOperations';
import { ONE_EVENTS, oneEventDefinition, type OneEventName } from './events';

export type RegistrationMode = 'manual' | 'automatic';

/** What the node remembers between activation and deactivation (n8n persists it). */
interface RegistrationState {
	/** event → id of the ONe webhook we created or adopted for it */
	oneWebhookIds?: Partial<Record<OneEventName, string>>;
}

const stateOf = (ctx: IHookFunctions) => ctx.getWorkflowStaticData('node') as RegistrationState;

/** The URL n8n serves this node at (production, or the editor's test URL while it listens). */
function nodeUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (url === undefined || url === '') throw new NodeOperationError(ctx.getNode(), 'n8n gave this node no webhook URL to register in ONe');
	return url;
}

/** This node's URL for one event, as registered in ONe. */
export function callbackUrlFor(nodeUrl: string, event: OneEventName): string {
	return `${nodeUrl}${nodeUrl.includes('?') ? '&' : '?'}event=${event}`;
}

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

function webhookIdOf(webhook: IDataObject): string | undefined {
	return text(webhook.id) ?? text(webhook.webhookId) ?? text(webhook.uuid);
}

/** The event one of ONe's webhooks is ours for, if it is one of ours. */
function ourEventOf(webhook: IDataObject, nodeUrl: string): OneEventName | undefined {
	const typeName = isRecord(webhook.webhookType) ? text(webhook.webhookType.name) : text(webhook.webhookType);
	return ONE_EVENTS.find((e) => webhook.callbackUrl === callbackUrlFor(nodeUrl, e.name) && typeName === e.webhookType)?.name;
}

/**
 * Whether ONe would call one of ours the way the node expects: active, with
 * HTTP Basic and the credential's username, and its password when ONe shows it
 * (ONe may well not show it; inferred).
 */
function callsAsExpected(webhook: IDataObject, basic: BasicCredentials): boolean {
	const auth = isRecord(webhook.callbackAuthentication) ? webhook.callbackAuthentication : {};
	if (webhook.status !== undefined && webhook.status !== 'ACTIVE') return false;
	if (auth.type !== 'HTTP_BASIC' || auth.username !== basic.user) return false;
	return typeof auth.password !== 'string' || auth.password === '' || /^\*+$/.test(auth.password) || auth.password === basic.password;
}

async function listWebhooks(ctx: IHookFunctions): Promise<IDataObject[]> {
	return await getAllRecords(ctx, ONE_PATHS.webhooks);
}

/** Deletes one ONe webhook; one already gone counts as deleted. */
async function deleteWebhook(ctx: IHookFunctions, id: string): Promise<void> {
	const { answer, attempts } = await sendOneRequest(ctx, { method: 'DELETE', path: ONE_PATHS.webhook(id), idempotent: true });
	if (answer.statusCode === 404 || (answer.statusCode >= 200 && answer.statusCode <= 299)) return;
	throw failureError(ctx, answer, undefined, attempts);
}

function webhookName(ctx: IHookFunctions, event: OneEventName): string {
	const workflow = ctx.getWorkflow().name ?? ctx.getWorkflow().id ?? '';
	return `n8n ${workflow}: ${oneEventDefinition(event).displayName}`.slice(0, 100);
}

/** checkExists: adopts our webhooks when ONe has one, usable, for every selected event. */
export async function adoptExisting(ctx: IHookFunctions, events: OneEventName[], basic: BasicCredentials): Promise<boolean> {
	const nodeUrl = nodeUrlOf(ctx);
	const found: Partial<Record<OneEventName, string>> = {};
	for (const webhook of await listWebhooks(ctx)) {
		const event = ourEventOf(webhook, nodeUrl);
		const id = webhookIdOf(webhook);
		if (event !== undefined && id !== undefined && found[event] === undefined && callsAsExpected(webhook, basic)) found[event] = id;
	}
	if (!events.every((event) => found[event] !== undefined)) return false;
	stateOf(ctx).oneWebhookIds = Object.fromEntries(events.map((event) => [event, found[event]]));
	return true;
}

/** create: replaces whatever of ours ONe has by one new webhook per selected event. */
export async function registerWebhooks(ctx: IHookFunctions, events: OneEventName[], basic: BasicCredentials): Promise<void> {
	const nodeUrl = nodeUrlOf(ctx);
	for (const webhook of await listWebhooks(ctx)) {
		const id = webhookIdOf(webhook);
		if (id !== undefined && ourEventOf(webhook, nodeUrl) !== undefined) await deleteWebhook(ctx, id);
	}
	const created: Partial<Record<OneEventName, string>> = {};
	try {
		for (const event of events) {
			const definition = oneEventDefinition(event);
			const body = oneWebhookBody({
				name: webhookName(ctx, event),
				status: 'ACTIVE',
				webhookType: { name: definition.webhookType, exchangeName: definition.exchangeName },
				callbackUrl: callbackUrlFor(nodeUrl, event),
				basic,
			});
			// Not idempotent: a 5xx is not sent again (the next activation cleans up whatever it left).
			const { answer, attempts } = await sendOneRequest(ctx, { method: 'POST', path: ONE_PATHS.webhooks, body, idempotent: false });
			if (answer.statusCode < 200 || answer.statusCode > 299) throw failureError(ctx, answer, undefined, attempts);
			created[event] = createdIdOf(answer) ?? (await findOurs(ctx, nodeUrl, event));
		}
	} catch (error) {
		// Half a registration is worse than none: ONe would call for some events only.
		for (const id of Object.values(created)) await deleteWebhook(ctx, id).catch(() => undefined);
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeApiError(ctx.getNode(), error as JsonObject);
	}
	stateOf(ctx).oneWebhookIds = created;
}

/** ONe answered a creation without an id: the id is read back from the list. */
async function findOurs(ctx: IHookFunctions, nodeUrl: string, event: OneEventName): Promise<string> {
	const found = (await listWebhooks(ctx)).find((webhook) => ourEventOf(webhook, nodeUrl) === event);
	const id = found === undefined ? undefined : webhookIdOf(found);
	if (id === undefined) {
		throw new NodeApiError(ctx.getNode(), {} as JsonObject, {
			message: `ONe accepted the ${event} webhook but did not say its ID, and it is not in ONe's list of webhooks`,
			description: 'Check Configurations → Webhooks in ONe.',
		});
	}
	return id;
}

/** delete: removes the webhooks we registered and any other of ours ONe still has. */
export async function unregisterWebhooks(ctx: IHookFunctions): Promise<void> {
	const state = stateOf(ctx);
	const nodeUrl = nodeUrlOf(ctx);
	const ids = new Set(Object.values(state.oneWebhookIds ?? {}));
	for (const webhook of await listWebhooks(ctx)) {
		const id = webhookIdOf(webhook);
		if (id !== undefined && ourEventOf(webhook, nodeUrl) !== undefined) ids.add(id);
	}
	for (const id of ids) await deleteWebhook(ctx, id);
	delete state.oneWebhookIds;
}
