/**
 * `npm run simulate -- ...`: the command line around cli/simulate.ts. It stays
 * in the repository, out of the published package: n8n's community-package
 * scan lints every shipped .js file with the node rules (no process, no
 * console), which a command-line tool cannot follow.
 *
 * Exit codes: 0 every answer was 2xx; 1 a non-2xx answer or no answer; 2 the
 * command itself is wrong (unknown vendor/event/option, missing --url).
 */
import { parseArgs } from 'node:util';
import { ConnectionError, examples, listText, simulate, UsageError } from './simulate';

const COMMAND = 'npm run cli --';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface Io {
	out: (text: string) => void;
	err: (text: string) => void;
}

const defaultIo: Io = {
	out: (text) => console.log(text),
	err: (text) => console.error(text),
};

export function usageText(): string {
	return [
		'Sends the callback a vendor would send to an n8n trigger, so you can test a workflow without the vendor.',
		'',
		'Usage:',
		`  ${COMMAND} simulate <vendor> <event> --url <webhook url> [options]`,
		`  ${COMMAND} simulate --list`,
		'',
		'Vendors: hiboutik, one, ikitech (simulate --list shows their events)',
		'',
		'Options:',
		'  --url <url>          the trigger node\'s Test URL (click "Listen for test event" first) or Production URL',
		'  --secret <s>         hiboutik: the callback secret; added to the URL as k=<s>, with event=<event>',
		'                       (a URL that already has k= or event= keeps its own)',
		'  --user <u>           one: HTTP Basic username of the ONe webhook',
		'  --password <p>       one: HTTP Basic password of the ONe webhook',
		'  --token <t>          ikitech: the store token, sent in the Token header',
		'  --file <file.json>   send this JSON instead of the event\'s sample (hiboutik: sent as a PHP form;',
		'                       ikitech: a {type, data} object as it is, anything else as the data of <event>)',
		'  --repeat <n>         send the same callback n times, e.g. 2 to see "Ignore Duplicates" at work',
		'  --verbose            print bodies in full',
		'  --list               list the vendors and their events',
		'  --help               this text',
		'',
		'Secrets are masked in what is printed. Exit code: 0 when every answer is 2xx, 1 otherwise, 2 for a wrong command.',
		'',
		'Examples:',
		...examples(COMMAND),
	].join('\n');
}

function parse(argv: string[]) {
	return parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			url: { type: 'string' },
			secret: { type: 'string' },
			token: { type: 'string' },
			user: { type: 'string' },
			password: { type: 'string' },
			file: { type: 'string' },
			repeat: { type: 'string' },
			verbose: { type: 'boolean', short: 'v' },
			list: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
}

function parseRepeat(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (!/^\d+$/.test(text.trim())) throw new UsageError(`--repeat must be a whole number, got "${text}"`);
	return Number(text.trim());
}

async function runSimulate(positionals: string[], values: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
	if (values.help === true) {
		io.out(usageText());
		return EXIT_OK;
	}
	if (values.list === true) {
		io.out(listText());
		return EXIT_OK;
	}
	const [vendor, event, ...extra] = positionals;
	if (vendor === undefined || event === undefined) {
		throw new UsageError('Name a vendor and an event, e.g. "simulate ikitech NEW_ORDER --url ..." (simulate --list shows them)');
	}
	if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}"`);
	const result = await simulate({
		vendor,
		event,
		url: values.url ?? '',
		secret: values.secret,
		token: values.token,
		user: values.user,
		password: values.password,
		file: values.file,
		repeat: parseRepeat(values.repeat),
		verbose: values.verbose === true,
		print: io.out,
		warn: io.err,
	});
	return result.ok ? EXIT_OK : EXIT_FAILED;
}

/** Runs one command line (without "node" and the script) and returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
	try {
		let parsed: ReturnType<typeof parse>;
		try {
			parsed = parse(argv);
		} catch (error) {
			// node's parseArgs: unknown option, or an option missing its value
			throw new UsageError((error as Error).message);
		}
		const [command, ...rest] = parsed.positionals;
		if (command === undefined || command === 'help') {
			io.out(usageText());
			return command === undefined && parsed.values.help !== true ? EXIT_USAGE : EXIT_OK;
		}
		if (command !== 'simulate') throw new UsageError(`Unknown command "${command}"; the command is "simulate"`);
		return await runSimulate(rest, parsed.values, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`Error: ${error.message}\nRun "${COMMAND} simulate --help" for usage.`);
			return EXIT_USAGE;
		}
		if (error instanceof ConnectionError) {
			io.err(`Error: ${error.message}`);
			return EXIT_FAILED;
		}
		throw error;
	}
}

if (require.main === module) {
	void main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
