/**
 * Section 1: our three triggers against what a user builds instead with n8n's
 * own nodes, and against a bare Webhook node (what n8n itself allows), in one
 * real n8n, under the same load: autocannon, 20 connections, the same request
 * (the vendor's, from cli/simulate.ts) for the three variants of a vendor.
 *
 * Every variant answers as soon as the execution has started (responseMode
 * onReceived, as the vendors expect a quick answer), so whatever runs after
 * the trigger (the Code node of the generic Hiboutik flow) is still working
 * when autocannon stops. Each run therefore waits until n8n has finished
 * every execution it started ("drain") before the next run, and reports both
 * the HTTP rate (what the target is about) and the sustained rate:
 * executions finished per second of load plus drain.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { buildRequest, type SimulatedRequest } from '../cli/simulate';
import { N8nClient, type ExecutionDetails, type N8nInstance } from '../test-e2e/helpers/n8n';
import { SECRETS } from '../test-e2e/helpers/vendors';
import { hiboutikSale, IKITECH_ORDER_CALLBACK, ONE_CART_OPENED, SALE_LINES } from './payloads';
import { cpuBetween, treeCpu } from './proc';
import { loadAverage, roundOrder, sleep } from './stats';
import { hiboutikCallbackCode } from './userCode';
import { credential, node, publishChain, retrying, webhookNode, type WorkflowNode } from './workflows';

export const TRIGGER_VENDORS = ['hiboutik', 'ikitech', 'one'] as const;
export type TriggerVendor = (typeof TRIGGER_VENDORS)[number];
export const TRIGGER_VARIANTS = ['ours', 'generic', 'bare'] as const;
export type TriggerVariant = (typeof TRIGGER_VARIANTS)[number];

export interface TriggerTarget {
	vendor: TriggerVendor;
	variant: TriggerVariant;
	/** the nodes, as a reader of the report sees them */
	flow: string;
	workflowId: string;
	request: SimulatedRequest;
	/** the same request with a wrong secret/token/password */
	forged: SimulatedRequest;
	/** a problem with the output of a verification execution, or undefined when it is right */
	checkOutput(execution: ExecutionDetails): string | undefined;
}

export interface TriggerRound {
	round: number;
	/** 2xx answers per second of load */
	requestsPerSec: number;
	p50Ms: number;
	p99Ms: number;
	/** 2xx answers */
	answered: number;
	/** non-2xx answers, connection errors, timeouts, failed executions */
	failures: number;
	loadSeconds: number;
	drainMs: number;
	/** executions finished per second of load + drain */
	sustainedPerSec: number;
	/** CPU time of n8n (main process + task runner) per successful execution, load + drain */
	cpuMsPerExecution: number;
	loadAverage: number;
}

export interface TriggerOptions {
	/** the n8n main process, for its CPU time */
	pid: number;
	rounds: number;
	durationSec: number;
	warmupSec: number;
	connections: number;
	log(line: string): void;
}

const label = (t: Pick<TriggerTarget, 'vendor' | 'variant'>) => `${t.vendor}/${t.variant}`;

function outputOf(execution: ExecutionDetails, nodeName: string): Record<string, unknown> {
	return N8nClient.nodeOutput(execution, nodeName)[0] ?? {};
}

const get = (value: unknown, ...path: Array<string | number>): unknown =>
	path.reduce<unknown>((current, key) => (current as Record<string | number, unknown> | undefined)?.[key], value);

const expect = (what: string, actual: unknown, expected: unknown) =>
	actual === expected ? undefined : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;

/** Creates the credentials and the nine workflows (three per vendor) in the n8n that has our pack. */
export async function setupTriggers(n8n: N8nInstance, api: N8nClient): Promise<TriggerTarget[]> {
	const hiboutikCredential = await credential(api, 'hiboutikCallbackApi', { secret: SECRETS.hiboutikCallback });
	const ikitechCredential = await credential(api, 'ikitechApi', { token: SECRETS.ikitechToken });
	const oneCredential = await credential(api, 'oneWebhookApi', { user: SECRETS.oneUser, password: SECRETS.onePassword });
	const headerAuth = await credential(api, 'httpHeaderAuth', { name: 'Token', value: SECRETS.ikitechToken });
	const basicAuth = await credential(api, 'httpBasicAuth', { user: SECRETS.oneUser, password: SECRETS.onePassword });

	const sale = hiboutikSale();
	const targets: TriggerTarget[] = [];
	const add = async (
		vendor: TriggerVendor,
		variant: TriggerVariant,
		nodes: WorkflowNode[],
		send: (url: string, forged: boolean) => SimulatedRequest,
		checkOutput: TriggerTarget['checkOutput'],
	) => {
		const workflow = await publishChain(api, `bench ${vendor} ${variant}`, nodes);
		const first = nodes[0];
		const path = first.type === 'n8n-nodes-base.webhook' ? String((first.parameters as { path: string }).path) : `${String(first.webhookId)}/webhook`;
		const url = n8n.webhookUrl(path);
		targets.push({
			vendor,
			variant,
			flow: nodes.map((n) => n.name).join(' → '),
			workflowId: workflow.id,
			request: send(url, false),
			forged: send(url, true),
			checkOutput,
		});
	};

	// Hiboutik: a form POST of a 50-line sale, the secret in the URL (?k=).
	const hiboutik = (url: string, forged: boolean) =>
		buildRequest('hiboutik', 'sale_validated', {
			url,
			secret: forged ? 'wrong-secret-wrong-secret' : SECRETS.hiboutikCallback,
			payload: sale,
		});
	const saleLines = (data: unknown) => expect('line items', (get(data, 'line_items') as unknown[] | undefined)?.length, SALE_LINES);
	await add(
		'hiboutik',
		'ours',
		[
			node('Hiboutik Trigger', 'n8n-nodes-commerce-hooks.hiboutikTrigger', 1.1, { events: ['sale_validated'], options: {} }, {
				webhookId: randomUUID(),
				credentials: hiboutikCredential,
			}),
		],
		hiboutik,
		(e) => saleLines(outputOf(e, 'Hiboutik Trigger').data),
	);
	await add(
		'hiboutik',
		'generic',
		[
			webhookNode('Webhook', 'bench-hiboutik-generic'),
			node('Check secret, rebuild sale', 'n8n-nodes-base.code', 2, {
				mode: 'runOnceForAllItems',
				language: 'javaScript',
				jsCode: hiboutikCallbackCode(SECRETS.hiboutikCallback),
			}),
		],
		hiboutik,
		(e) => saleLines(outputOf(e, 'Check secret, rebuild sale').data),
	);
	await add('hiboutik', 'bare', [webhookNode('Webhook', 'bench-hiboutik-bare')], hiboutik, (e) =>
		expect('sale_id', get(outputOf(e, 'Webhook'), 'body', 'sale_id'), '1287'),
	);

	// IKITECH: a JSON order, the store token in a Token header; the flow keeps order events only.
	const ikitech = (url: string, forged: boolean) =>
		buildRequest('ikitech', 'NEW_ORDER', { url, token: forged ? 'wrong-token' : SECRETS.ikitechToken, payload: IKITECH_ORDER_CALLBACK });
	const orderCode = String(get(IKITECH_ORDER_CALLBACK, 'data', 'order_code'));
	await add(
		'ikitech',
		'ours',
		[
			node('IKITECH Trigger', 'n8n-nodes-commerce-hooks.ikitechTrigger', 1.1, { events: ['NEW_ORDER', 'UPDATE_ORDER'], options: {} }, {
				webhookId: randomUUID(),
				credentials: ikitechCredential,
			}),
		],
		ikitech,
		(e) => expect('orderCode', outputOf(e, 'IKITECH Trigger').orderCode, orderCode),
	);
	await add(
		'ikitech',
		'generic',
		[
			webhookNode('Webhook', 'bench-ikitech-generic', { authentication: 'headerAuth' }, headerAuth),
			node('Order events only', 'n8n-nodes-base.filter', 2.2, {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: randomUUID(),
							leftValue: '={{ $json.body.type }}',
							rightValue: '^(NEW_ORDER|UPDATE_ORDER)$',
							operator: { type: 'string', operation: 'regex' },
						},
					],
					combinator: 'and',
				},
				options: {},
			}),
		],
		ikitech,
		(e) => expect('order_code', get(outputOf(e, 'Order events only'), 'body', 'data', 'order_code'), orderCode),
	);
	await add('ikitech', 'bare', [webhookNode('Webhook', 'bench-ikitech-bare')], ikitech, (e) =>
		expect('order_code', get(outputOf(e, 'Webhook'), 'body', 'data', 'order_code'), orderCode),
	);

	// ONe: a JSON cart-opened call with HTTP Basic auth (one ONe webhook per event, so no event filter).
	const one = (url: string, forged: boolean) =>
		buildRequest('one', 'cart_opened', {
			url,
			user: SECRETS.oneUser,
			password: forged ? 'wrong-password-42' : SECRETS.onePassword,
			payload: ONE_CART_OPENED,
		});
	const customerId = String(get(ONE_CART_OPENED, 'data', 'customerId'));
	await add(
		'one',
		'ours',
		[
			node('ONe Trigger', 'n8n-nodes-commerce-hooks.oneTrigger', 1.1, { events: ['cart_opened'], options: {} }, {
				webhookId: randomUUID(),
				credentials: oneCredential,
			}),
		],
		one,
		(e) => expect('customerId', get(outputOf(e, 'ONe Trigger'), 'data', 'customerId'), customerId),
	);
	await add('one', 'generic', [webhookNode('Webhook', 'bench-one-generic', { authentication: 'basicAuth' }, basicAuth)], one, (e) =>
		expect('customerId', get(outputOf(e, 'Webhook'), 'body', 'data', 'customerId'), customerId),
	);
	await add('one', 'bare', [webhookNode('Webhook', 'bench-one-bare')], one, (e) =>
		expect('customerId', get(outputOf(e, 'Webhook'), 'body', 'data', 'customerId'), customerId),
	);
	return targets;
}

// ---------------------------------------------------------------------------------------------
// Counting executions

interface ExecutionCounts {
	total: number;
	active: number;
	failed: number;
}

async function countWhere(api: N8nClient, filter: Record<string, unknown>): Promise<number> {
	const query = new URLSearchParams({ limit: '1', filter: JSON.stringify(filter) });
	const page = await retrying(() => api.request<{ count: number }>('GET', `/executions?${query}`));
	return page.count;
}

const activeCount = (api: N8nClient, workflowId: string) => countWhere(api, { workflowId, status: ['new', 'running'] });

export async function executionCounts(api: N8nClient, workflowId: string): Promise<ExecutionCounts> {
	const [total, active, failed] = await Promise.all([
		countWhere(api, { workflowId }),
		activeCount(api, workflowId),
		countWhere(api, { workflowId, status: ['error', 'crashed', 'canceled'] }),
	]);
	return { total, active, failed };
}

/**
 * Waits until n8n has finished every execution of the workflow, at least
 * `expectedTotal` of them. Polls gently (one small query every 300 ms): the
 * polling is work n8n does during the measurement too.
 */
export async function waitUntilDrained(api: N8nClient, workflowId: string, expectedTotal: number, timeoutMs = 300_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if ((await activeCount(api, workflowId)) === 0) {
			const counts = await executionCounts(api, workflowId);
			if (counts.active === 0 && counts.total >= expectedTotal) return counts;
		}
		if (Date.now() > deadline) {
			const counts = await executionCounts(api, workflowId);
			throw new Error(`workflow ${workflowId}: ${counts.active} execution(s) still running, ${counts.total}/${expectedTotal} recorded`);
		}
		await sleep(300);
	}
}

// ---------------------------------------------------------------------------------------------
// Checking that each variant does its job before measuring it

export interface TriggerCheck {
	target: string;
	output: string;
	/** what the variant does with a forged call */
	forged: string;
}

async function send(request: SimulatedRequest): Promise<number> {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
	await response.arrayBuffer();
	return response.status;
}

/**
 * One real call per variant: the output must hold the parsed payload (a fast
 * failure is not a result). Then a forged call (wrong secret, token or
 * password), to show what each variant does with it.
 */
export async function verifyTriggers(api: N8nClient, targets: TriggerTarget[]): Promise<TriggerCheck[]> {
	const checks: TriggerCheck[] = [];
	for (const target of targets) {
		const before = await executionCounts(api, target.workflowId);
		const status = await send(target.request);
		if (status !== 200) throw new Error(`${label(target)}: a valid call was answered ${status}`);
		await waitUntilDrained(api, target.workflowId, before.total + 1, 30_000);
		const [latest] = await retrying(() => api.listExecutions(target.workflowId));
		const execution = await retrying(() => api.getExecution(latest.id));
		const problem = execution.status === 'success' ? target.checkOutput(execution) : `execution ${execution.status}`;
		if (problem !== undefined) throw new Error(`${label(target)}: ${problem}`);

		let forged = 'not tried';
		if (target.variant !== 'bare') {
			const beforeForged = await executionCounts(api, target.workflowId);
			const forgedStatus = await send(target.forged);
			await sleep(300);
			const after = await waitUntilDrained(api, target.workflowId, beforeForged.total, 30_000);
			const started = after.total - beforeForged.total;
			const failed = after.failed - beforeForged.failed;
			forged =
				started === 0
					? `answered ${forgedStatus}, no execution`
					: `answered ${forgedStatus}, ${started} execution(s) started${failed > 0 ? ' and failed in the Code node' : ''}`;
		}
		checks.push({ target: label(target), output: 'ok', forged });
	}
	return checks;
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(target: TriggerTarget, durationSec: number, connections: number) {
	return await autocannon({
		url: target.request.url,
		method: 'POST',
		headers: target.request.headers,
		body: Buffer.from(target.request.body, 'utf8'),
		connections,
		duration: durationSec,
		timeout: 30,
	});
}

async function measure(api: N8nClient, target: TriggerTarget, round: number, options: TriggerOptions): Promise<TriggerRound> {
	const before = await executionCounts(api, target.workflowId);
	const loadAvg = loadAverage();
	const cpuBefore = treeCpu(options.pid);
	const result = await load(target, options.durationSec, options.connections);
	const loadEnded = Date.now();
	const answered = result['2xx'];
	const after = await waitUntilDrained(api, target.workflowId, before.total + answered);
	const cpu = cpuBetween(cpuBefore, treeCpu(options.pid));
	const drainMs = Date.now() - loadEnded;
	const failures = result.non2xx + result.errors + result.timeouts + (after.failed - before.failed);
	const succeeded = after.total - before.total - (after.failed - before.failed);
	const loadSeconds = (result.finish.getTime() - result.start.getTime()) / 1000;
	return {
		round,
		requestsPerSec: answered / loadSeconds,
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		answered,
		failures,
		loadSeconds,
		drainMs,
		sustainedPerSec: succeeded / (loadSeconds + drainMs / 1000),
		cpuMsPerExecution: (cpu * 1000) / succeeded,
		loadAverage: loadAvg,
	};
}

/**
 * For each vendor, its three variants one after the other, in an order that
 * rotates every round; `rounds` rounds. A short unmeasured warm-up per
 * variant first (JIT, connection pools, the task runner).
 */
export async function runTriggerBench(api: N8nClient, targets: TriggerTarget[], options: TriggerOptions) {
	const results = new Map<TriggerTarget, TriggerRound[]>(targets.map((t) => [t, []]));
	if (options.warmupSec > 0) {
		for (const target of targets) {
			const before = await executionCounts(api, target.workflowId);
			const warm = await load(target, options.warmupSec, options.connections);
			await waitUntilDrained(api, target.workflowId, before.total + warm['2xx']);
		}
		options.log(`  warm-up done (${options.warmupSec} s per variant)`);
	}
	for (let round = 0; round < options.rounds; round++) {
		for (const vendor of TRIGGER_VENDORS) {
			const variants = roundOrder(
				targets.filter((t) => t.vendor === vendor),
				round,
			);
			for (const target of variants) {
				const measured = await measure(api, target, round + 1, options);
				results.get(target)!.push(measured);
				options.log(
					`  round ${round + 1} ${label(target).padEnd(17)} ${measured.requestsPerSec.toFixed(0).padStart(5)} req/s  p50 ${measured.p50Ms.toFixed(1).padStart(6)} ms  p99 ${measured.p99Ms.toFixed(1).padStart(6)} ms  CPU ${measured.cpuMsPerExecution.toFixed(1)} ms/exec  drain ${(measured.drainMs / 1000).toFixed(1)} s  failures ${measured.failures}  load avg ${measured.loadAverage}`,
				);
			}
		}
	}
	return results;
}
