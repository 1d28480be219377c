/**
 * The JustClick credential's test: a harmless signed call (GetAllGroups)
 * whose answer must be signed with the same key. JustClick needs an md5
 * signature, which a declarative test request cannot compute.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY } from '../shared/retry';
import {
	callJustClick,
	credentialProblem,
	describeFailure,
	JustClickCallError,
	networkFailure,
	type RawResponse,
	type Transport,
} from './api';
import { readCredentials, type JustClickCredentials } from './credentialData';
import { signQuery } from './signature';

const TEST_FUNCTION = 'GetAllGroups';
const TEST_TIMEOUT_MS = 15_000;

/** What the test tells the user, from the answer JustClick gave (signed or not). */
export function credentialTestMessage(error: unknown, credentials: JustClickCredentials): string {
	if (!(error instanceof JustClickCallError)) return (error as Error)?.message ?? String(error);
	const failure = error.failure;
	// An unsigned refusal cannot be a forged success, so its code is worth reporting:
	// with a wrong key JustClick's answer is signed with the right one and never matches.
	const code = failure.kind === 'vendor' ? failure.code : failure.kind === 'unsigned' ? failure.claimedCode : undefined;
	if (code === 5) {
		return `Bad login: JustClick does not know the login "${credentials.userId}" (check the Login and the Domain)`;
	}
	if (code === 4) return 'Bad hash: check the API key';
	if (failure.kind === 'unsigned') {
		return 'Response not signed by JustClick: check the API key, the Login and the Domain';
	}
	return describeFailure(failure, TEST_FUNCTION, TEST_TIMEOUT_MS).message;
}

/** Credential tests only get n8n's legacy `request` helper; this signs with the credential being tested. */
function credentialTestTransport(ctx: ICredentialTestFunctions, credentials: JustClickCredentials): Transport {
	return async (url, query, timeoutMs): Promise<RawResponse> => {
		try {
			// ICredentialTestFunctions offers no other HTTP helper than `request`.
			const response = (await ctx.helpers.request({
				method: 'POST',
				uri: url,
				body: signQuery(query, credentials.userId, credentials.apiKey),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				json: false,
				resolveWithFullResponse: true,
				simple: false,
				timeout: timeoutMs,
			})) as { statusCode: number; headers?: IDataObject; body?: unknown };
			const body = response.body;
			return {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				body: typeof body === 'string' ? body : body === undefined || body === null ? '' : String(body),
			};
		} catch (error) {
			throw networkFailure(error, url);
		}
	};
}

export async function justClickApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = readCredentials(credential.data ?? {});
	const problem = credentialProblem(credentials);
	if (problem !== undefined) return { status: 'Error', message: problem };
	try {
		await callJustClick(credentialTestTransport(this, credentials), credentials, TEST_FUNCTION, {}, {
			retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
			timeoutMs: TEST_TIMEOUT_MS,
			idempotent: true,
		});
		return { status: 'OK', message: 'Connection successful: JustClick accepted the login and API key' };
	} catch (error) {
		return { status: 'Error', message: credentialTestMessage(error, credentials) };
	}
}
