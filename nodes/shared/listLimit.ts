/**
 * "Return All" / "Limit" for the Get Many operations of the API nodes, one
 * rule for all: all records, or a whole number of 1 or more (text from an
 * expression accepted).
 */
import { z } from 'zod';

/** The editor's default for Limit (the descriptions must repeat the literal 50: the linter wants it there). */
export const DEFAULT_LIMIT = 50;

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** `{}` for all records, `{ limit }` otherwise. */
export const returnAllOrLimit = z
	.object({
		returnAll: z.boolean({ invalid_type_error: 'Return All must be true or false' }).default(false),
		limit: z.unknown(),
	})
	.transform((input, ctx): { limit?: number } => {
		if (input.returnAll) return {};
		const given = input.limit ?? DEFAULT_LIMIT;
		const limit = typeof given === 'string' ? Number(given.trim()) : given;
		if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Limit must be a whole number of 1 or more (got ${show(input.limit)})` });
			return z.NEVER;
		}
		return { limit };
	});
