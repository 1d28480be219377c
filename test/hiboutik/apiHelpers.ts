/** What the Hiboutik (API) node tests share: the credential, a runner against the fake Hiboutik, outputs. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { HiboutikApi } from '../../credentials/HiboutikApi.credentials';
import { Hiboutik } from '../../nodes/Hiboutik/Hiboutik.node.js';
import { runNode, type NodeRunResult } from '../helpers/n8n';
import type { HiboutikServer } from '../vendors/hiboutikServer';

export const LOGIN = { email: 'gerant@boutique-hibou.fr', apiKey: 'Hk7pQ2xV9mR4tZ8wB3nL6cJ1' };

export interface RunOptions {
	credentials?: IDataObject;
	continueOnFail?: boolean;
	input?: INodeExecutionData[];
}

export async function runHiboutik(
	server: Pick<HiboutikServer, 'baseUrl'>,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<NodeRunResult> {
	return await runNode(
		{
			nodeType: new Hiboutik(),
			parameters,
			credentials: { hiboutikApi: { account: 'boutique-hibou', ...LOGIN, baseUrl: server.baseUrl, ...options.credentials } },
			credentialTypes: [new HiboutikApi()],
			continueOnFail: options.continueOnFail,
		},
		options.input ?? [{ json: {} }],
	);
}

export function outputJson(result: NodeRunResult): IDataObject[] {
	return (result.output?.[0] ?? []).map((item) => item.json);
}

export function pairedItems(result: NodeRunResult) {
	return (result.output?.[0] ?? []).map((item) => item.pairedItem);
}

/** The n8n error a failed run ended with, with the fields n8n shows. */
export function failure(result: NodeRunResult) {
	if (!result.error) throw new Error('expected the run to fail');
	return result.error as unknown as {
		message: string;
		description?: string;
		httpCode?: string | null;
		name: string;
		context: { itemIndex?: number };
	};
}
