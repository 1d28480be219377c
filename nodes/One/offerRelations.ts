/**
 * Which lines of a ONe offer belong to another line. ONe's integration API
 * gives a line that has a parent line the parent's ID as `parentLineId`: for
 * a cable product, the drum line points at the cable line it is wound on
 * (ONe's release note). ONe does not publish the rest of the offer's shape, so
 * lines are found wherever they are (inferred): any object in a list, anywhere
 * in the offer, is a line when it has an `id` (or `lineId`).
 */
import type { IDataObject } from 'n8n-workflow';

export interface OfferLineRelation {
	/** the child line (e.g. the drum) */
	lineId: string;
	/** the line it belongs to (e.g. the cable) */
	parentLineId: string;
	productId?: string;
	productName?: string;
	parentProductId?: string;
	parentProductName?: string;
	/** false when no line of the offer has the parent's ID */
	parentFound: boolean;
}

type Line = Record<string, unknown>;

const isObject = (value: unknown): value is Line => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Ids as text, so a numeric parentLineId still finds its line. */
function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

const lineIdOf = (line: Line) => idText(line.id) ?? idText(line.lineId);

function productOf(line: Line): { id?: string; name?: string } {
	const product = isObject(line.product) ? line.product : {};
	const text = (...values: unknown[]) => values.map(idText).find((v) => v !== undefined);
	return {
		id: text(line.productId, product.id, product.productId),
		name: text(line.productName, line.name, product.name),
	};
}

/** Every object that is an element of a list, at any depth (objects under a key are not lines: e.g. `product`). */
function linesIn(value: unknown, found: Line[] = [], depth = 0): Line[] {
	if (depth > 20) return found;
	if (Array.isArray(value)) {
		for (const entry of value) {
			if (isObject(entry)) found.push(entry);
			linesIn(entry, found, depth + 1);
		}
	} else if (isObject(value)) {
		for (const entry of Object.values(value)) linesIn(entry, found, depth + 1);
	}
	return found;
}

/** One relation per line that names a parent line, in the order the lines come. */
export function offerLineRelations(offer: unknown): OfferLineRelation[] {
	const lines = linesIn(offer);
	const byId = new Map<string, Line>();
	for (const line of lines) {
		const id = lineIdOf(line);
		if (id !== undefined && !byId.has(id)) byId.set(id, line);
	}
	const relations: OfferLineRelation[] = [];
	for (const line of lines) {
		const parentLineId = idText(line.parentLineId);
		const lineId = lineIdOf(line);
		if (parentLineId === undefined || lineId === undefined) continue;
		const parent = byId.get(parentLineId);
		const product = productOf(line);
		const parentProduct = parent ? productOf(parent) : {};
		const relation: OfferLineRelation = { lineId, parentLineId, parentFound: parent !== undefined };
		if (product.id !== undefined) relation.productId = product.id;
		if (product.name !== undefined) relation.productName = product.name;
		if (parentProduct.id !== undefined) relation.parentProductId = parentProduct.id;
		if (parentProduct.name !== undefined) relation.parentProductName = parentProduct.name;
		relations.push(relation);
	}
	return relations;
}

/**
 * The offer as ONe sent it, with `relations` added. Should ONe's offer
 * already carry a field of that name, it is kept and ours is `lineRelations`.
 */
export function withRelations(offer: IDataObject): IDataObject {
	const relations = offerLineRelations(offer) as unknown as IDataObject[];
	return 'relations' in offer ? { ...offer, lineRelations: relations } : { ...offer, relations };
}
