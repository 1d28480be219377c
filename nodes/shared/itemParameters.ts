/**
 * Node parameters read per item, with a shortcut for the mapping n8n's editor
 * writes when a field is dragged from the input panel into a parameter:
 * `{{ $json.email }}`, `{{ $json.customer.email }}`, `{{ $json['first name'] }}`,
 * `{{ $json.lines[0] }}`, or the whole item, `{{ $json }}`.
 *
 * Why: n8n 2.x evaluates every expression in an isolate (its default `vm`
 * expression engine), about 0.7 ms of CPU per expression per item on a 2-vCPU
 * machine: with nine mapped fields that is most of what an action node costs
 * on a 10,000-item run (docs/BENCHMARKS.md). A bare field reference needs no
 * evaluation: its value is the value at that path in the item n8n would hand
 * the expression as `$json`. Anything else (other variables, functions, text
 * around the braces, a path through something that is not plain JSON data,
 * a path that does not exist) goes to n8n's `getNodeParameter` unchanged, so
 * every other result, error and message stays n8n's own. A differential test
 * (test/shared/itemParameters.test.ts) holds the two to the same answers.
 *
 * For parameters without `validateType` (n8n validates those after
 * evaluating), which is all of this pack's.
 */
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

type PathSegment = string;

/** `$json` followed by `.name`, `[0]`, `['any key']` or `["any key"]` segments, nothing else. */
const FIELD_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*\d+\s*\]|\[\s*'[^'\\\n]*'\s*\]|\[\s*"[^"\\\n]*"\s*\])*)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(\d+)\s*\]|\[\s*'([^'\\\n]*)'\s*\]|\[\s*"([^"\\\n]*)"\s*\]/g;

/**
 * Names n8n's engines treat specially (its sandbox, or its `vm` engine, which
 * fails to copy values under Object.prototype's names): always left to n8n.
 */
const isGuarded = (segment: string) => segment === 'prototype' || segment in Object.prototype;

/** The path of a bare `={{ $json… }}` field reference, or undefined for any other value. */
export function fieldReferencePath(raw: unknown): PathSegment[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = FIELD_REFERENCE.exec(raw);
	if (match === null) return undefined;
	const path: PathSegment[] = [];
	for (const [, name, index, single, double] of match[1].matchAll(SEGMENT)) {
		const segment = name ?? (index !== undefined ? String(Number(index)) : (single ?? double));
		if (isGuarded(segment)) return undefined;
		path.push(segment);
	}
	return path;
}

const isPlainData = (value: unknown): value is Record<string, unknown> | unknown[] => {
	if (Array.isArray(value)) return true;
	if (value === null || typeof value !== 'object') return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
};

const NOT_RESOLVED = Symbol('not resolved');

/**
 * The value at `path` in `json`, when plain property reads give it without
 * any JavaScript subtlety: every step is an own property of plain data, and
 * the value found is a string, number, boolean, null, or plain data (copied:
 * n8n's default engine hands out copies, and the item must stay untouched). Otherwise NOT_RESOLVED.
 */
function valueAtPath(json: unknown, path: PathSegment[]): unknown {
	let current: unknown = json;
	for (const segment of path) {
		if (!isPlainData(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return NOT_RESOLVED;
		current = (current as Record<string, unknown>)[segment];
	}
	if (current === null || typeof current === 'string' || typeof current === 'boolean') return current;
	if (typeof current === 'number') return Number.isFinite(current) ? current : NOT_RESOLVED;
	if (isPlainData(current)) return copyOfData(current);
	return NOT_RESOLVED;
}

/**
 * A deep copy of JSON-like data, or NOT_RESOLVED when it holds something the
 * engines of n8n hand back differently (null-prototype objects; keys that
 * shadow Object.prototype, like `__proto__` or `valueOf`, which n8n's `vm`
 * engine cannot copy): those stay n8n's to answer.
 */
function copyOfData(value: unknown): unknown {
	if (Array.isArray(value)) {
		const copy: unknown[] = [];
		for (const entry of value) {
			const copied = copyOfData(entry);
			if (copied === NOT_RESOLVED) return NOT_RESOLVED;
			copy.push(copied);
		}
		return copy;
	}
	if (value === null || typeof value !== 'object') return value;
	if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_RESOLVED;
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		const copied = copyOfData(entry);
		if (isGuarded(key) || copied === NOT_RESOLVED) return NOT_RESOLVED;
		copy[key] = copied;
	}
	return copy;
}

/** `parameters` at a dotted parameter name ("customFields.field"), as getNodeParameter finds it. */
function rawParameter(parameters: INodeParameters, name: string): unknown {
	let current: unknown = parameters;
	for (const key of name.split('.')) {
		if (!isPlainData(current)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/**
 * The value of parameter `name` for item `itemIndex`, as
 * `ctx.getNodeParameter(name, itemIndex, fallback)` returns it; bare field
 * references inside it are read from the item directly.
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	const raw = rawParameter(ctx.getNode().parameters, name);
	if (raw === undefined) return ctx.getNodeParameter(name, itemIndex, fallback);
	const json = ctx.getInputData()[itemIndex]?.json;
	const resolve = (value: unknown, at: string): unknown => {
		if (typeof value === 'string') {
			if (!value.startsWith('=')) return value;
			const path = fieldReferencePath(value);
			const found = path === undefined || json === undefined ? NOT_RESOLVED : valueAtPath(json, path);
			return found === NOT_RESOLVED ? ctx.getNodeParameter(at, itemIndex) : found;
		}
		if (Array.isArray(value)) return value.map((entry, i) => resolve(entry, `${at}[${i}]`));
		if (isPlainData(value)) {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, `${at}.${key}`)]));
		}
		return value;
	};
	return resolve(raw, name);
}
