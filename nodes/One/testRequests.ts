/**
 * Recognising the request ONe sends when a user clicks "Submit test webhook"
 * (the "send an example request" operation of its webhook API). ONe does not
 * document how that request differs from a real event, so this rule is
 * inferred and kept conservative: a request counts as a test only on a clear
 * sign, never because it merely looks unusual.
 *
 * 1. a header `x-one-test` or `x-webhook-test` set to 1 / true / yes;
 * 2. a body flag `test`, `isTest`, `is_test`, `example`, `isExample` or
 *    `is_example` that is `true` (or the text "true"), in the wrapper or the payload;
 * 3. placeholder ids no real event can carry: a customer id that is literally
 *    "string" (what API example generators put in text fields; real ONe client
 *    ids look like `ind:1024` / `org:77`) or the all-zero UUID as cart or offer id.
 */
import type { IDataObject } from 'n8n-workflow';
import type { OneBody } from './schemas';

const TEST_HEADERS = ['x-one-test', 'x-webhook-test'];
const TEST_FLAGS = ['test', 'isTest', 'is_test', 'example', 'isExample', 'is_example'];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const saysYes = (value: unknown) =>
	value === true || (typeof value === 'string' && ['1', 'true', 'yes'].includes(value.trim().toLowerCase()));

function hasTestHeader(headers: IDataObject): boolean {
	return TEST_HEADERS.some((name) => saysYes(headers[name]));
}

function hasTestFlag(body: OneBody): boolean {
	return [body.envelope, body.payload].some(
		(source) => source !== undefined && TEST_FLAGS.some((flag) => source[flag] === true || source[flag] === 'true'),
	);
}

function hasPlaceholderIds(normalised: IDataObject): boolean {
	const customerId = normalised.customerId;
	if (typeof customerId === 'string' && customerId.toLowerCase() === 'string') return true;
	return [normalised.cartId, normalised.offerId].some((id) => id === NIL_UUID);
}

export function isOneTestRequest(headers: IDataObject, body: OneBody, normalised: IDataObject): boolean {
	return hasTestHeader(headers) || hasTestFlag(body) || hasPlaceholderIds(normalised);
}
