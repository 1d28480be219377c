/**
 * Section 2: our JustClick and SPREAD nodes against the chain a user builds
 * from n8n's generic nodes, on N orders at once, against the local vendor
 * servers of the tests (which check every signature, every field, and count
 * what they accepted).
 *
 * Each side runs in its own n8n: ours with the pack installed, the generic one
 * without it (what a user who does not install the pack has), both freshly
 * started and otherwise identical, so that the peak memory of each process
 * belongs to its side only. The workflows differ only in the part under test:
 *
 *   Webhook (answers when the workflow ends) → Split Out (one item per order) → <part under test>
 *
 * Timing: the wall time of the webhook call (what the user waits for), and
 * n8n's own per-node execution times for the part under test. Memory: the
 * RSS of the n8n process, and of it plus its task runner, sampled every
 * 100 ms during the call.
 */
import type { N8nClient, N8nInstance } from '../test-e2e/helpers/n8n';
import { SECRETS } from '../test-e2e/helpers/vendors';
import type { JustClickServer } from '../test/vendors/justclickServer';
import type { SpreadServer } from '../test/vendors/spreadServer';
import { shippedOrders, shopOrders } from './payloads';
import { cpuBetween, sampleMemory, treeCpu, type MemoryPeak } from './proc';
import { loadAverage, roundOrder, sleep } from './stats';
import { justClickSigningCode, SPREAD_FORM_CODE } from './userCode';
import { credential, node, publishChain, retrying, webhookNode, type WorkflowNode } from './workflows';

export const ACTION_VENDORS = ['justclick', 'spread'] as const;
export type ActionVendor = (typeof ACTION_VENDORS)[number];
export type ActionVariant = 'ours' | 'generic';

export interface BenchInstance {
	n8n: N8nInstance;
	api: N8nClient;
}

export interface VendorServers {
	justClick: JustClickServer;
	spread: SpreadServer;
}

export interface ActionTarget {
	vendor: ActionVendor;
	variant: ActionVariant;
	flow: string;
	instance: BenchInstance;
	workflowId: string;
	url: string;
	/** the nodes whose execution time is the part under test */
	nodesUnderTest: string[];
}

export interface ActionRound {
	round: number;
	items: number;
	wallMs: number;
	/** n8n's execution record: stoppedAt - startedAt */
	executionMs: number;
	/** sum of n8n's executionTime of the nodes under test */
	nodesMs: number;
	itemsPerSec: number;
	nodeItemsPerSec: number;
	memory: MemoryPeak;
	/** CPU seconds of n8n (main process + task runner) during the call */
	cpuSec: number;
	/** calls the vendor server accepted (error_code 0 / HTTP 200 with a valid order) */
	accepted: number;
	loadAverage: number;
	/** the first body the vendor server received, to compare the two sides byte for byte */
	firstBody: string;
}

export interface ActionOptions {
	rounds: number;
	items: number;
	log(line: string): void;
}

const label = (t: Pick<ActionTarget, 'vendor' | 'variant'>) => `${t.vendor}/${t.variant}`;

/** Webhook → Split Out, the common head of every action workflow. */
function head(path: string): WorkflowNode[] {
	return [
		webhookNode('Receive orders', path, { responseMode: 'lastNode', responseData: 'noData' }),
		node('One item per order', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.orders', include: 'noOtherFields', options: {} }),
	];
}

function httpRequest(name: string, parameters: Record<string, unknown>, credentials?: Record<string, { id: string; name: string }>) {
	return node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		{ method: 'POST', sendBody: true, contentType: 'raw', rawContentType: 'application/x-www-form-urlencoded', options: {}, ...parameters },
		credentials ? { credentials } : {},
	);
}

export async function setupActions(ours: BenchInstance, generic: BenchInstance, servers: VendorServers): Promise<ActionTarget[]> {
	const targets: ActionTarget[] = [];
	const add = async (vendor: ActionVendor, variant: ActionVariant, instance: BenchInstance, tail: WorkflowNode[]) => {
		const path = `bench-${vendor}-${variant}`;
		const nodes = [...head(path), ...tail];
		const workflow = await publishChain(instance.api, `bench ${vendor} ${variant}`, nodes);
		targets.push({
			vendor,
			variant,
			flow: tail.map((n) => n.name).join(' → '),
			instance,
			workflowId: workflow.id,
			url: instance.n8n.webhookUrl(path),
			nodesUnderTest: tail.map((n) => n.name),
		});
	};

	// JustClick: mark each order sent, with its date and tracking number.
	const justClickCredential = await credential(ours.api, 'justClickApi', {
		userId: SECRETS.justClickUser,
		apiKey: SECRETS.justClickKey,
		domain: 'justclick.io',
		baseUrl: servers.justClick.baseUrl,
	});
	await add('justclick', 'ours', ours, [
		node(
			'JustClick',
			'n8n-nodes-commerce-hooks.justClick',
			1,
			{
				resource: 'order',
				operation: 'updateStatus',
				billId: '={{ $json.billId }}',
				status: 'sent',
				date: '={{ $json.shippedAt }}',
				rpo: '={{ $json.trackingNumber }}',
				options: {},
			},
			{ credentials: justClickCredential },
		),
	]);
	await add('justclick', 'generic', generic, [
		node('Build query (Code)', 'n8n-nodes-base.code', 2, {
			mode: 'runOnceForAllItems',
			language: 'javaScript',
			jsCode: justClickSigningCode(SECRETS.justClickUser, SECRETS.justClickKey),
		}),
		node('md5 (Crypto)', 'n8n-nodes-base.crypto', 2, {
			action: 'hash',
			type: 'MD5',
			value: '={{ $json.toSign }}',
			dataPropertyName: 'hash',
			encoding: 'hex',
		}),
		httpRequest('Send (HTTP Request)', {
			url: `${servers.justClick.baseUrl}/api/UpdateOrderStatus`,
			body: '={{ $json.query }}&hash={{ $json.hash }}',
		}),
	]);

	// SPREAD: create or update each order (an IKITECH order, as in the IKITECH → SPREAD template).
	const spreadCredential = await credential(ours.api, 'spreadApi', {
		publicKey: SECRETS.spreadPublic,
		privateKey: SECRETS.spreadPrivate,
		baseUrl: servers.spread.baseUrl,
	});
	await add('spread', 'ours', ours, [
		node(
			'SPREAD',
			'n8n-nodes-commerce-hooks.spread',
			1,
			{
				resource: 'order',
				operation: 'upsert',
				orderId: '={{ $json.orderCode }}',
				orderState: '10',
				amount: '={{ $json.total }}',
				createdAt: '={{ $json.createdAt }}',
				customerEmail: '={{ $json.email }}',
				externalId: '={{ $json.phone }}',
				profileFields: {
					lastName: '={{ $json.customerName }}',
					mobile: '={{ $json.phone }}',
					city: '={{ $json.city }}',
					address: '={{ $json.address }}',
				},
				orderFields: { orderTagsToAdd: 'ikitech' },
			},
			{ credentials: spreadCredential },
		),
	]);
	const basicAuth = await credential(generic.api, 'httpBasicAuth', { user: SECRETS.spreadPublic, password: SECRETS.spreadPrivate });
	await add('spread', 'generic', generic, [
		node('Build form (Code)', 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: SPREAD_FORM_CODE }),
		httpRequest(
			'Send (HTTP Request)',
			{
				url: `${servers.spread.baseUrl}/api/updateOrder`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				body: '={{ $json.form }}',
			},
			basicAuth,
		),
	]);
	return targets;
}

function ordersFor(vendor: ActionVendor, items: number): unknown[] {
	return vendor === 'justclick' ? shippedOrders(items) : shopOrders(items);
}

/**
 * What the vendor server accepted since it was last cleared, and the body it
 * got for the first item (found by the item's order, since requests sent in
 * parallel may arrive in any order).
 */
function accepted(vendor: ActionVendor, servers: VendorServers): { count: number; firstBody: string } {
	if (vendor === 'justclick') {
		const ok = servers.justClick.successfulRequests();
		const firstBill = shippedOrders(1)[0].billId;
		const first = servers.justClick.requests.find((r) => r.params.bill_id === firstBill);
		return { count: ok.length, firstBody: first?.rawBody ?? '' };
	}
	const requests = servers.spread.orderRequests();
	const firstOrder = shopOrders(1)[0].orderCode;
	const first = requests.find((r) => (r.params.request as Record<string, unknown> | undefined)?.order_idorder === firstOrder);
	return { count: requests.filter((r) => r.answer.status === 200).length, firstBody: first?.rawBody ?? '' };
}

function clear(servers: VendorServers) {
	servers.justClick.requests.length = 0;
	servers.spread.requests.length = 0;
}

async function finishedExecution(api: N8nClient, workflowId: string, knownIds: Set<string>) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const latest = (await retrying(() => api.listExecutions(workflowId))).find((e) => !knownIds.has(e.id));
		if (latest && !['new', 'running', 'waiting'].includes(latest.status)) return latest;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: no finished execution after 120 s`);
		await sleep(200);
	}
}

/** One call of the workflow with `items` orders; throws unless every order reached the vendor and was accepted. */
export async function runActionOnce(target: ActionTarget, servers: VendorServers, items: number, round: number): Promise<ActionRound> {
	const { api, n8n } = target.instance;
	const body = JSON.stringify({ orders: ordersFor(target.vendor, items) });
	const knownIds = new Set((await retrying(() => api.listExecutions(target.workflowId))).map((e) => e.id));
	clear(servers);
	const loadAvg = loadAverage();

	const pid = n8n.process.pid!;
	const sampler = sampleMemory(pid, 100);
	const cpuBefore = treeCpu(pid);
	const started = performance.now();
	const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	const answer = await response.text();
	const wallMs = performance.now() - started;
	const summary = await finishedExecution(api, target.workflowId, knownIds);
	// After n8n has recorded the execution: saving 10,000 items' results is part of the cost.
	const cpuSec = cpuBetween(cpuBefore, treeCpu(pid));
	const memory = sampler.stop();
	const vendorSide = accepted(target.vendor, servers);
	clear(servers);
	if (response.status !== 200 || summary.status !== 'success') {
		throw new Error(`${label(target)}: answered ${response.status}, execution ${summary.status}: ${answer.slice(0, 300)}`);
	}
	if (vendorSide.count !== items) {
		throw new Error(`${label(target)}: the ${target.vendor} server accepted ${vendorSide.count} of ${items} calls`);
	}
	const execution = await retrying(() => api.getExecution(summary.id));
	const runData = execution.data.resultData.runData as Record<string, Array<{ executionTime?: number }>>;
	const nodesMs = target.nodesUnderTest.reduce((sum, name) => sum + (runData[name]?.[0]?.executionTime ?? Number.NaN), 0);
	const executionMs = new Date(summary.stoppedAt ?? 0).getTime() - new Date(summary.startedAt ?? 0).getTime();
	return {
		round,
		items,
		wallMs,
		executionMs,
		nodesMs,
		itemsPerSec: items / (wallMs / 1000),
		nodeItemsPerSec: items / (nodesMs / 1000),
		memory,
		cpuSec,
		accepted: vendorSide.count,
		loadAverage: loadAvg,
		firstBody: vendorSide.firstBody,
	};
}

/**
 * A small unmeasured call per target first (JIT, the task runner, connection
 * pools), then `rounds` rounds; in each, per vendor, ours and generic one
 * after the other, the order swapping every round.
 */
export async function runActionBench(targets: ActionTarget[], servers: VendorServers, options: ActionOptions) {
	const results = new Map<ActionTarget, ActionRound[]>(targets.map((t) => [t, []]));
	for (const target of targets) await runActionOnce(target, servers, Math.min(200, options.items), 0);
	options.log('  warm-up done (200 items per variant)');
	for (let round = 0; round < options.rounds; round++) {
		for (const vendor of ACTION_VENDORS) {
			for (const target of roundOrder(
				targets.filter((t) => t.vendor === vendor),
				round,
			)) {
				const measured = await runActionOnce(target, servers, options.items, round + 1);
				results.get(target)!.push(measured);
				options.log(
					`  round ${round + 1} ${label(target).padEnd(17)} ${measured.itemsPerSec.toFixed(0).padStart(6)} items/s (wall ${(measured.wallMs / 1000).toFixed(1)} s, nodes ${(measured.nodesMs / 1000).toFixed(1)} s, CPU ${measured.cpuSec.toFixed(1)} s)  peak RSS ${measured.memory.peak.mainMiB.toFixed(0)} MiB main, ${measured.memory.peak.totalMiB.toFixed(0)} MiB with runner  load avg ${measured.loadAverage}`,
				);
			}
		}
	}
	return results;
}
