/**
 * JustClick takes dates as UNIX timestamps in seconds. Users give them as the
 * editor's date picker value, an ISO string from their data, a JS Date, a Luxon
 * DateTime ($now) or a number; this turns each into whole seconds.
 */

/** Numbers this large are milliseconds (as from Date.now()); in seconds they would be past year 5000. */
const MILLISECONDS_FROM = 100_000_000_000;

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/** The zone's offset from UTC at the given instant, in ms (e.g. +3h for Europe/Moscow). */
function zoneOffsetMs(timezone: string, at: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: timezone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(at));
	const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wallClock = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
	return wallClock - Math.floor(at / 1000) * 1000;
}

/**
 * A date without an offset (the date picker's "2013-03-03T00:00:00") means
 * wall-clock time in the workflow's timezone, as in n8n's own date handling.
 */
function parseLocalIso(text: string, timezone: string): number | undefined {
	const m = LOCAL_ISO.exec(text);
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
	const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(wallClock);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	let zone: string;
	try {
		zone = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
	} catch {
		zone = 'UTC';
	}
	// Two passes settle the offset across a DST change.
	let instant = wallClock - zoneOffsetMs(zone, wallClock);
	instant = wallClock - zoneOffsetMs(zone, instant);
	return instant;
}

function fromNumber(n: number): number | undefined {
	if (!Number.isFinite(n) || n < 0) return undefined;
	return Math.floor(Math.abs(n) >= MILLISECONDS_FROM ? n / 1000 : n);
}

/** Luxon DateTime and JS Date both expose their instant; checked structurally (no luxon import). */
function instantOf(value: object): number | undefined {
	if (value instanceof Date) return value.getTime();
	const candidate = value as { toMillis?: unknown; isValid?: unknown };
	if (typeof candidate.toMillis === 'function' && candidate.isValid !== false) {
		return (candidate.toMillis as () => number).call(value);
	}
	return undefined;
}

/** Whole UNIX seconds, or undefined when the value is not a date. */
export function toUnixSeconds(value: unknown, timezone: string): number | undefined {
	if (typeof value === 'number') return fromNumber(value);
	if (value !== null && typeof value === 'object') {
		const ms = instantOf(value);
		return ms === undefined || Number.isNaN(ms) ? undefined : fromNumber(Math.floor(ms / 1000));
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
	const local = parseLocalIso(text, timezone);
	if (local !== undefined) return fromNumber(Math.floor(local / 1000));
	if (LOCAL_ISO.test(text)) return undefined;
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : fromNumber(Math.floor(parsed / 1000));
}
