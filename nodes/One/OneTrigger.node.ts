import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
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
	badRequest,
	CALLBACK_TRIGGER_VERSIONS,
	CALLBACK_WEBHOOKS,
	CallbackRefusal,
	fingerprint,
	handleCallback,
	isDuplicateCallback,
	readJsonBody,
	readRawBody,
	safeHeaders,
} from '../shared/callback';
import { authenticateOneCall, credentialProblem, ONE_CREDENTIAL, readBasicCredentials } from './auth';
import { findOneEvent, identifyOneEvent, ONE_EVENT_NAMES, ONE_EVENTS, type OneEventName } from './events';
import { ONE_SAMPLES } from './samples';
import {
	deliveryIdOf,
	eventCluesInBody,
	normaliseOnePayload,
	parseOneEventData,
	splitOneBody,
	type OneEventData,
} from './schemas';
import { isOneTestRequest } from './testRequests';
import { ONE_API_CREDENTIAL } from './api';
import { adoptExisting, registerWebhooks, unregisterWebhooks, type RegistrationMode } from './registration';

interface OneTriggerOptions {
	ignoreDuplicates?: boolean;
	ignoreTestRequests?: boolean;
}

/** One received callback, before we decide whether it starts the workflow. */
interface OneCallback {
	body: unknown;
	raw: string;
	/** our own sample, emitted on request: never a duplicate, never remembered */
	isSample?: boolean;
}

function selectedEvents(ctx: IWebhookFunctions | IHookFunctions): OneEventName[] {
	const events = ctx.getNodeParameter('events', []) as string[];
	return events.filter((e): e is OneEventName => (ONE_EVENT_NAMES as readonly string[]).includes(e));
}

function registrationOf(ctx: IHookFunctions): RegistrationMode {
	return ctx.getNodeParameter('registration', 'manual') === 'automatic' ? 'automatic' : 'manual';
}

/** What activation needs in both modes: events, and a credential ONe's calls can be checked against. */
async function checkedConfiguration(ctx: IHookFunctions) {
	const events = selectedEvents(ctx);
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one ONe event in "Events"');
	}
	const basic = readBasicCredentials(await ctx.getCredentials(ONE_CREDENTIAL));
	const problem = credentialProblem(basic);
	if (problem !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `ONe webhook credential: ${problem}`);
	}
	return { events, basic };
}

function optionsOf(ctx: IWebhookFunctions): OneTriggerOptions {
	return ctx.getNodeParameter('options', {}) as OneTriggerOptions;
}

/** `?event=…`; a repeated parameter counts by its first value. */
function queryValue(ctx: IWebhookFunctions, name: string): string | undefined {
	const value = (ctx.getQueryData() as IDataObject)[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/**
 * Dedup key: the delivery id the body carries, if any; otherwise the event,
 * its ids and a fingerprint of the exact bytes, so only a byte-identical
 * repeat of the same event is dropped.
 */
function duplicateKey(event: OneEventName, data: OneEventData, deliveryId: string | undefined, raw: string): string {
	if (deliveryId !== undefined) return `${event}:id:${deliveryId}`;
	return `${event}:${data.customerId}:${data.cartId ?? data.offerId ?? ''}:${fingerprint(raw)}`;
}

/** Turns one callback into the workflow's item, or answers it without running (steps in the brief's order). */
function processCallback(ctx: IWebhookFunctions, callback: OneCallback): IWebhookResponseData {
	const options = optionsOf(ctx);
	const body = splitOneBody(callback.body);
	const normalised = normaliseOnePayload(body);
	const test = isOneTestRequest(ctx.getHeaderData(), body, normalised as IDataObject);
	// Checked before the event: ONe's example request need not name a known event or carry valid ids.
	if (test && options.ignoreTestRequests === true) {
		return acknowledgeWithoutRunning(ctx, 'test request ignored');
	}

	const selected = selectedEvents(ctx);
	const event = identifyOneEvent({ fromBody: eventCluesInBody(body), fromQuery: queryValue(ctx, 'event'), selected });
	if (!selected.includes(event)) return acknowledgeWithoutRunning(ctx, 'event not selected', { event });

	const data = parseOneEventData(event, normalised);
	// A repeated "Submit test webhook" click or sample request is not a duplicate event: the user wants to see it.
	if (options.ignoreDuplicates === true && !test && callback.isSample !== true) {
		if (isDuplicateCallback(ctx, duplicateKey(event, data, deliveryIdOf(body), callback.raw))) {
			return acknowledgeWithoutRunning(ctx, 'duplicate', { event });
		}
	}

	const json: IDataObject = {
		event,
		receivedAt: new Date().toISOString(),
		test,
		data: data as IDataObject,
		...(body.envelope ? { envelope: body.envelope as IDataObject } : {}),
		headers: safeHeaders(ctx),
	};
	return { workflowData: [[{ json }]] };
}

const onlyPostInProduction = () =>
	new CallbackRefusal(405, 'This URL only accepts POST requests from ONe', { Allow: 'POST' });

/**
 * GET on the test URL (while "Listen for test event" runs) emits the sample of
 * `?sample=<event>` (default: the first selected event) exactly as if ONe had
 * sent it, so a flow can be built before ONe sends anything. It needs no
 * password: it only ever returns our own sample, and the test URL lives only
 * while the editor listens. Production URLs do not answer GET.
 */
function emitSample(ctx: IWebhookFunctions): IWebhookResponseData {
	if (ctx.getMode() !== 'manual') throw onlyPostInProduction();
	const selected = selectedEvents(ctx);
	const asked = queryValue(ctx, 'sample');
	const event = asked === undefined || asked === '' ? selected[0] : findOneEvent(asked);
	if (event === undefined) {
		throw badRequest(`Add ?sample= with one of: ${ONE_EVENT_NAMES.join(', ')}`);
	}
	if (!selected.includes(event)) {
		throw badRequest(`The event ${event} is not selected in this node; select it or ask for one of: ${selected.join(', ')}`);
	}
	const sample = ONE_SAMPLES[event];
	return processCallback(ctx, { body: sample, raw: JSON.stringify(sample), isSample: true });
}

export class OneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ONe Trigger',
		name: 'oneTrigger',
		icon: { light: 'file:one.svg', dark: 'file:one.dark.svg' },
		group: ['trigger'],
		...CALLBACK_TRIGGER_VERSIONS,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when ONe by Unity (B2B sales platform) calls a webhook: cart opened, client logged, offer opened',
		defaults: { name: 'ONe Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'oneWebhookApi', required: true, testedBy: 'oneWebhookApiTest' },
			{ name: ONE_API_CREDENTIAL, required: true, displayOptions: { show: { registration: ['automatic'] } } },
		],
		webhooks: CALLBACK_WEBHOOKS,
		properties: [
			{
				displayName: 'Webhook Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Manual',
						value: 'manual',
						description: 'You create the webhooks in ONe\'s back office and paste this node\'s URL there',
					},
					{
						name: 'Automatic',
						value: 'automatic',
						description:
							'The node creates its webhooks in ONe through ONe\'s API when the workflow is activated, and deletes them when it is deactivated (needs an ONe API credential)',
					},
				],
				default: 'manual',
			},
			{
				displayName:
					'When the workflow is activated, this node creates one ONe webhook per selected event (HTTP_BASIC with the username and password of the ONe Webhook credential), and deletes them when it is deactivated. Nothing to paste in ONe. To try it, click "Submit test webhook" in ONe or use the ONe node\'s Send Example.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName:
					'In ONe: Configurations → Webhooks → Create webhook. Status: active; Calling event: the event; Webhook URL: this node\'s Production URL followed by ?event=cart_opened, ?event=client_logged or ?event=offer_opened (one ONe webhook per event); authentication type HTTP_BASIC with the username and password of this node\'s credential. Then click "Submit test webhook".',
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['cart_opened', 'client_logged', 'offer_opened'],
				description: 'The ONe events that start the workflow; others are answered and ignored',
				options: ONE_EVENTS.map((e) => ({ name: e.displayName, value: e.name, description: e.description })),
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
							'Whether to skip a call ONe repeats (same delivery ID, or byte-for-byte the same event) within 7 days',
					},
					{
						displayName: 'Ignore Test Requests',
						name: 'ignoreTestRequests',
						type: 'boolean',
						default: false,
						description:
							'Whether to answer ONe\'s "Submit test webhook" requests without starting the workflow. When off, they start it with "test": true.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async oneWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = credentialProblem(readBasicCredentials(credential.data));
				return problem === undefined
					? { status: 'OK', message: 'Usable: type the same username and password in the ONe webhook form' }
					: { status: 'Error', message: problem };
			},
		},
	};

	/**
	 * Manual registration: the user creates the ONe webhooks in ONe's back
	 * office (the URL is pasted there), so there is nothing to register:
	 * `checkExists` says no, `create` only checks the node can authenticate
	 * ONe's calls, `delete` has nothing to undo.
	 *
	 * Automatic registration: the node creates and deletes its ONe webhooks
	 * through ONe's API (registration.ts says how, and why each step may run
	 * twice).
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (registrationOf(this) === 'manual') return false;
				const { events, basic } = await checkedConfiguration(this);
				return await adoptExisting(this, events, basic);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { events, basic } = await checkedConfiguration(this);
				if (registrationOf(this) === 'automatic') await registerWebhooks(this, events, basic);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (registrationOf(this) === 'manual') return true;
				try {
					await unregisterWebhooks(this);
					return true;
				} catch (error) {
					// Deactivating must not fail because ONe cannot be reached; the next
					// activation removes whatever of ours ONe still has.
					this.logger.warn(`ONe Trigger: could not delete its webhooks in ONe: ${(error as Error).message}`);
					return false;
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback(this, async () => {
			if (this.getRequestObject().method === 'GET') return emitSample(this);
			await authenticateOneCall(this);
			return processCallback(this, { body: await readJsonBody(this), raw: await readRawBody(this) });
		});
	}
}
