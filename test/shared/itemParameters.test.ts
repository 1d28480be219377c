/**
 * itemParameter must answer exactly what n8n's getNodeParameter answers: a
 * differential test through n8n's real engine (WorkflowExecute, its
 * expression evaluator), on generated items and generated field references,
 * plus the cases the shortcut must leave to n8n.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Expression, NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeParameters, type INodeType } from 'n8n-workflow';
import { fieldReferencePath, itemParameter } from '../../nodes/shared/itemParameters';
import { runNode } from '../helpers/n8n';

// n8n's default engine in production (`vm`, isolated-vm) needs Node 24:
// test-e2e/expressionEngine.test.ts runs this file again on the n8n runtime's
// Node with EXPRESSION_ENGINE=vm; `npm test` (Node 20) uses the legacy engine.
const engine = process.env.EXPRESSION_ENGINE;
before(async () => {
	if (engine === 'vm') {
		await Expression.initExpressionEngine({ engine: 'vm', poolSize: 1, maxCodeCacheSize: 1024, bridgeTimeout: 5000, bridgeMemoryLimit: 128 });
		assert.equal(Expression.getActiveImplementation(), 'vm');
	}
});
after(async () => {
	if (engine === 'vm') await Expression.disposeExpressionEngine();
});

type Outcome = { value: unknown } | { error: string };

function outcome(read: () => unknown): Outcome {
	try {
		const value = read();
		return { value: value === undefined ? '<undefined>' : value };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** For every item: what itemParameter and getNodeParameter answer for parameter `name`. */
function comparer(name: string): INodeType {
	return {
		description: {
			displayName: 'Compare', name: 'compare', group: ['transform'], version: 1, description: 'compare',
			defaults: { name: 'Compare' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
		},
		async execute(this: IExecuteFunctions) {
			return [
				this.getInputData().map((_item, i) => ({
					json: {
						ours: outcome(() => itemParameter(this, name, i)),
						n8n: outcome(() => this.getNodeParameter(name, i)),
					} as unknown as IDataObject,
					pairedItem: { item: i },
				})),
			];
		},
	};
}

async function compare(parameters: INodeParameters, items: IDataObject[], name = 'value') {
	const { output, error } = await runNode({ nodeType: comparer(name), parameters }, items.map((json) => ({ json })));
	assert.equal(error, undefined);
	return output![0].map((item) => item.json as { ours: Outcome; n8n: Outcome });
}

test('field references are recognised in the forms the editor writes, and nothing else', () => {
	assert.deepEqual(fieldReferencePath('={{ $json.email }}'), ['email']);
	assert.deepEqual(fieldReferencePath('={{$json.customer.email}}'), ['customer', 'email']);
	assert.deepEqual(fieldReferencePath("={{ $json['first name'] }}"), ['first name']);
	assert.deepEqual(fieldReferencePath('={{ $json["a.b"][2].c }}'), ['a.b', '2', 'c']);
	assert.deepEqual(fieldReferencePath('={{ $json }}'), []);
	for (const other of [
		'{{ $json.email }}', // not an expression: plain text
		'=Order {{ $json.id }}',
		'={{ $json.id }} ',
		'={{ $json.total * 100 }}',
		'={{ $json.name.toUpperCase() }}',
		'={{ $json?.email }}',
		'={{ $json.a }}{{ $json.b }}',
		'={{ $("Webhook").item.json.email }}',
		'={{ $json.__proto__ }}',
		'={{ $json.constructor }}',
		"={{ $json['it\\'s'] }}",
		'={{ $input.item.json.email }}',
		42,
		undefined,
	]) {
		assert.equal(fieldReferencePath(other), undefined, String(other));
	}
});

test('a field reference reads the same value as n8n, for every kind of value and path', async () => {
	const items: IDataObject[] = [
		{
			email: 'claire@example.fr',
			total: 158.31,
			zero: 0,
			paid: false,
			note: null,
			empty: '',
			'first name': 'Claire',
			'a.b': { c: ['x', 'y', 'z'] },
			customer: { email: 'c@example.fr', tags: ['vip', 'fr'], address: { city: 'Rouen' } },
			lines: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }],
			'0': 'zero key',
			üñí: 'unicode key',
		},
		{ email: 'second@example.fr', customer: {} },
	];
	const references = [
		'={{ $json.email }}',
		'={{ $json.total }}',
		'={{ $json.zero }}',
		'={{ $json.paid }}',
		'={{ $json.note }}',
		'={{ $json.empty }}',
		"={{ $json['first name'] }}",
		'={{ $json["a.b"].c[1] }}',
		'={{ $json.customer.address.city }}',
		'={{ $json.customer }}',
		'={{ $json.customer.tags }}',
		'={{ $json.lines[1].qty }}',
		'={{ $json.lines[5] }}',
		'={{ $json.lines.length }}',
		'={{ $json[0] }}',
		"={{ $json['üñí'] }}",
		'={{ $json }}',
		'={{ $json.missing }}',
		'={{ $json.missing.deeper }}',
		'={{ $json.email.length }}',
		'={{ $json.customer.toString }}',
		'={{ $json.total.toFixed }}',
	];
	for (const reference of references) {
		const results = await compare({ value: reference }, items);
		for (const [index, { ours, n8n }] of results.entries()) {
			assert.deepEqual(ours, n8n, `${reference}, item ${index}`);
		}
	}
});

test('collections and fixed collections: shortcut fields, evaluated fields and literals side by side', async () => {
	const parameters: INodeParameters = {
		profile: {
			lastName: '={{ $json.name }}',
			city: '={{ $json.city.toUpperCase() }}',
			country: 'FR',
			optIn: true,
			age: 42,
			label: '=Client {{ $json.name }}',
		},
		products: { product: [{ attributes: '={{ $json.size }}' }, { attributes: 'type:shirt' }] },
	};
	const items = [{ name: 'Doe', city: 'Rouen', size: 'size:xl' }, { name: 'Roe', city: 'Caen' }];
	for (const name of ['profile', 'products.product', 'products', 'profile.city', 'products.product[0].attributes']) {
		const results = await compare(parameters, items, name);
		for (const [index, { ours, n8n }] of results.entries()) assert.deepEqual(ours, n8n, `${name}, item ${index}`);
	}
});

test('a missing parameter falls back exactly as getNodeParameter does', async () => {
	const results = await compare({}, [{ a: 1 }], 'nothing');
	assert.deepEqual(results[0].ours, results[0].n8n);
	assert.ok('error' in results[0].n8n, 'n8n refuses a missing parameter without a fallback');
});

// ----------------------------------------------------------- generated cases

const KEYS = ['a', 'b', 'email', 'first name', 'x.y', '0', '1', 'é', 'length', 'toString', 'valueOf', 'hasOwnProperty'];

const leaf = fc.oneof(
	fc.string({ maxLength: 12 }),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
);

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
	object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
	array: fc.array(tie('value'), { maxLength: 4 }),
})).value;

const segment = fc.oneof(
	fc.constantFrom('a', 'b', 'email', 'length', 'toString', 'valueOf').map((k) => `.${k}`),
	fc.nat({ max: 5 }).map((i) => `[${i}]`),
	fc.constantFrom(...KEYS).map((k) => `['${k}']`),
	fc.constantFrom(...KEYS).map((k) => `["${k}"]`),
);

test('generated items and field references: ours and n8n agree', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.dictionary(fc.constantFrom(...KEYS), json, { maxKeys: 6 }), { minLength: 1, maxLength: 3 }),
			fc.array(segment, { maxLength: 4 }),
			async (items, segments) => {
				const reference = `={{ $json${segments.join('')} }}`;
				const results = await compare({ value: reference }, items as IDataObject[]);
				for (const [index, { ours, n8n }] of results.entries()) {
					assert.deepEqual(ours, n8n, `${reference}, item ${index}: ${JSON.stringify(items[index])}`);
				}
			},
		),
		{ numRuns: 300 },
	);
});
