// A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it,
// so the email steps of the templates can be checked end to end (n8n's Send
// Email node speaks real SMTP to it through nodemailer).
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
	from: string;
	to: string[];
	data: string;
}

export interface SmtpSink {
	port: number;
	messages: ReceivedMail[];
	close(): Promise<void>;
}

function serve(socket: Socket, messages: ReceivedMail[]) {
	let buffer = '';
	let inData = false;
	let mail: ReceivedMail = { from: '', to: [], data: '' };
	const reply = (line: string) => socket.write(`${line}\r\n`);
	reply('220 localhost ESMTP test sink');
	socket.on('data', (chunk) => {
		buffer += chunk.toString('utf8');
		for (;;) {
			if (inData) {
				const end = buffer.indexOf('\r\n.\r\n');
				if (end < 0) return;
				mail.data = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
				buffer = buffer.slice(end + 5);
				inData = false;
				messages.push(mail);
				mail = { from: '', to: [], data: '' };
				reply('250 OK: queued');
				continue;
			}
			const newline = buffer.indexOf('\r\n');
			if (newline < 0) return;
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 2);
			const verb = line.slice(0, 4).toUpperCase();
			if (verb === 'EHLO') reply('250-localhost\r\n250 8BITMIME');
			else if (verb === 'HELO') reply('250 localhost');
			else if (verb === 'MAIL') (mail.from = /<([^>]*)>/.exec(line)?.[1] ?? ''), reply('250 OK');
			else if (verb === 'RCPT') mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''), reply('250 OK');
			else if (verb === 'DATA') (inData = true), reply('354 End data with <CR><LF>.<CR><LF>');
			else if (verb === 'QUIT') reply('221 Bye'), socket.end();
			else reply('250 OK');
		}
	});
	socket.on('error', () => socket.destroy());
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const messages: ReceivedMail[] = [];
	const server = createServer((socket) => serve(socket, messages));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		messages,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
