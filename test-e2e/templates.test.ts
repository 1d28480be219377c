// The shipped templates inside a real n8n (regular mode, SQLite), driven the way
// the vendors call: Hiboutik form POSTs with bracket keys and a URL secret, ONe
// JSON with HTTP Basic, IKITECH JSON with a Token header. The action steps call
// local vendor servers; we check n8n's own execution records and what the
// vendors received. Then bad callers, which must get their status code and
// leave no execution behind, and duplicate suppression across a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, type SimulatedRequest } from '../cli/simulate';
import { ONE_SAMPLES, ONE_TEST_WEBHOOK_SAMPLE } from '../nodes/One/samples';
import { IKITECH_SAMPLES } from '../nodes/Ikitech/samples';
import { SAMPLE_FIELDS } from '../nodes/Hiboutik/samples';
import { N8nClient, startN8n, type N8nInstance, type SavedWorkflow } from './helpers/n8n';
import {
	createCredentials,
	IKITECH_ORDER_CODE,
	loadTemplate,
	publishTemplates,
	SECRETS,
	startVendorWorld,
	triggerPath,
	type VendorWorld,
} from './helpers/vendors';

const LOYALTY = 'hiboutik-sale-loyalty-points.json';
const SURVEY = 'hiboutik-sale-survey-email.json';
const ONE_DISCOUNT = 'one-cart-opened-discount.json';
const IKITECH_SPREAD = 'ikitech-order-to-spread.json';
const IKITECH_JUSTCLICK = 'ikitech-shipped-to-justclick.json';

async function send(request: SimulatedRequest): Promise<{ status: number; body: string }> {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
	return { status: response.status, body: await response.text() };
}

describe('templates in a real n8n (regular mode)', () => {
	let n8n: N8nInstance;
	let api: N8nClient;
	let world: VendorWorld;
	let workflows: Record<string, SavedWorkflow>;
	let credentialIds: Record<string, string>;
	const url = (file: string) => n8n.webhookUrl(triggerPath(file));
	const executionsOf = async (file: string) => await api.listExecutions(workflows[file].id);

	before(async () => {
		world = await startVendorWorld();
		n8n = await startN8n({ name: 'templates' });
		api = n8n.client();
		await api.setupOwner();
		credentialIds = await createCredentials(api, world);
		workflows = await publishTemplates(api, credentialIds);
	});

	after(async () => {
		await n8n?.stop();
		await world?.close();
	});

	test('Hiboutik sale validated → loyalty points set on every line through the Hiboutik API', async () => {
		const answer = await send(buildRequest('hiboutik', 'sale_validated', { url: url(LOYALTY), secret: SECRETS.hiboutikCallback }));
		assert.equal(answer.status, 200, answer.body);
		assert.deepEqual(JSON.parse(answer.body), { message: 'Workflow was started' });
		const [execution] = await api.waitForExecutions(workflows[LOYALTY].id, 1, 30_000);
		assert.equal(execution.status, 'success');

		const details = await api.getExecution(execution.id);
		const trigger = N8nClient.nodeOutput(details, 'Hiboutik Trigger')[0] as { data: { line_items: unknown[] } };
		assert.equal(trigger.data.line_items.length, (SAMPLE_FIELDS.sale_validated.line_items as unknown[]).length);
		for (const line of SAMPLE_FIELDS.sale_validated.line_items as Array<Record<string, string>>) {
			const expected = Math.max(0, Math.floor(Number(line.product_price) * Number(line.quantity) - Number(line.discount || 0)));
			assert.equal(String(world.hiboutik.lineItem(Number(line.line_item_id))?.points), String(expected), `points of line ${line.line_item_id}`);
		}
	});

	test('Hiboutik shows the cashier the alert set in the trigger, and the workflow still runs', async () => {
		const workflow = loadTemplate(LOYALTY, credentialIds);
		const trigger = workflow.nodes.find((node) => node.name === 'Hiboutik Trigger') as { webhookId: string; parameters: { options: Record<string, unknown> } };
		trigger.webhookId = 'hiboutik-alert';
		trigger.parameters.options.alertMessage = 'Points de fidélité recalculés';
		const saved = await api.createWorkflow({ ...workflow, name: 'Loyalty with cashier alert' });
		await api.activate(saved.id, saved.versionId);
		const answer = await send(
			buildRequest('hiboutik', 'sale_validated', { url: n8n.webhookUrl('hiboutik-alert/webhook'), secret: SECRETS.hiboutikCallback }),
		);
		assert.equal(answer.status, 200, answer.body);
		assert.deepEqual(JSON.parse(answer.body), { alerte: 'Points de fidélité recalculés' });
		const [execution] = await api.waitForExecutions(saved.id, 1, 30_000);
		assert.equal(execution.status, 'success');
	});

	test('Hiboutik sale validated → the customer is read from Hiboutik and gets the survey email', async () => {
		const answer = await send(buildRequest('hiboutik', 'sale_validated', { url: url(SURVEY), secret: SECRETS.hiboutikCallback }));
		assert.equal(answer.status, 200, answer.body);
		const [execution] = await api.waitForExecutions(workflows[SURVEY].id, 1, 30_000);
		assert.equal(execution.status, 'success');
		const mail = world.smtp.messages.find((m) => m.to.includes('elodie.marchand@example.fr'));
		assert.ok(mail, `survey mail sent (got ${JSON.stringify(world.smtp.messages.map((m) => m.to))})`);
		assert.match(mail.data, /How was your visit\?/);
	});

	test('ONe cart opened → discount email; ONe\'s "Submit test webhook" sends none', async () => {
		const request = buildRequest('one', 'cart_opened', { url: url(ONE_DISCOUNT), user: SECRETS.oneUser, password: SECRETS.onePassword });
		assert.equal((await send(request)).status, 200);
		const testRequest = buildRequest('one', 'cart_opened', {
			url: url(ONE_DISCOUNT),
			user: SECRETS.oneUser,
			password: SECRETS.onePassword,
			payload: ONE_TEST_WEBHOOK_SAMPLE,
		});
		assert.equal((await send(testRequest)).status, 200);
		const executions = await api.waitForExecutions(workflows[ONE_DISCOUNT].id, 2, 30_000);
		assert.ok(executions.every((e) => e.status === 'success'));
		const email = (ONE_SAMPLES.cart_opened.data as Record<string, string>).userEmail;
		const mails = world.smtp.messages.filter((m) => m.to.includes(email));
		assert.equal(mails.length, 1, 'one discount email, none for the test request');
		assert.match(mails[0].data, /CART-3B9F6C2E/);
	});

	test('IKITECH new then updated order → SPREAD creates, then updates, the same order', async () => {
		const created = buildRequest('ikitech', 'NEW_ORDER', { url: url(IKITECH_SPREAD), token: SECRETS.ikitechToken });
		assert.equal((await send(created)).status, 200);
		await api.waitForExecutions(workflows[IKITECH_SPREAD].id, 1, 30_000);
		const updatedBody = { type: 'UPDATE_ORDER', data: { ...IKITECH_SAMPLES.NEW_ORDER.data, updated_at: '2025-03-09T10:00:00.000000Z' } };
		const updated = buildRequest('ikitech', 'UPDATE_ORDER', { url: url(IKITECH_SPREAD), token: SECRETS.ikitechToken, payload: updatedBody });
		assert.equal((await send(updated)).status, 200);
		const executions = await api.waitForExecutions(workflows[IKITECH_SPREAD].id, 2, 30_000);
		assert.ok(executions.every((e) => e.status === 'success'), JSON.stringify(executions));

		const order = world.spread.orders.get(IKITECH_ORDER_CODE);
		assert.ok(order, 'SPREAD knows the order');
		assert.equal(order.writes, 2);
		assert.equal(order.amount, String((IKITECH_SAMPLES.NEW_ORDER.data as Record<string, unknown>).total_final));
		assert.ok(order.tags.includes('ikitech'));
		const [request] = world.spread.orderRequests();
		assert.equal(request.authorized, true);
	});

	test('IKITECH order change with a tracking number → JustClick order "sent", signed and accepted', async () => {
		const shipped = {
			type: 'UPDATE_ORDER',
			data: { ...IKITECH_SAMPLES.NEW_ORDER.data, updated_at: '2025-03-10T08:30:00.000000Z', tracking_number: 'S22.SG02.D3.12345' },
		};
		const request = buildRequest('ikitech', 'UPDATE_ORDER', { url: url(IKITECH_JUSTCLICK), token: SECRETS.ikitechToken, payload: shipped });
		assert.equal((await send(request)).status, 200);
		const [execution] = await api.waitForExecutions(workflows[IKITECH_JUSTCLICK].id, 1, 30_000);
		assert.equal(execution.status, 'success');
		assert.deepEqual(world.justClick.orders.get(IKITECH_ORDER_CODE), {
			status: 'sent',
			date: String(Date.parse('2025-03-10T08:30:00Z') / 1000),
			rpo: 'S22.SG02.D3.12345',
		});
		assert.equal(world.justClick.successfulRequests().length, 1);
	});

	describe('bad callers get their status code and start nothing', () => {
		const cases: Array<{ name: string; file: string; request: () => { url: string; init: RequestInit }; status: number }> = [
			{
				name: 'Hiboutik: wrong secret',
				file: LOYALTY,
				request: () => {
					const r = buildRequest('hiboutik', 'sale_validated', { url: url(LOYALTY), secret: 'not-the-secret-0123456789' });
					return { url: r.url, init: { method: 'POST', headers: r.headers, body: r.body } };
				},
				status: 403,
			},
			{
				name: 'Hiboutik: no secret',
				file: LOYALTY,
				request: () => {
					const r = buildRequest('hiboutik', 'sale_validated', { url: url(LOYALTY) });
					return { url: r.url, init: { method: 'POST', headers: r.headers, body: r.body } };
				},
				status: 403,
			},
			{
				name: 'Hiboutik: unknown event',
				file: LOYALTY,
				request: () => {
					const r = buildRequest('hiboutik', 'sale_validated', { url: `${url(LOYALTY)}?event=sale_exploded`, secret: SECRETS.hiboutikCallback });
					return { url: r.url, init: { method: 'POST', headers: r.headers, body: r.body } };
				},
				status: 400,
			},
			{
				name: 'ONe: wrong password',
				file: ONE_DISCOUNT,
				request: () => {
					const r = buildRequest('one', 'cart_opened', { url: url(ONE_DISCOUNT), user: SECRETS.oneUser, password: 'guess-Guess-1' });
					return { url: r.url, init: { method: 'POST', headers: r.headers, body: r.body } };
				},
				status: 401,
			},
			{
				name: 'IKITECH: wrong token',
				file: IKITECH_SPREAD,
				request: () => {
					const r = buildRequest('ikitech', 'NEW_ORDER', { url: url(IKITECH_SPREAD), token: 'stolen' });
					return { url: r.url, init: { method: 'POST', headers: r.headers, body: r.body } };
				},
				status: 403,
			},
			{
				name: 'IKITECH: truncated JSON',
				file: IKITECH_SPREAD,
				request: () => ({
					url: url(IKITECH_SPREAD),
					init: { method: 'POST', headers: { 'content-type': 'application/json', token: SECRETS.ikitechToken }, body: '{"type":"NEW_ORDER","data":{"id":' },
				}),
				status: 422,
			},
			{
				name: 'IKITECH: unknown event type',
				file: IKITECH_SPREAD,
				request: () => ({
					url: url(IKITECH_SPREAD),
					init: { method: 'POST', headers: { 'content-type': 'application/json', token: SECRETS.ikitechToken }, body: '{"type":"NEW_COUPON","data":{}}' },
				}),
				status: 400,
			},
			{
				name: 'IKITECH: order without its code',
				file: IKITECH_SPREAD,
				request: () => ({
					url: url(IKITECH_SPREAD),
					init: {
						method: 'POST',
						headers: { 'content-type': 'application/json', token: SECRETS.ikitechToken },
						body: JSON.stringify({ type: 'NEW_ORDER', data: { id: 9 } }),
					},
				}),
				status: 400,
			},
			{
				name: 'IKITECH: 1 MB of junk',
				file: IKITECH_SPREAD,
				request: () => ({
					url: url(IKITECH_SPREAD),
					init: { method: 'POST', headers: { 'content-type': 'text/plain', token: SECRETS.ikitechToken }, body: 'x'.repeat(1024 * 1024) },
				}),
				status: 415,
			},
		];

		for (const c of cases) {
			test(c.name, async () => {
				const before = (await executionsOf(c.file)).length;
				const { url: target, init } = c.request();
				const response = await fetch(target, init);
				const body = await response.text();
				assert.equal(response.status, c.status, body);
				if (c.status === 401) assert.match(response.headers.get('www-authenticate') ?? '', /^Basic /);
				assert.doesNotMatch(body, new RegExp(SECRETS.ikitechToken));
				// Give n8n the time it would need to record a (wrongly) started execution.
				await new Promise((resolve) => setTimeout(resolve, 500));
				assert.equal((await executionsOf(c.file)).length, before, 'no execution recorded');
			});
		}

		test('n8n keeps serving after all of that', async () => {
			const health = await fetch(`${n8n.baseUrl}/healthz`);
			assert.equal(health.status, 200);
		});
	});

	test('a repeated Hiboutik sale is ignored, also after n8n restarts (duplicate memory is in n8n\'s database)', async () => {
		const sale = () => buildRequest('hiboutik', 'sale_validated', { url: url(LOYALTY), secret: SECRETS.hiboutikCallback });
		const before = (await executionsOf(LOYALTY)).length;
		const again = await send(sale());
		assert.equal(again.status, 200);
		assert.match(again.body, /duplicate/);

		n8n = await n8n.restart();
		api = n8n.client();
		await api.login();
		await api.waitForPublication(workflows[LOYALTY].id);
		const afterRestart = await send(sale());
		assert.equal(afterRestart.status, 200, afterRestart.body);
		assert.match(afterRestart.body, /duplicate/);
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.equal((await executionsOf(LOYALTY)).length, before);
	});
});
