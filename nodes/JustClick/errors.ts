/**
 * JustClick's `error_code` values (its "API Service Responses" page), with what
 * a shop owner should do about each and how n8n should classify the failure.
 */
import type { Failure } from 'n8n-workflow';

export interface ErrorCodeInfo {
	/** short meaning, shown in brackets after the code */
	meaning: string;
	/** what to check, shown as the error's description */
	hint?: string;
	failure?: Failure;
	/** JustClick did not act on the request, so sending it again is safe */
	retryable?: boolean;
}

const BY_CODE: Record<number, ErrorCodeInfo> = {
	0: { meaning: 'ok' },
	1: { meaning: 'no hash', hint: 'The request carried no signature.', failure: { cause: 'node-defect' } },
	2: { meaning: 'no data', hint: 'JustClick received no parameters.', failure: { cause: 'node-defect' } },
	3: { meaning: 'wrong data', hint: 'JustClick rejected a parameter value; check the fields of this item.' },
	4: {
		meaning: 'bad hash',
		hint: "The signature does not match: check the credential's API key (API section of your JustClick account).",
		failure: { cause: 'credential-invalid' },
	},
	5: {
		meaning: 'bad login',
		hint: "JustClick does not know this login: check the credential's Login (the subdomain in https://LOGIN.justclick.io).",
		failure: { cause: 'credential-invalid' },
	},
	6: {
		meaning: 'IP address denied',
		hint: "Your JustClick account's API settings do not allow requests from this n8n server's IP address.",
		failure: { cause: 'configuration-invalid' },
	},
	7: { meaning: 'account disabled', hint: 'Your JustClick account is disabled.', failure: { cause: 'credential-invalid' } },
	8: {
		meaning: 'request limit from this IP',
		hint: 'JustClick is limiting requests from this IP address; try again later.',
		failure: { cause: 'rate-limited' },
		retryable: true,
	},
	302: { meaning: 'status not changed', hint: 'JustClick could not set this status on the order.' },
	303: { meaning: 'order not deleted' },
	400: { meaning: 'order not found', hint: 'No order with this number exists in your JustClick account.' },
	601: { meaning: 'duplicate order', hint: 'An order with this number already exists.' },
};

const BY_RANGE: Array<{ from: number; to: number; info: ErrorCodeInfo }> = [
	{ from: 100, to: 104, info: { meaning: 'contact error' } },
	{ from: 200, to: 203, info: { meaning: 'order error' } },
	{ from: 600, to: 605, info: { meaning: 'order creation error' } },
];

export function describeErrorCode(code: number): ErrorCodeInfo {
	return BY_CODE[code] ?? BY_RANGE.find((r) => code >= r.from && code <= r.to)?.info ?? { meaning: 'unknown error' };
}
