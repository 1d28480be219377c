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
	CallbackRefusal,
	contentTypeOf,
	fingerprint,
	forbidden,
	handleCallback,
	isDuplicateCallback,
	parsePayload,
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
import { SAMPLE_BODIES } from './samples';
import { schemaFor, type HiboutikPayload, type HiboutikSale } from './schemas';
import { secretProblem } from './secret';

const CREDENTIAL = 'hiboutikCallbackApi';
const FORM = 'application/x-www-form-urlencoded';
const ONLY_POST = { Allow: 'POST' };

/** An answer to the caller, not an error of the node: handleCallback sends its status and starts nothing. */
const refusal = (status: number, message: string, headers?: Record<string, string>) =>
	new CallbackRefusal(status, message, headers);

interface Settings {
	events: HiboutikEvent[];
	ignoreDuplicates: boolean;
	alertMessage: string;
}

/** One callback, read and identified, before it is checked against the node's settings. */
interface Callback {
	event: HiboutikEvent;
	raw: string;
	fields: Record<string, unknown>;
}

function readSettings(ctx: IWebhookFunctions): Settings {
	const events = (ctx.getNodeParameter('events', []) as unknown[]).filter(isHiboutikEvent);
	const options = ctx.getNodeParameter('options', {}) as { ignoreDuplicates?: boolean; alertMessage?: string };
	return {
		events,
		ignoreDuplicates: options.ignoreDuplicates === true,
		alertMessage: (options.alertMessage ?? '').trim(),
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
function readForm(ctx: IWebhookFunctions): Pick<Callback, 'raw' | 'fields'> {
	const type = contentTypeOf(ctx);
	if (type !== FORM) {
		throw refusal(415, `Expected a form body (Content-Type: ${FORM}), as Hiboutik sends; got "${type || 'none'}"`);
	}
	const raw = readRawBody(ctx);
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

/** The shared end of a real callback and a sample: settings, validation, duplicates, then the item. */
function startWorkflow(
	ctx: IWebhookFunctions,
	settings: Settings,
	secret: string,
	{ event, raw, fields }: Callback,
	checkDuplicates: boolean,
): IWebhookResponseData {
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
		headers: headersWithoutSecret(ctx, secret),
	};
	const workflowData = [[{ json }]];
	// Hiboutik shows an {"alerte": ...} answer to the cashier.
	return settings.alertMessage === '' ? { workflowData } : { workflowData, webhookResponse: { alerte: settings.alertMessage } };
}

async function receiveCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secret = await callbackSecret(ctx);
	authenticate(ctx, secret);
	const form = readForm(ctx);
	const settings = readSettings(ctx);
	const event = identifyEvent(queryParameter(ctx, 'event'), settings.events);
	return startWorkflow(ctx, settings, secret, { event, ...form }, true);
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
	return startWorkflow(ctx, settings, await callbackSecret(ctx), { event, raw, fields: parseStr(raw) }, false);
}

/**
 * One line per Hiboutik settings field: where to paste, and the URL's shape.
 * A field that serves several events still holds one URL, and Hiboutik does
 * not say which of them happened: the line says so plainly.
 */
function setupLines(): string {
	return Object.entries(EVENTS_BY_FAMILY)
		.map(([family, events]) => {
			const line = `• <b>${SETTINGS_FIELD[family as HiboutikEventFamily]}</b>: Production URL<code>?k=YOUR_SECRET&amp;event=${events[0]}</code>`;
			if (events.length === 1) return line;
			return `${line}. Hiboutik calls this one URL for ${events.join(', ')} alike, without saying which: your workflow sees the event name you write in the URL.`;
		})
		.join('<br />');
}

export class HiboutikTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hiboutik Trigger',
		name: 'hiboutikTrigger',
		icon: { light: 'file:hiboutik.svg', dark: 'file:hiboutik.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].length === 1 ? $parameter["events"][0] : $parameter["events"].length + " events" }}',
		description: 'Starts the workflow when Hiboutik (point of sale) calls back: a sale, a payment, a customer, the schedule',
		defaults: { name: 'Hiboutik Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hiboutikCallbackApi', required: true, testedBy: 'hiboutikCallbackSecretTest' }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// Sample data for the Test URL only (see emitSample)
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Hiboutik does not say which event it calls about, so the URL you paste in Hiboutik names it. In Hiboutik, open <b>Settings → General settings</b> and paste this node\'s Production URL (see "Webhook URLs" above) followed by your secret and the event:<br />' +
					setupLines() +
					'<br />If this node listens to one event only, you can leave out <code>&amp;event=...</code>. To try it out, click "Listen for test event" and open the Test URL with <code>?sample=sale_validated</code> (or another event name) in your browser.',
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
				default: [...HIBOUTIK_EVENTS],
				description:
					'The Hiboutik events that start this workflow. Callbacks for other events are answered but start nothing.',
			},
			{
				displayName:
					'Each callback gives one item: <code>event</code>, <code>receivedAt</code>, <code>data</code> (everything Hiboutik sent; lists such as <code>data.line_items</code> and their <code>tags</code> are rebuilt from its form) and <code>headers</code>; for sales also <code>saleId</code>, <code>customerId</code> and <code>total</code>. IDs, quantities and points are numbers. Amounts stay the exact text Hiboutik sent (e.g. "12.50") so no cent is lost to rounding: use Number(...) to calculate.',
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
	 * Callback URLs are pasted by the user into Hiboutik's settings, so there is
	 * nothing to register or remove here (this credential holds only the
	 * callback secret). Activation checks that the node can work at all.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const problem = secretProblem(await callbackSecret(this));
				if (problem !== undefined) {
					throw new NodeOperationError(this.getNode(), `Hiboutik callback secret: ${problem}`, {
						description: 'Edit the Hiboutik Callback Secret credential of this node.',
					});
				}
				if ((this.getNodeParameter('events', []) as unknown[]).length === 0) {
					throw new NodeOperationError(this.getNode(), 'Select at least one Hiboutik event', {
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
		return await handleCallback(this, async () => {
			const method = this.getRequestObject().method;
			if (method === 'GET') return await emitSample(this);
			if (method !== 'POST') throw refusal(405, 'Hiboutik callbacks are POST requests', ONLY_POST);
			return await receiveCallback(this);
		});
	}
}
