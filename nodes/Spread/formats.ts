/**
 * How values are written for SPREAD: amounts as PHP prints a float, dates as
 * `Y-m-d H:i:s` (UTC) or `Y-m-d`. Each rule lives here and only here. The
 * functions throw a plain `Error` whose message says what is wrong with the
 * value ("is not a valid date: …"); the caller puts the field's name in front.
 */
import { phpFloatToString } from '../shared/phpQuery';

/**
 * Reads an amount given as a number or as text ("158.31", "158,31", " 42 ").
 * Returns undefined when the text is not a plain decimal number.
 */
export function readAmount(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// French users often type a decimal comma; a single comma with no dot is one.
	const normalised = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
	return /^-?(\d+(\.\d*)?|\.\d+)$/.test(normalised) ? Number(normalised) : undefined;
}

/**
 * Writes an amount exactly as PHP's http_build_query writes the float in
 * SPREAD's sample (`158.31` → `158.31`, `10.0` → `10`): PHP's 14 significant
 * digits, so float noise such as 0.1 + 0.2 is sent as `0.3`, never as
 * `0.30000000000000004`. The printing itself is PHP's, from phpQuery.
 */
export function formatAmount(amount: number): string {
	return phpFloatToString(amount === 0 ? 0 : amount); // -0 would print as "-0"
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isRealDate(year: number, month: number, day: number): boolean {
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = FORMATTERS.get(timeZone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		FORMATTERS.set(timeZone, formatter);
	}
	return formatter;
}

/** The wall-clock time an instant shows in a time zone. */
function wallTimeIn(instant: number, timeZone: string): WallTime {
	const parts = formatterFor(timeZone).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The instant at which a time zone's clocks show `wall` (the earlier one around DST changes). */
function instantOfWallTime(wall: WallTime, timeZone: string): number {
	const guess = wallAsUtc(wall);
	const firstOffset = wallAsUtc(wallTimeIn(guess, timeZone)) - guess;
	const candidate = guess - firstOffset;
	const secondOffset = wallAsUtc(wallTimeIn(candidate, timeZone)) - candidate;
	return secondOffset === firstOffset ? candidate : guess - secondOffset;
}

// 2014-06-21, 2014-06-21 14:31, 2014-06-21T14:31:08.123, each optionally with Z or ±hh[:]mm
const ISO_LIKE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch numbers below this are read as seconds (PHP's time()), above as milliseconds. */
const EPOCH_MILLISECONDS_FROM = 1e11;

function instantOfEpoch(value: number): number {
	return Math.abs(value) < EPOCH_MILLISECONDS_FROM ? value * 1000 : value;
}

function offsetMinutes(zone: string): number {
	if (zone.toUpperCase() === 'Z') return 0;
	const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
	const minutes = Number(hh) * 60 + Number(mm ?? 0);
	return sign === '-' ? -minutes : minutes;
}

function instantOfText(text: string, timeZone: string): number {
	if (/^\d+$/.test(text)) return instantOfEpoch(Number(text));
	const m = ISO_LIKE.exec(text);
	if (!m) {
		// Other written forms are accepted only when they carry their own zone
		// (e.g. an HTTP date "Sat, 21 Jun 2014 14:31:08 GMT"), since the
		// engine's Date parser would otherwise guess the server's zone.
		const parsed = /(GMT|UTC|Z|[+-]\d{2}:?\d{2})\s*$/i.test(text) ? Date.parse(text) : NaN;
		if (Number.isNaN(parsed)) throw new Error(`is not a date: "${text}" (write e.g. 2014-06-21 14:31:08 or an ISO 8601 date)`);
		return parsed;
	}
	const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
	const wall = { year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s };
	if (!isRealDate(wall.year, wall.month, wall.day) || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
		throw new Error(`is not a valid date: "${text}"`);
	}
	if (zone) return wallAsUtc(wall) - offsetMinutes(zone) * 60_000;
	return instantOfWallTime(wall, timeZone);
}

interface DateTimeLike {
	toMillis(): number;
	isValid?: boolean;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	return typeof value === 'object' && value !== null && typeof (value as DateTimeLike).toMillis === 'function';
}

/**
 * The instant a date input means. Accepted: ISO 8601 / `Y-m-d H:i:s` text,
 * epoch seconds or milliseconds, JS Dates and Luxon DateTimes (what `{{ $now }}`
 * gives). Text without a zone is read in `timeZone` (the workflow's), like
 * n8n's own date picker values.
 */
export function toInstant(value: unknown, timeZone: string): number {
	let instant: number;
	if (value instanceof Date) instant = value.getTime();
	else if (isDateTimeLike(value)) instant = value.isValid === false ? NaN : value.toMillis();
	else if (typeof value === 'number') instant = instantOfEpoch(value);
	else if (typeof value === 'string') instant = instantOfText(value.trim(), timeZone);
	else throw new Error('is not a date');
	if (!Number.isFinite(instant) || Number.isNaN(new Date(instant).getTime())) throw new Error('is not a valid date');
	return instant;
}

/** SPREAD's order date format: `Y-m-d H:i:s` in UTC. */
export function formatUtcDateTime(value: unknown, timeZone: string): string {
	const d = new Date(toInstant(value, timeZone));
	return (
		`${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/**
 * SPREAD's calendar-date format `Y-m-d` (birthday, service dates). A date
 * written as text keeps the day it names (the time and zone after it are
 * ignored: "1970-12-31T00:00:00+01:00" is the 31st); an instant (epoch, Date,
 * DateTime) is taken as the day it is in `timeZone`.
 */
export function formatCalendarDate(value: unknown, timeZone: string): string {
	if (typeof value === 'string') {
		const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?=$|[T\s])/.exec(value);
		if (m) {
			if (!isRealDate(+m[1], +m[2], +m[3])) throw new Error(`is not a valid date: "${value.trim()}"`);
			toInstant(value, timeZone); // the rest of the text must be a valid time too
			return `${m[1]}-${m[2]}-${m[3]}`;
		}
	}
	if (isDateTimeLike(value) && typeof (value as { toISODate?: unknown }).toISODate === 'function') {
		// A Luxon DateTime already knows its zone: keep the day it shows.
		const isoDate = (value as unknown as { toISODate(): string | null }).toISODate();
		if (isoDate) return isoDate;
	}
	const wall = wallTimeIn(toInstant(value, timeZone), timeZone);
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}
