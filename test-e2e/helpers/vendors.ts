// The world the templates run in during e2e tests: local servers that behave
// like JustClick, SPREAD, Hiboutik's API and a mail server (all on 127.0.0.1),
// the credentials a user would create for them, and the templates imported and
// published exactly as shipped, with only their credentials chosen.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startHiboutikServer, type HiboutikServer } from '../../test/vendors/hiboutikServer';
import { startJustClickServer, type JustClickServer } from '../../test/vendors/justclickServer';
import { startSpreadServer, type SpreadServer } from '../../test/vendors/spreadServer';
import type { N8nClient, SavedWorkflow, WorkflowJson } from './n8n';
import { startSmtpSink, type SmtpSink } from './smtpSink';

export const TEMPLATES_DIR = path.join(__dirname, '..', '..', 'templates');

export const SECRETS = {
	hiboutikCallback: 'e2e-hiboutik-callback-secret-0123456789',
	hiboutikEmail: 'owner@boutique.example.fr',
	hiboutikApiKey: 'HIBOUTIK-E2E-KEY',
	oneUser: 'one-webhooks',
	onePassword: 'e2e-One-Password-42',
	ikitechToken: 'e2e-ikitech-store-token',
	justClickUser: 'boutique',
	justClickKey: 'JUSTCLICK-E2E-KEY-XXXXXXXXXXXXXXXXXXXXXXXXXX',
	spreadPublic: 'SPREAD-PUBLIC',
	spreadPrivate: 'SPREAD-PRIVATE',
} as const;

export interface VendorWorld {
	hiboutik: HiboutikServer;
	justClick: JustClickServer;
	spread: SpreadServer;
	smtp: SmtpSink;
	close(): Promise<void>;
}

/** The IKITECH sample order's code, which the JustClick fake must know as a bill. */
export const IKITECH_ORDER_CODE = 'DH250308ABC12';

export async function startVendorWorld(): Promise<VendorWorld> {
	const [hiboutik, justClick, spread, smtp] = await Promise.all([
		startHiboutikServer({ email: SECRETS.hiboutikEmail, apiKey: SECRETS.hiboutikApiKey }),
		startJustClickServer({ userId: SECRETS.justClickUser, apiKey: SECRETS.justClickKey, bills: [IKITECH_ORDER_CODE, '100000'] }),
		startSpreadServer({ publicKey: SECRETS.spreadPublic, privateKey: SECRETS.spreadPrivate }),
		startSmtpSink(),
	]);
	return {
		hiboutik,
		justClick,
		spread,
		smtp,
		close: async () => {
			await Promise.all([hiboutik.close(), justClick.close(), spread.close(), smtp.close()]);
		},
	};
}

/** Creates one credential of each type the templates use; returns type → id. */
export async function createCredentials(api: N8nClient, world: VendorWorld): Promise<Record<string, string>> {
	const wanted: Array<[string, Record<string, unknown>]> = [
		['hiboutikCallbackApi', { secret: SECRETS.hiboutikCallback }],
		[
			'hiboutikApi',
			{ account: 'boutique', email: SECRETS.hiboutikEmail, apiKey: SECRETS.hiboutikApiKey, baseUrl: world.hiboutik.baseUrl },
		],
		['oneWebhookApi', { user: SECRETS.oneUser, password: SECRETS.onePassword }],
		['ikitechApi', { token: SECRETS.ikitechToken }],
		[
			'justClickApi',
			{ userId: SECRETS.justClickUser, apiKey: SECRETS.justClickKey, domain: 'justclick.io', baseUrl: world.justClick.baseUrl },
		],
		['spreadApi', { publicKey: SECRETS.spreadPublic, privateKey: SECRETS.spreadPrivate, baseUrl: world.spread.baseUrl }],
		['smtp', { user: '', password: '', host: '127.0.0.1', port: world.smtp.port, secure: false, disableStartTls: true }],
	];
	const ids: Record<string, string> = {};
	for (const [type, data] of wanted) ids[type] = (await api.createCredential(type, `e2e ${type}`, data)).id;
	return ids;
}

export function templateFiles(): string[] {
	return readdirSync(TEMPLATES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort();
}

interface TemplateNode {
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** A template as shipped, with each node's credentials pointed at the ones we created (what a user does in the editor). */
export function loadTemplate(file: string, credentialIds: Record<string, string>): WorkflowJson {
	const template = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as WorkflowJson & { id?: string; nodes: TemplateNode[] };
	for (const node of template.nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			const id = credentialIds[type];
			if (!id) throw new Error(`${file}: no e2e credential of type ${type}`);
			node.credentials![type] = { id, name: ref.name };
		}
	}
	const { id: _templateId, ...workflow } = template;
	return workflow as WorkflowJson;
}

/** Imports and publishes every template; returns file → saved workflow. */
export async function publishTemplates(api: N8nClient, credentialIds: Record<string, string>): Promise<Record<string, SavedWorkflow>> {
	const saved: Record<string, SavedWorkflow> = {};
	for (const file of templateFiles()) {
		const workflow = await api.createWorkflow(loadTemplate(file, credentialIds));
		saved[file] = await api.activate(workflow.id, workflow.versionId);
	}
	return saved;
}

/** The production URL of a template's trigger (`<webhookId>/webhook`). */
export function triggerPath(file: string): string {
	const template = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as { nodes: Array<{ type: string; webhookId?: string }> };
	const trigger = template.nodes.find((node) => node.type.endsWith('Trigger') && node.webhookId);
	if (!trigger?.webhookId) throw new Error(`${file} has no trigger with a webhookId`);
	return `${trigger.webhookId}/webhook`;
}
