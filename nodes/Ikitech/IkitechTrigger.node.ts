import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import {
	acknowledgeWithoutRunning,
	parsePayload,
	badRequest,
	CALLBACK_TRIGGER_VERSIONS,
	CALLBACK_WEBHOOKS,
	CallbackRefusal,
	forbidden,
	handleCallback,
	isDuplicateCallback,
	readJsonBody,
	readRawBody,
	safeHeaders,
} from '../shared/callback';
import { secretsMatch } from '../shared/secrets';
import { EVENT_OPTIONS, IKITECH_EVENTS, isIkitechEvent, type IkitechEvent } from './events';
import { buildEventJson, duplicateKey } from './output';
import { IKITECH_SAMPLES } from './samples';
import { DATA_SCHEMAS, envelopeSchema, type IkitechCallbackBody } from './schemas';
import { tokenProblem } from './token';

const CREDENTIAL = 'ikitechApi';

interface TriggerOptions {
	ignoreDuplicates?: boolean;
}

function selectedEvents(ctx: IWebhookFunctions | IHookFunctions): IkitechEvent[] {
	return (ctx.getNodeParameter('events', []) as string[]).filter(isIkitechEvent);
}

/** IKITECH puts the store's public-API token in a `Token` header; Node lowercases header names. */
async function checkToken(ctx: IWebhookFunctions): Promise<void> {
	const { token } = await ctx.getCredentials<{ token?: string }>(CREDENTIAL);
	const sent = ctx.getHeaderData().token;
	if (!secretsMatch(typeof sent === 'string' ? sent : undefined, token ?? '')) throw forbidden('Token header');
}

/**
 * Everything after authentication, shared by real callbacks and the sample
 * GET. `rawBody` is the exact text IKITECH sent; a sample has none and is never
 * treated as a duplicate.
 */
function handleEnvelope(ctx: IWebhookFunctions, envelope: IkitechCallbackBody, rawBody?: string): IWebhookResponseData {
	const event = envelope.type;
	if (!selectedEvents(ctx).includes(event)) return acknowledgeWithoutRunning(ctx, 'event not selected', { event });
	const data = parsePayload(DATA_SCHEMAS[event], envelope.data, 'data');
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	if (rawBody !== undefined && options.ignoreDuplicates === true && isDuplicateCallback(ctx, duplicateKey(event, data, rawBody))) {
		return acknowledgeWithoutRunning(ctx, 'duplicate', { event });
	}
	return { workflowData: [[{ json: buildEventJson(event, data, safeHeaders(ctx), new Date()) }]] };
}

async function receiveCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	await checkToken(ctx);
	const envelope = parsePayload(envelopeSchema, await readJsonBody(ctx));
	return handleEnvelope(ctx, envelope, await readRawBody(ctx));
}

function sampleEventFor(ctx: IWebhookFunctions): IkitechEvent {
	const requested = (ctx.getQueryData() as IDataObject).sample;
	if (requested === undefined || requested === '') {
		const selected = selectedEvents(ctx);
		return selected.includes('NEW_ORDER') || selected.length === 0 ? 'NEW_ORDER' : selected[0];
	}
	const event = String(requested).trim().toUpperCase();
	if (!isIkitechEvent(event)) {
		throw badRequest(`Unknown sample "${String(requested)}"; use ?sample= one of ${IKITECH_EVENTS.join(', ')}`);
	}
	return event;
}

const onlyPostInProduction = () =>
	new CallbackRefusal(
		405,
		'This URL accepts POST callbacks from IKITECH only. Sample data is served on the test URL while the editor listens for a test event.',
		{ Allow: 'POST' },
	);

/**
 * GET on the test URL (`?sample=NEW_ORDER`) emits that event's sample exactly
 * as a real callback would, so a flow can be built before the store sends
 * anything. It needs no token: the test URL only answers while the user is
 * listening in the editor. The production URL refuses GET.
 */
function emitSample(ctx: IWebhookFunctions): IWebhookResponseData {
	if (ctx.getMode() !== 'manual') throw onlyPostInProduction();
	return handleEnvelope(ctx, IKITECH_SAMPLES[sampleEventFor(ctx)]);
}

export class IkitechTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IKITECH Trigger',
		name: 'ikitechTrigger',
		icon: { light: 'file:ikitech.svg', dark: 'file:ikitech.dark.svg' },
		group: ['trigger'],
		...CALLBACK_TRIGGER_VERSIONS,
		subtitle:
			'={{ ($parameter["events"] || []).length > 3 ? ($parameter["events"].length + " events") : ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when an IKITECH store adds, changes or deletes a product, order or customer',
		defaults: {
			name: 'IKITECH Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ikitechApi',
				required: true,
				testedBy: 'ikitechTokenCheck',
			},
		],
		webhooks: CALLBACK_WEBHOOKS,
		properties: [
			{
				displayName:
					'In your IKITECH store settings, paste this node\'s Production URL as the Web hook address. IKITECH sends every event to that one URL; the events selected below start the workflow, the others are acknowledged and ignored. To build the flow before a real event arrives, click "Execute step" and open the Test URL with ?sample=NEW_ORDER (or any event name) in your browser.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: [...IKITECH_EVENTS],
				description: 'The IKITECH events that start the workflow',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: false,
						description:
							'Whether to skip a callback that repeats one already received in the last 7 days: the same event for the same record and the same updated_at (for deletions, the same name, phone number or order code)',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			// IKITECH documents no API call that a token could be tried against
			// cheaply, so the test checks what can be checked offline: the token
			// is there and was copied without stray spaces.
			async ikitechTokenCheck(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = tokenProblem(credential.data?.token);
				if (problem !== undefined) return { status: 'Error', message: problem };
				return {
					status: 'OK',
					message: 'The token looks usable. IKITECH will confirm it with the first callback it sends.',
				};
			},
		},
	};

	// IKITECH has no API to register a webhook: the user pastes the URL into the
	// store settings. So there is nothing to look up or remove; activation only
	// checks that the configuration can ever accept a callback.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { token } = await this.getCredentials<{ token?: string }>(CREDENTIAL);
				const problem = tokenProblem(token);
				if (problem !== undefined) {
					throw new NodeOperationError(this.getNode(), `IKITECH credential: ${problem}`, {
						description: 'Every callback would be refused with 403 until the token is fixed.',
					});
				}
				if (selectedEvents(this).length === 0) {
					throw new NodeOperationError(this.getNode(), 'Select at least one IKITECH event', {
						description: 'With no event selected, no callback would ever start this workflow.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback(this, async () =>
			this.getRequestObject().method === 'GET' ? emitSample(this) : await receiveCallback(this),
		);
	}
}
