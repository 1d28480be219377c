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
	parsePayload,
	badRequest,
	CALLBACK_TRIGGER_VERSIONS,
	CALLBACK_WEBHOOKS,
	CallbackRefusal,
	contentTypeOf,
	fingerprint,
	forbidden,
	handleCallback,
	isDuplicateCallback,
	readRawBody,
	safeHeaders,
} from '../shared/callback';
import { parseStr } from '../shared/phpQuery';
import { secretsMatch } from '../shared/secrets';
import {
	EVENT_INFO,
	EVENT_OPTIONS,
	EVENTS_BY_FAMILY,
	HIBOUTIK_EVENTS,
	SETTINGS_FIELD,
	identifyEvent,
	isHiboutikEvent,
	type HiboutikEvent,
	type HiboutikEventFamily,
} from './events';
import { CREDENTIAL_TYPE as API_CREDENTIAL } from './api';
import { SAMPLE_BODIES } from './samples';
import { schemaFor, type HiboutikPayload, type HiboutikSale } from './schemas';
import { secretProblem } from './secret';
import { fetchFullSale, nodeWebhookUrl, planWebhooks, registerWebhooks, unregisterWebhooks, webhooksExist } from './triggerApi';

const CREDENTIAL = 'hiboutikCallbackApi';
const FORM = 'application/x-www-form-urlencoded';
const ONLY_POST = { Allow: 'POST' };

/** An answer to the caller, not an error of the node: handleCallback sends its status and starts nothing. */
const refusal = (status: number, message: string, headers?: Record<string, string>) =>
	new CallbackRefusal(status, message, headers);

/** Who puts the node's URL in Hiboutik: the user (pasted in the settings) or the node (through the API). */
type Registration = 'manual' | 'automatic';

interface Settings {
	events: HiboutikEvent[];
	ignoreDuplicates: boolean;
	alertMessage: string;
	/** add the full sale (GET /sales/{id}) to sale_validated items */
	enrichSale: boolean;
}

/** One callback, read and identified, before it is checked against the node's settings. */
interface Callback {
	event: HiboutikEvent;
	raw: string;
	fields: Record<string, unknown>;
}

function readRegistration(ctx: IWebhookFunctions | IHookFunctions): Registration {
	return ctx.getNodeParameter('registration', 'manual') === 'automatic' ? 'automatic' : 'manual';
}

const selectedEvents = (ctx: IWebhookFunctions | IHookFunctions) =>
	(ctx.getNodeParameter('events', []) as unknown[]).filter(isHiboutikEvent);

function readSettings(ctx: IWebhookFunctions): Settings {
	const options = ctx.getNodeParameter('options', {}) as { ignoreDuplicates?: boolean; alertMessage?: string; enrichSale?: boolean };
	return {
		events: selectedEvents(ctx),
		ignoreDuplicates: options.ignoreDuplicates === true,
		alertMessage: (options.alertMessage ?? '').trim(),
		// The API credential, which fetching needs, exists in Automatic mode only.
		enrichSale: options.enrichSale === true && readRegistration(ctx) === 'automatic',
	};
}

async function callbackSecret(ctx: IWebhookFunctions | IHookFunctions): Promise<string> {
	const { secret } = await ctx.getCredentials<{ secret?: unknown }>(CREDENTIAL);
	return typeof secret === 'string' ? secret : '';
}

function queryParameter(ctx: IWebhookFunctions, name: string): unknown {
	return (ctx.getQueryData() as IDataObject)[name];
}

/** Hiboutik cannot sign: the secret is the `k` query parameter of the URL pasted in Hiboutik. */
function authenticate(ctx: IWebhookFunctions, secret: string) {
	const sent = queryParameter(ctx, 'k');
	if (!secretsMatch(typeof sent === 'string' ? sent : undefined, secret)) {
		throw forbidden('secret: the URL pasted in Hiboutik must end with ?k=<the secret of this node\'s credential>');
	}
}

/**
 * The form exactly as Hiboutik posted it. n8n parses forms flat
 * (`line_items[0][product_id]` stays one key), so the nested data is rebuilt
 * from the raw body with PHP's own rules.
 */
async function readForm(ctx: IWebhookFunctions): Promise<Pick<Callback, 'raw' | 'fields'>> {
	const type = contentTypeOf(ctx);
	if (type !== FORM) {
		throw refusal(415, `Expected a form body (Content-Type: ${FORM}), as Hiboutik sends; got "${type || 'none'}"`);
	}
	const raw = await readRawBody(ctx);
	if (raw.trim() === '') throw badRequest('The body is empty; Hiboutik always posts the fields of the event');
	const fields = parseStr(raw);
	if (Object.keys(fields).length === 0) throw badRequest('The body has no form fields');
	return { raw, fields };
}

/**
 * With "Ignore Duplicates", what makes two callbacks the same: a sale by its id
 * and closing number, a customer by id and content (a second change to the same
 * customer is new), anything else by its exact content.
 */
function duplicateKey(family: HiboutikEventFamily, event: HiboutikEvent, data: HiboutikPayload, raw: string): string {
	if (family === 'sale') {
		const sale = data as HiboutikSale;
		const closing = sale.unique_sale_id ?? sale.unique_order_id;
		return `sale:${sale.sale_id ?? sale.order_id}${closing === undefined ? '' : `:${closing}`}`;
	}
	if (family === 'customer') return `customer:${String(data.customer_id)}:${fingerprint(raw)}`;
	return `${event}:${fingerprint(raw)}`;
}

/** What a sale workflow reaches for first, without digging into `data`. */
function saleSummary(data: HiboutikPayload): IDataObject {
	const sale = data as HiboutikSale;
	return {
		saleId: sale.sale_id ?? sale.order_id,
		customerId: sale.customer_id ?? null,
		total: sale.total ?? sale.sale_total_gross ?? null,
	};
}

/**
 * A proxy in front of n8n may copy the request URL, and so `k=<secret>`, into
 * a header (x-original-url, x-forwarded-uri, referer): such headers are left out.
 */
function headersWithoutSecret(ctx: IWebhookFunctions, secret: string): IDataObject {
	const headers = safeHeaders(ctx);
	if (secret === '') return headers;
	const forms = [secret, encodeURIComponent(secret)];
	return Object.fromEntries(
		Object.entries(headers).filter(([, value]) => !forms.some((form) => String(value).includes(form))),
	) as IDataObject;
}

/**
 * With "Add Full Sale": the sale as Hiboutik's API shows it, as `sale`. A
 * failure does not lose the callback: the workflow starts all the same, with
 * `enrichmentError` saying what went wrong (Hiboutik does not send a callback
 * again).
 */
async function fullSale(ctx: IWebhookFunctions, data: HiboutikPayload): Promise<IDataObject> {
	const sale = data as HiboutikSale;
	const saleId = sale.sale_id ?? sale.order_id;
	if (saleId === undefined) return { enrichmentError: 'The callback names no sale' };
	const fetched = await fetchFullSale(ctx, saleId);
	return 'sale' in fetched ? { sale: fetched.sale } : { enrichmentError: fetched.error };
}

/** The shared end of a real callback and a sample: settings, validation, duplicates, then the item. */
async function startWorkflow(
	ctx: IWebhookFunctions,
	settings: Settings,
	secret: string,
	{ event, raw, fields }: Callback,
	checkDuplicates: boolean,
): Promise<IWebhookResponseData> {
	if (!settings.events.includes(event)) return acknowledgeWithoutRunning(ctx, 'event not selected', { event });
	const data = parsePayload(schemaFor(event), fields, 'data');
	const family = EVENT_INFO[event].family;
	if (checkDuplicates && settings.ignoreDuplicates && isDuplicateCallback(ctx, duplicateKey(family, event, data, raw))) {
		return acknowledgeWithoutRunning(ctx, 'duplicate', { event });
	}
	const json: IDataObject = {
		event,
		receivedAt: new Date().toISOString(),
		...(family === 'sale' ? saleSummary(data) : {}),
		data: data as IDataObject,
		...(settings.enrichSale && event === 'sale_validated' ? await fullSale(ctx, data) : {}),
		headers: headersWithoutSecret(ctx, secret),
	};
	const workflowData = [[{ json }]];
	// Hiboutik shows an {"alerte": ...} answer to the cashier.
	return settings.alertMessage === '' ? { workflowData } : { workflowData, webhookResponse: { alerte: settings.alertMessage } };
}

async function receiveCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secret = await callbackSecret(ctx);
	authenticate(ctx, secret);
	const form = await readForm(ctx);
	const settings = readSettings(ctx);
	const event = identifyEvent(queryParameter(ctx, 'event'), settings.events);
	return await startWorkflow(ctx, settings, secret, { event, ...form }, true);
}

/**
 * `GET <Test URL>?sample=<event>` while the editor listens for a test event:
 * the event's sample callback goes through the same steps as a real one, so a
 * workflow can be built before Hiboutik sends anything. Never on the
 * Production URL, which only takes Hiboutik's POSTs.
 */
async function emitSample(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (ctx.getMode() !== 'manual') {
		throw refusal(
			405,
			'Hiboutik callbacks are POST requests. Sample data (GET ?sample=<event>) is only served on the Test URL while the editor listens for a test event.',
			ONLY_POST,
		);
	}
	const settings = readSettings(ctx);
	const asked = queryParameter(ctx, 'sample');
	const event = asked === undefined || asked === '' ? (settings.events[0] ?? 'sale_validated') : asked;
	if (!isHiboutikEvent(event)) {
		throw badRequest(`Unknown sample "${String(event).slice(0, 60)}". Valid names: ${HIBOUTIK_EVENTS.join(', ')}`);
	}
	const raw = SAMPLE_BODIES[event];
	return await startWorkflow(ctx, settings, await callbackSecret(ctx), { event, raw, fields: parseStr(raw) }, false);
}

/** The callback secret, refused on activation when it cannot protect a URL. */
async function usableSecret(ctx: IHookFunctions): Promise<string> {
	const secret = await callbackSecret(ctx);
	const problem = secretProblem(secret);
	if (problem !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `Hiboutik callback secret: ${problem}`, {
			description: 'Edit the Hiboutik Callback Secret credential of this node.',
		});
	}
	return secret;
}

/** The webhooks Automatic registration wants in Hiboutik for the node's current URL, secret and events. */
async function plannedWebhooks(ctx: IHookFunctions) {
	return planWebhooks(ctx, nodeWebhookUrl(ctx), await callbackSecret(ctx), selectedEvents(ctx));
}

/**
 * One list entry per Hiboutik settings field: where to paste, and the URL's
 * shape. A field that serves several events still holds one URL, and Hiboutik
 * does not say which of them happened: the entry says so plainly. (n8n's
 * notices keep links and lists only, so the layout is a <ul>.)
 */
function setupLines(): string {
	const entries = Object.entries(EVENTS_BY_FAMILY).map(([family, events]) => {
		const line = `${SETTINGS_FIELD[family as HiboutikEventFamily]}: Production URL + ?k=YOUR_SECRET&amp;event=${events[0]}`;
		if (events.length === 1) return `<li>${line}</li>`;
		return `<li>${line} (Hiboutik calls this one URL for ${events.join(', ')} alike: the workflow sees the event named in the URL)</li>`;
	});
	return `<ul>${entries.join('')}</ul>`;
}

export class HiboutikTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hiboutik Trigger',
		name: 'hiboutikTrigger',
		icon: { light: 'file:hiboutik.svg', dark: 'file:hiboutik.dark.svg' },
		group: ['trigger'],
		...CALLBACK_TRIGGER_VERSIONS,
		subtitle: '={{ $parameter["events"].length === 1 ? $parameter["events"][0] : $parameter["events"].length + " events" }}',
		description: 'Starts the workflow when Hiboutik (point of sale) calls back: a sale, a payment, a customer, the schedule',
		defaults: { name: 'Hiboutik Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'hiboutikCallbackApi', required: true, testedBy: 'hiboutikCallbackSecretTest' },
			// Only asked for when the node registers its webhooks itself.
			{ name: API_CREDENTIAL, required: true, displayOptions: { show: { registration: ['automatic'] } } },
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
						name: "Automatic: Register the Webhook Through Hiboutik's API",
						value: 'automatic',
						description:
							'Needs a Hiboutik API credential. The node adds its webhooks in Hiboutik when the workflow is activated and removes them when it is deactivated.',
					},
					{
						name: 'Manual: I Paste the URL in Hiboutik',
						value: 'manual',
						description: "You paste this node's URL in Hiboutik's settings yourself",
					},
				],
				default: 'manual',
				description: "How this node's URL gets into Hiboutik",
			},
			{
				displayName:
					'Hiboutik does not say which event it calls about, so the URL you paste names it. In Hiboutik, open Settings → General settings and paste this node\'s Production URL (see "Webhook URLs" above) followed by your secret and the event:' +
					setupLines() +
					'With one event selected you can leave out &amp;event=... To try the node without Hiboutik, click "Execute step" and open the Test URL followed by ?sample=sale_validated (or another event name) in your browser.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName:
					"When the workflow is activated, this node adds its webhooks in Hiboutik through the API (one per Hiboutik action: sale, payment, customer, timestamp, schedule) and removes them when the workflow is deactivated; while you test it with \"Execute step\", it adds webhooks for the Test URL and removes them afterwards. Do not paste its URL in Hiboutik's settings as well, or each event would start the workflow twice. Hiboutik does not say which event of an action happened (a payment method selected, added or deleted are all \"payment\"; the callback icon is taken to be a \"sale\" action): the workflow sees the first selected event of that action, once per change in Hiboutik. Hiboutik must be able to reach n8n: n8n's webhook URL must be a public address, not localhost.",
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: [...HIBOUTIK_EVENTS],
				description:
					'The Hiboutik events that start this workflow. Callbacks for other events are answered but start nothing.',
			},
			{
				displayName:
					'Each callback gives one item: event, receivedAt, data (everything Hiboutik sent; lists such as data.line_items and their tags are rebuilt from its form) and headers; for sales also saleId, customerId and total. IDs, quantities and points are numbers. Amounts stay the exact text Hiboutik sent (e.g. "12.50") so no cent is lost to rounding: use Number(...) to calculate.',
				name: 'outputNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Alert for the Cashier',
						name: 'alertMessage',
						type: 'string',
						default: '',
						placeholder: 'Sale sent to the online shop',
						description:
							'A message Hiboutik shows at the till when the callback starts this workflow (Hiboutik displays it as HTML). Leave empty to answer without a message.',
					},
					{
						displayName: 'Add Full Sale',
						name: 'enrichSale',
						type: 'boolean',
						default: false,
						displayOptions: { show: { '/registration': ['automatic'] } },
						description:
							"Whether to fetch the whole sale from Hiboutik's API when a sale is validated and add it to the item as 'sale' (the callback's own 'data' stays as sent). If Hiboutik's API does not answer, the workflow still starts, with <code>enrichmentError</code> saying why.",
					},
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: false,
						description:
							'Whether to start nothing when Hiboutik sends the same callback again within 7 days. A sale counts once per sale and closing number; other events when their content is identical.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async hiboutikCallbackSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = secretProblem(credential.data?.secret);
				return problem === undefined
					? { status: 'OK', message: 'The secret can protect a Hiboutik callback URL' }
					: { status: 'Error', message: problem };
			},
		},
	};

	/**
	 * Manual registration: the user pastes the URLs into Hiboutik's settings, so
	 * there is nothing to find, register or remove (checkExists is false so that
	 * create always runs), and activation only checks that the node can work.
	 * Automatic registration: the node's webhooks are found, registered and
	 * removed through Hiboutik's API (triggerApi.ts). n8n runs these methods for
	 * each webhook of the node (the POST and the sample GET share one URL): the
	 * second checkExists finds what the first create registered.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (readRegistration(this) === 'manual') return false;
				return await webhooksExist(this, await plannedWebhooks(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = await usableSecret(this);
				if (selectedEvents(this).length === 0) {
					throw new NodeOperationError(this.getNode(), 'Select at least one Hiboutik event', {
						description: 'With no event selected, no callback would ever start this workflow.',
					});
				}
				if (readRegistration(this) === 'automatic') {
					await registerWebhooks(this, planWebhooks(this, nodeWebhookUrl(this), secret, selectedEvents(this)));
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (readRegistration(this) === 'manual') return true;
				return await unregisterWebhooks(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback(this, async () => {
			const method = this.getRequestObject().method;
			if (method === 'GET') return await emitSample(this);
			if (method !== 'POST') throw refusal(405, 'Hiboutik callbacks are POST requests', ONLY_POST);
			return await receiveCallback(this);
		});
	}
}
