/**
 * Section 3: the pure cost of our own code per call, in microseconds, on the
 * payloads of sections 1 and 2: what each trigger does with a callback once
 * n8n has received it (parse, authenticate, validate, shape the item), and
 * what each action node does per item besides the HTTP call (validate the
 * parameters, encode like PHP, sign or verify).
 *
 * It runs in a child process on the Node 24 that runs n8n (same V8 as the
 * measurements it is compared with), out of the way of the benchmark's own
 * servers: `runMicroBench()` starts `node --import tsx bench/micro.ts --child`,
 * which prints its results as JSON.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parsePayload } from '../nodes/shared/callback';
import { httpBuildQuery, parseStr } from '../nodes/shared/phpQuery';
import { basicAuthMatches, secretsMatch } from '../nodes/shared/secrets';
import { schemaFor } from '../nodes/Hiboutik/schemas';
import { buildEventJson } from '../nodes/Ikitech/output';
import { DATA_SCHEMAS, envelopeSchema } from '../nodes/Ikitech/schemas';
import { identifyOneEvent } from '../nodes/One/events';
import { eventCluesInBody, normaliseOnePayload, parseOneEventData, splitOneBody } from '../nodes/One/schemas';
import { updateOrderStatus } from '../nodes/JustClick/functions';
import { interpretResponse } from '../nodes/JustClick/api';
import { signQuery } from '../nodes/JustClick/signature';
import { signedAnswer } from '../test/vendors/justclickServer';
import { parseOrder, type RawOrderInput } from '../nodes/Spread/orderInput';
import { updateOrderBody } from '../nodes/Spread/updateOrderForm';
import { hiboutikSale, IKITECH_ORDER_CALLBACK, ONE_CART_OPENED, shippedOrders, shopOrders } from './payloads';
import { median } from './stats';

export interface MicroResult {
	key: string;
	label: string;
	/** median over batches, microseconds per call */
	micros: number;
	/** what one call covers */
	covers: string;
}

/** Median time of one call of `fn`, in µs, over `batches` batches of about `batchMs` each. */
function timePerCall(fn: () => unknown, batchMs: number, batches: number): number {
	for (let i = 0; i < 200; i++) fn(); // warm up the JIT
	let iterations = 1;
	for (;;) {
		const start = performance.now();
		for (let i = 0; i < iterations; i++) fn();
		const elapsed = performance.now() - start;
		if (elapsed >= batchMs / 4) {
			iterations = Math.max(1, Math.round((iterations * batchMs) / elapsed));
			break;
		}
		iterations *= 4;
	}
	const perCall: number[] = [];
	for (let b = 0; b < batches; b++) {
		const start = performance.now();
		for (let i = 0; i < iterations; i++) fn();
		perCall.push(((performance.now() - start) * 1000) / iterations);
	}
	return median(perCall);
}

const SECRET = 'bench-hiboutik-callback-secret-0123456789';
const TOKEN = 'bench-ikitech-store-token';
const USER = 'one-webhooks';
const PASSWORD = 'bench-One-Password-42';
const JC_USER = 'boutique';
const JC_KEY = 'JUSTCLICK-BENCH-KEY-XXXXXXXXXXXXXXXXXXXXXXXXX';

/** The cases: each a function doing, per call, what our node does per callback or per item. */
function cases(): Array<Omit<MicroResult, 'micros'> & { run: () => unknown }> {
	const saleBody = httpBuildQuery(hiboutikSale());
	const saleSchema = schemaFor('sale_validated');

	const ikitechBody = JSON.parse(JSON.stringify(IKITECH_ORDER_CALLBACK)) as unknown;
	const ikitechHeaders = { 'content-type': 'application/json', 'user-agent': 'IKITECH' };

	const oneBody = JSON.parse(JSON.stringify(ONE_CART_OPENED)) as unknown;
	const oneAuthorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

	const shipped = shippedOrders(1)[0];
	const okAnswer = {
		statusCode: 200,
		headers: { 'content-type': 'application/json' },
		body: signedAnswer(0, 'OK', JC_KEY),
	};
	const jcSchema = updateOrderStatus.schema({ timezone: 'UTC' });

	const shop = shopOrders(1)[0];
	const spreadInput: RawOrderInput = {
		orderId: shop.orderCode,
		orderState: '10',
		amount: shop.total,
		createdAt: shop.createdAt,
		customerEmail: shop.email,
		externalId: shop.phone,
		profileFields: { lastName: shop.customerName, mobile: shop.phone, city: shop.city, address: shop.address },
		customFields: [],
		orderFields: { orderTagsToAdd: 'ikitech' },
		products: { mode: 'fields', rows: [] },
	};

	return [
		{
			key: 'hiboutik',
			label: 'Hiboutik Trigger, 50-line sale',
			covers: 'secret check + parse_str of the raw form (PHP rules) + zod schema (ids to numbers, lists)',
			run: () => {
				if (!secretsMatch(SECRET, SECRET)) throw new Error('secret');
				return parsePayload(saleSchema, parseStr(saleBody), 'data');
			},
		},
		{
			key: 'hiboutik.parseStr',
			label: '  of which parse_str',
			covers: 'parseStr of the 50-line form alone',
			run: () => parseStr(saleBody),
		},
		{
			key: 'ikitech',
			label: 'IKITECH Trigger, full order',
			covers: 'token check + envelope and order zod schemas + output item (JSON already parsed by n8n)',
			run: () => {
				if (!secretsMatch(TOKEN, TOKEN)) throw new Error('token');
				const envelope = parsePayload(envelopeSchema, ikitechBody);
				const data = parsePayload(DATA_SCHEMAS[envelope.type], envelope.data, 'data');
				return buildEventJson(envelope.type, data, ikitechHeaders, new Date());
			},
		},
		{
			key: 'one',
			label: 'ONe Trigger, cart opened',
			covers: 'Basic auth check + body shape + event identification + zod schema',
			run: () => {
				if (!basicAuthMatches(oneAuthorization, { user: USER, password: PASSWORD })) throw new Error('auth');
				const body = splitOneBody(oneBody);
				const normalised = normaliseOnePayload(body);
				const event = identifyOneEvent({ fromBody: eventCluesInBody(body), fromQuery: undefined, selected: ['cart_opened'] });
				return parseOneEventData(event, normalised);
			},
		},
		{
			key: 'justclick',
			label: 'JustClick, one order status',
			covers: 'parameter schema (dates to UNIX time) + http_build_query + md5 signature + signed-answer check',
			run: () => {
				const input = jcSchema.parse({ billId: shipped.billId, status: 'sent', date: shipped.shippedAt, rpo: shipped.trackingNumber });
				const body = signQuery(httpBuildQuery(updateOrderStatus.toParams(input)), JC_USER, JC_KEY);
				return [body, interpretResponse(okAnswer, JC_KEY)];
			},
		},
		{
			key: 'spread',
			label: 'SPREAD, one order',
			covers: 'order schema (amount, UTC date, tags) + nested http_build_query form',
			run: () => updateOrderBody(parseOrder(spreadInput, 'UTC')),
		},
		{
			key: 'md5',
			label: '(reference) one md5 of 100 bytes',
			covers: "node:crypto md5, the Crypto node's core",
			run: () => createHash('md5').update('x'.repeat(100)).digest('hex'),
		},
	];
}

export function measureMicro(batchMs = 200, batches = 7): MicroResult[] {
	return cases().map(({ run, ...rest }) => {
		run(); // fails loudly if the case is wrong
		return { ...rest, micros: timePerCall(run, batchMs, batches) };
	});
}

/** Runs the micro-benchmarks on `nodeBin` (n8n's Node) in a child process. */
export async function runMicroBench(nodeBin: string, quick: boolean): Promise<{ node: string; results: MicroResult[] }> {
	const root = path.resolve(__dirname, '..');
	const child = spawn(nodeBin, ['--import', 'tsx', path.join(__dirname, 'micro.ts'), '--child', quick ? '--quick' : ''], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (code !== 0) throw new Error(`micro-benchmarks exited with ${code}: ${output.slice(-500)}`);
	return JSON.parse(output.trim().split('\n').pop() ?? '{}') as { node: string; results: MicroResult[] };
}

if (require.main === module && process.argv.includes('--child')) {
	const quick = process.argv.includes('--quick');
	const results = measureMicro(quick ? 50 : 200, quick ? 5 : 9);
	process.stdout.write(`${JSON.stringify({ node: process.version, results })}\n`);
}
