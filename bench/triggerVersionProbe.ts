/**
 * Experiment behind docs/BENCHMARKS.md, "What closes the trigger gap": the ONe
 * Trigger as published (typeVersion 1) against the same node declared as
 * version [1, 1.1] and used at 1.1, and a bare Webhook node, in one n8n.
 *
 * n8n 2.40 evaluates the legacy expression {{$parameter["options"]["binaryData"]}}
 * (a Webhook v1 option) for every callback of a trigger whose typeVersion is
 * exactly 1, which needs its expression engine (an isolated-vm isolate). The
 * patched copy of dist/ lives in a temporary folder: the repository is not
 * touched.
 *
 *   node --import tsx bench/triggerVersionProbe.ts                                         # n8n defaults
 *   node --import tsx bench/triggerVersionProbe.ts N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 *
 * Prints n8n's CPU time per execution (main process + task runner) for each
 * variant, rounds 2 and 3 (round 1 warms up). Run `npm run build` first.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installPack } from '../scripts/runtime.mjs';
import { startN8n } from '../test-e2e/helpers/n8n';
import { SECRETS } from '../test-e2e/helpers/vendors';
import { buildRequest } from '../cli/simulate';
import { ONE_CART_OPENED } from './payloads';
import { executionCounts, waitUntilDrained } from './triggers';
import { cpuBetween, treeCpu } from './proc';
import { credential, node, publishChain, webhookNode } from './workflows';

async function main() {
	const root = mkdtempSync(path.join(tmpdir(), 'pack-v11-'));
	const repo = path.resolve(__dirname, '..');
	cpSync(path.join(repo, 'dist'), path.join(root, 'dist'), { recursive: true });
	cpSync(path.join(repo, 'package.json'), path.join(root, 'package.json'));
	const file = path.join(root, 'dist/nodes/One/OneTrigger.node.js');
	const compiled = readFileSync(file, 'utf8');
	const patched = compiled.replace(/^(\s+)version: 1,$/m, '$1version: [1, 1.1],');
	if (patched === compiled) throw new Error(`no "version: 1," line to patch in ${file}`);
	writeFileSync(file, patched);
	const env: Record<string, string> = { EXECUTIONS_DATA_PRUNE: 'false' };
	for (const pair of process.argv.slice(2)) {
		const [key, value] = pair.split('=');
		env[key] = value;
	}
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-v11-'));
	installPack(userFolder, root);
	const n8n = await startN8n({ name: 'probe-v11', userFolder, withPack: false, env });
	const api = n8n.client();
	await api.setupOwner();
	const cred = await credential(api, 'oneWebhookApi', { user: SECRETS.oneUser, password: SECRETS.onePassword });
	const variants: Array<[string, string, string]> = [];
	for (const version of [1, 1.1]) {
		const webhookId = randomUUID();
		const workflow = await publishChain(api, `one v${version}`, [
			node('ONe Trigger', 'n8n-nodes-commerce-hooks.oneTrigger', version, { events: ['cart_opened'], options: {} }, { webhookId, credentials: cred }),
		]);
		variants.push([`ONe Trigger v${version}`, workflow.id, `${webhookId}/webhook`]);
	}
	const bare = await publishChain(api, 'bare', [webhookNode('Webhook', 'bare')]);
	variants.push(['bare Webhook', bare.id, 'bare']);
	const settings = process.argv.slice(2).join(' ') || 'n8n defaults';
	try {
		for (let round = 0; round < 3; round++) {
			for (const [name, workflowId, webhookPath] of variants) {
				const request = buildRequest('one', 'cart_opened', {
					url: n8n.webhookUrl(webhookPath),
					user: SECRETS.oneUser,
					password: SECRETS.onePassword,
					payload: ONE_CART_OPENED,
				});
				const before = await executionCounts(api, workflowId);
				const cpuBefore = treeCpu(n8n.process.pid!);
				const result = await autocannon({
					url: request.url,
					method: 'POST',
					headers: request.headers,
					body: Buffer.from(request.body),
					connections: 20,
					duration: 4,
				});
				const after = await waitUntilDrained(api, workflowId, before.total + result['2xx']);
				const executions = after.total - before.total;
				const cpuMs = (cpuBetween(cpuBefore, treeCpu(n8n.process.pid!)) * 1000) / executions;
				if (round > 0) {
					console.log(`${settings} | ${name.padEnd(18)} | ${executions} executions in 4 s, ${after.failed - before.failed} failed | n8n CPU ${cpuMs.toFixed(1)} ms/execution`);
				}
			}
		}
	} finally {
		await n8n.stop();
		rmSync(root, { recursive: true, force: true });
		rmSync(userFolder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
