/**
 * Shared pieces of the SPREAD tests: the node as a user configures it to send
 * exactly the order of SPREAD's PHP sample, a runner against the fake server,
 * and real PHP running the vendor's sample.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { SpreadApi } from '../../credentials/SpreadApi.credentials';
import { Spread } from '../../nodes/Spread/Spread.node.js';
import { runNode, type NodeRunResult } from '../helpers/n8n';
import { requirePhp } from '../helpers/php';
import type { SpreadServer } from '../vendors/spreadServer';

export const KEYS = { publicKey: 'pk_test_7f3a9c', privateKey: 'sk_test_4be1d2e8aa' };

/**
 * The node's parameters for the order of SPREAD's PHP sample (vendor doc),
 * field by field. The creation date carries its zone (the sample's value is
 * UTC); a zone-less date would be read in the workflow's time zone.
 */
export function sampleOrderParameters(): INodeParameters {
	return {
		resource: 'order',
		operation: 'upsert',
		orderId: '0000001',
		orderState: '10',
		amount: 158.31,
		createdAt: '2014-06-21T14:31:08Z',
		customerEmail: 'john@doe.com',
		externalId: '12345xxx6789',
		profileFields: {
			lastName: 'Doe',
			firstName: 'John',
			emailOptIn: '1',
			gender: 'male',
			address: '8, rue de la place',
			address2: 'bâtiment A',
			address3: 'appartement 23',
			postcode: '76000',
			city: 'Rouen',
			country: 'FR',
			phone: '0235000000',
			mobile: '060606606',
			jobTitle: 'developer',
			company: 'SPREAD',
			birthday: '1970-12-31',
			language: 'fr_FR',
			profileTagsToAdd: 'tag1, tag2',
			profileTagsToRemove: 'tag3, tag4',
		},
		customFields: { field: [{ id: '327', value: 'value' }] },
		orderFields: {
			serviceStart: '2019-06-05',
			serviceEnd: '2019-06-14',
			orderTagsToAdd: 'tag_commande_1, tag_commande_2',
			orderTagsToRemove: 'tag_commande_3, tag_commande_4',
		},
		productAttributesInput: 'fields',
		products: { product: [{ attributes: 'size:xl, type:shirt' }, { attributes: 'size:s, color:blue' }] },
	};
}

/** The fewest fields SPREAD requires. */
export function minimalOrderParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'order',
		operation: 'upsert',
		orderId: 'A-1001',
		orderState: '20',
		amount: 42.5,
		createdAt: '2024-03-05T09:15:00Z',
		customerEmail: 'claire@example.fr',
		...overrides,
	};
}

export interface RunOptions {
	credentials?: Partial<typeof KEYS & { baseUrl: string }>;
	continueOnFail?: boolean;
	input?: INodeExecutionData[];
}

export async function runSpread(
	server: SpreadServer | { baseUrl: string },
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRunResult> {
	return await runNode(
		{
			nodeType: new Spread(),
			parameters,
			credentials: { spreadApi: { ...KEYS, baseUrl: server.baseUrl, ...options.credentials } },
			credentialTypes: [new SpreadApi()],
			continueOnFail: options.continueOnFail,
		},
		options.input ?? [{ json: {} }],
	);
}

const SAMPLE_SCRIPT = path.resolve(__dirname, '../vendors/php/spread-update-order.php');

/** Runs SPREAD's PHP sample (php-cli + php-curl) against `baseUrl`. */
export async function runPhpSample(baseUrl: string, keys = KEYS): Promise<void> {
	requirePhp();
	await new Promise<void>((resolve, reject) => {
		const child = spawn('php', [SAMPLE_SCRIPT], {
			env: { ...process.env, SPREAD_BASE_URL: baseUrl, SPREAD_PUBLIC_KEY: keys.publicKey, SPREAD_PRIVATE_KEY: keys.privateKey },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`php exited ${status}: ${stderr}`))));
	});
}

export function outputJson(result: NodeRunResult) {
	return (result.output?.[0] ?? []).map((item) => item.json);
}
