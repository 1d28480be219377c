/**
 * Every vendor trigger exists as version 1 and 1.1 (nodes/shared/callback.ts,
 * CALLBACK_TRIGGER_VERSIONS). n8n's webhook server reads the body differently
 * for the two (above version 1 it leaves the bytes unread for content types it
 * does not parse), and the test harness does the same: the same callback must
 * get the same answer and the same item from both versions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { HiboutikCallbackApi } from '../../credentials/HiboutikCallbackApi.credentials';
import { OneWebhookApi } from '../../credentials/OneWebhookApi.credentials';
import { HiboutikTrigger } from '../../nodes/Hiboutik/HiboutikTrigger.node.js';
import { IkitechTrigger } from '../../nodes/Ikitech/IkitechTrigger.node.js';
import { OneTrigger } from '../../nodes/One/OneTrigger.node.js';
import { SAMPLE_FIELDS } from '../../nodes/Hiboutik/samples';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';
import { ONE_SAMPLES } from '../../nodes/One/samples';
import { httpBuildQuery } from '../../nodes/shared/phpQuery';
import { callWebhook, type NodeUnderTest, type WebhookCall } from '../helpers/n8n';

const HIBOUTIK_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const IKITECH_TOKEN = 'ikt_0123456789abcdef';
const ONE_USER = 'one-hooks';
const ONE_PASSWORD = 'Kr0wa-Mleko-2025!';
const oneAuth = `Basic ${Buffer.from(`${ONE_USER}:${ONE_PASSWORD}`).toString('base64')}`;

interface Case {
	vendor: string;
	node(): NodeUnderTest;
	calls: Array<{ what: string; call: WebhookCall; started: boolean }>;
}

const CASES: Case[] = [
	{
		vendor: 'Hiboutik',
		node: () => ({
			nodeType: new HiboutikTrigger(),
			parameters: { events: ['sale_validated'], options: {} } as INodeParameters,
			credentials: { hiboutikCallbackApi: { secret: HIBOUTIK_SECRET } },
			credentialTypes: [new HiboutikCallbackApi()],
		}),
		calls: [
			{
				what: 'a sale, as a form',
				started: true,
				call: {
					query: `?k=${HIBOUTIK_SECRET}&event=sale_validated`,
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: httpBuildQuery(SAMPLE_FIELDS.sale_validated as IDataObject),
				},
			},
			{
				what: 'a sale sent as JSON (refused: Hiboutik posts forms)',
				started: false,
				call: {
					query: `?k=${HIBOUTIK_SECRET}&event=sale_validated`,
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(SAMPLE_FIELDS.sale_validated),
				},
			},
		],
	},
	{
		vendor: 'IKITECH',
		node: () => ({
			nodeType: new IkitechTrigger(),
			parameters: { events: ['NEW_ORDER'], options: {} } as INodeParameters,
			credentials: { ikitechApi: { token: IKITECH_TOKEN } },
		}),
		calls: [
			{
				what: 'an order, application/json',
				started: true,
				call: { headers: { 'content-type': 'application/json', Token: IKITECH_TOKEN }, body: JSON.stringify(IKITECH_SAMPLES.NEW_ORDER) },
			},
			{
				what: 'an order, a +json type n8n does not parse',
				started: true,
				call: {
					headers: { 'content-type': 'application/vnd.ikitech+json; charset=utf-8', Token: IKITECH_TOKEN },
					body: JSON.stringify(IKITECH_SAMPLES.NEW_ORDER),
				},
			},
			{
				what: 'an order as text/html (refused with 415)',
				started: false,
				call: { headers: { 'content-type': 'text/html', Token: IKITECH_TOKEN }, body: JSON.stringify(IKITECH_SAMPLES.NEW_ORDER) },
			},
		],
	},
	{
		vendor: 'ONe',
		node: () => ({
			nodeType: new OneTrigger(),
			parameters: { events: ['cart_opened'], options: {} } as INodeParameters,
			credentials: { oneWebhookApi: { user: ONE_USER, password: ONE_PASSWORD } },
			credentialTypes: [new OneWebhookApi()],
		}),
		calls: [
			{
				what: 'a cart opened, application/json',
				started: true,
				call: { headers: { 'content-type': 'application/json', authorization: oneAuth }, body: JSON.stringify(ONE_SAMPLES.cart_opened) },
			},
			{
				what: 'a cart opened, a +json type n8n does not parse',
				started: true,
				call: {
					headers: { 'content-type': 'application/problem+json', authorization: oneAuth },
					body: JSON.stringify(ONE_SAMPLES.cart_opened),
				},
			},
		],
	},
];

/** The item without what differs between two calls: when it came, and to which port of the test server. */
function comparable(data: INodeExecutionData[][] | undefined) {
	return JSON.parse(
		JSON.stringify(data ?? null, (key, value: unknown) => (key === 'receivedAt' || key === 'host' ? '<varies>' : value)),
	) as unknown;
}

for (const { vendor, node, calls } of CASES) {
	describe(`${vendor} Trigger, version 1 and 1.1`, () => {
		test('declares both, 1.1 by default', () => {
			const { description } = node().nodeType;
			assert.deepEqual(description.version, [1, 1.1]);
			assert.equal(description.defaultVersion, 1.1);
		});

		for (const { what, call, started } of calls) {
			test(`${what}: same answer and same item`, async () => {
				const [v1, v11] = [
					await callWebhook({ ...node(), typeVersion: 1 }, call),
					await callWebhook({ ...node(), typeVersion: 1.1 }, call),
				];
				assert.equal(v11.status, v1.status, v11.body);
				assert.equal(v11.body, v1.body);
				assert.equal(v1.workflowData !== undefined, started, `${v1.status} ${v1.body}`);
				assert.deepEqual(comparable(v11.workflowData), comparable(v1.workflowData));
			});
		}
	});
}
