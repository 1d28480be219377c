/**
 * The JustClick API functions this node can call, one entry per
 * resource/operation. Signing, sending, checking the answer, mapping error
 * codes and retrying live once in api.ts; an entry only says how the node's
 * fields become JustClick's parameters.
 *
 * To add a function (AddLeadToGroup, CreateOrder, ...): describe its fields in
 * a description file, and add an entry here with its API name, a zod schema of
 * its node fields (messages that name the field as the user sees it), and the
 * parameters in the order JustClick documents them. For example:
 *
 *   const addLeadToGroup: JustClickFunction<{ email: string; groups: string[] }> = {
 *     apiName: 'AddLeadToGroup', idempotent: true, fields: ['email', 'groups'],
 *     schema: () => z.object({ email: requiredText('Email (lead_email)'), groups: ... }),
 *     toParams: (i) => ({ rid: i.groups, lead_email: i.email }),   // rid[0]=…&rid[1]=…&lead_email=…
 *     toOutput: (i) => ({ email: i.email }),
 *   };
 *   JUSTCLICK_FUNCTIONS = { order: { updateStatus: … }, lead: { addToGroup: addLeadToGroup } };
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { toUnixSeconds } from './dates';

/** What the schemas may need to know beyond the fields themselves. */
export interface OperationContext {
	/** the workflow's timezone, for dates picked without an offset */
	timezone: string;
}

/** A parameter JustClick receives; undefined ones are left out of the request. */
export type ParamValue = string | number | undefined | ParamValue[] | { [key: string]: ParamValue };

/** JustClick's parameters in wire order (PHP arrays keep insertion order, and so does the signature). */
export type JustClickParams = Record<string, ParamValue>;

/** A verified answer: `error_code` was 0 and the hash matched. */
export interface JustClickAnswer {
	errorText: string;
	/** the whole decoded answer, e.g. `result` for functions that return data */
	body: IDataObject;
}

export interface JustClickFunction<Input = unknown> {
	/** the API function: POST https://{login}.justclick.io/api/{apiName} */
	apiName: string;
	/** sending it twice has the effect of sending it once, so a 5xx may be retried (CreateOrder: false) */
	idempotent: boolean;
	/** the node fields this operation reads (absent or hidden fields read as undefined) */
	fields: string[];
	schema(context: OperationContext): z.ZodType<Input, z.ZodTypeDef, unknown>;
	toParams(input: Input): JustClickParams;
	/** the operation's own output fields; the common ones (success, errorCode, ...) are added by the node */
	toOutput(input: Input, answer: JustClickAnswer): IDataObject;
}

// ---------------------------------------------------------------------------
// Field rules shared by functions

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Text from the editor or an expression (ids often arrive as numbers); blank is undefined. */
const optionalText = (label: string) =>
	z.preprocess(
		(value) => (isBlank(value) ? undefined : typeof value === 'number' ? String(value) : value),
		z.string({ invalid_type_error: `${label} must be text` }).trim().optional(),
	);

const requiredText = (label: string) =>
	optionalText(label).refine((value): value is string => value !== undefined, { message: `${label} is required` });

/** A date in any form users have one (see dates.ts), as whole UNIX seconds; blank is undefined. */
const optionalUnixSeconds = (label: string, context: OperationContext) =>
	z.unknown().transform((value, ctx): number | undefined => {
		if (isBlank(value)) return undefined;
		const seconds = toUnixSeconds(value, context.timezone);
		if (seconds === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} is not a valid date: ${JSON.stringify(value)}` });
			return z.NEVER;
		}
		return seconds;
	});

// ---------------------------------------------------------------------------
// Order → Update Status (UpdateOrderStatus)

export const ORDER_STATUSES = ['sent', 'paid', 'return', 'cancel'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const statusField = z.preprocess(
	(value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
	z.enum(ORDER_STATUSES, {
		errorMap: (_issue, ctx) => ({
			message: `Status must be one of ${ORDER_STATUSES.join(', ')} (got ${JSON.stringify(ctx.data) ?? 'nothing'})`,
		}),
	}),
);

const LABELS = {
	billId: 'Order number (billId)',
	date: 'Date (date)',
	rpo: 'Tracking number (rpo)',
};

/** JustClick needs a date to mark an order sent or paid, and a tracking number to mark it sent. */
const NEEDS_DATE: readonly OrderStatus[] = ['sent', 'paid'];
const NEEDS_TRACKING: readonly OrderStatus[] = ['sent'];

const updateOrderStatusSchema = (context: OperationContext) =>
	z
		.object({
			billId: requiredText(LABELS.billId),
			status: statusField,
			date: optionalUnixSeconds(LABELS.date, context),
			rpo: optionalText(LABELS.rpo),
		})
		.superRefine((input, ctx) => {
			if (NEEDS_DATE.includes(input.status) && input.date === undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['date'],
					message: `${LABELS.date} is required when status is '${input.status}'`,
				});
			}
			if (NEEDS_TRACKING.includes(input.status) && input.rpo === undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['rpo'],
					message: `${LABELS.rpo} is required when status is '${input.status}'`,
				});
			}
		});

type UpdateOrderStatusInput = z.output<ReturnType<typeof updateOrderStatusSchema>>;

export const updateOrderStatus: JustClickFunction<UpdateOrderStatusInput> = {
	apiName: 'UpdateOrderStatus',
	// Setting a status again leaves the order as it was.
	idempotent: true,
	fields: ['billId', 'status', 'date', 'rpo'],
	schema: updateOrderStatusSchema,
	// The documented order: bill_id, status, date, rpo.
	toParams: (input) => ({
		bill_id: input.billId,
		status: input.status,
		date: input.date === undefined ? undefined : String(input.date),
		rpo: input.rpo,
	}),
	toOutput: (input) => ({ billId: input.billId, status: input.status }),
};

// ---------------------------------------------------------------------------

/** resource → operation → function; the node's Resource and Operation options mirror this table. */
export const JUSTCLICK_FUNCTIONS: Record<string, Record<string, JustClickFunction>> = {
	order: {
		updateStatus: updateOrderStatus,
	},
};
