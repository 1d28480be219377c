/**
 * A tiny HTTP server on 127.0.0.1 that records every request it gets and
 * answers with whatever the test scripts, so the simulator's real network
 * traffic can be checked without n8n.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** path and query, as sent */
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface ScriptedAnswer {
	status: number;
	body?: string;
	headers?: Record<string, string>;
}

export interface Recorder {
	/** base URL, e.g. http://127.0.0.1:41234 */
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

const OK: ScriptedAnswer = { status: 200, body: '{"message":"Workflow was started"}' };

export async function startRecorder(answer: (request: RecordedRequest, index: number) => ScriptedAnswer = () => OK): Promise<Recorder> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const recorded = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			const reply = answer(recorded, requests.length - 1);
			res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
			res.end(reply.body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
