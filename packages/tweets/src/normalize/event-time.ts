import { snowflakeTime } from './ids.ts';

// ISO 8601 as real sources write it: `T` or a space between date and time
// (spreadsheets and pandas use a space), optional seconds and fraction, and
// `Z`, `±hh:mm`, `±hhmm`, `±hh` or no offset; also the six-digit signed years
// `Date.prototype.toISOString` writes outside 0000-9999, so that every time
// our wire lines carry reads back. Parsed by hand rather than with
// Date.parse because Date.parse reads an offset-less date-time as *local*
// time (results would depend on the machine) and accepts `2020-02-30`.
const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

// The v1.1 API's `Wed Oct 10 20:19:24 +0000 2018`.
const V1 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Longest string worth matching: keeps a hostile megabyte-long `created_at` out of the regexes. */
const MAX_DATE_LENGTH = 64;

/**
 * Parses a `created_at` value: ISO 8601 (an offset-less time is read as UTC)
 * or the v1.1 format. Returns epoch milliseconds, or null for anything else,
 * including impossible dates such as February 30, so that callers fall back
 * as if the field were absent.
 */
export function parseCreatedAt(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return null;
  const fast = canonicalIso(value);
  if (fast !== undefined) return fast;
  const v1Fast = v1Layout(value);
  if (v1Fast !== undefined) return v1Fast;
  const s = value.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', z, sign, oh = '0', om = '0'] = iso;
    const ms = frac === '' ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
    const offset = z !== undefined || sign === undefined ? 0 : offsetMinutes(sign, oh, om);
    return utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), ms, offset);
  }
  const v1 = V1.exec(s);
  if (v1) {
    const [, mon = '', d, h, mi, sec, sign = '+', oh = '0', om = '0', y] = v1;
    const month = MONTHS.indexOf(mon) + 1;
    return utc(
      Number(y),
      month,
      Number(d),
      Number(h),
      Number(mi),
      Number(sec),
      0,
      offsetMinutes(sign, oh, om),
    );
  }
  return null;
}

/**
 * A tweet's event time (DESIGN §4): its `created_at` when parseable, else the
 * time in its Snowflake id, else null (the consumer uses arrival time).
 */
export function eventTime(createdAt: unknown, id: string | null): number | null {
  return parseCreatedAt(createdAt) ?? snowflakeTime(id);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The v1.1 format in exactly its usual layout (`Wed Oct 10 20:19:24 +0000 2018`:
 * 30 characters, two-digit day), read by position: what the V1 regex returns
 * for these strings, without its match arrays, on every v1.1 status. Returns
 * undefined for anything else, which then takes the regexes.
 */
function v1Layout(s: string): number | null | undefined {
  if (s.length !== 30 || s.charCodeAt(3) !== 0x20 || s.charCodeAt(7) !== 0x20) return undefined;
  if (s.charCodeAt(10) !== 0x20 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  if (s.charCodeAt(19) !== 0x20 || s.charCodeAt(25) !== 0x20) return undefined;
  const sign = s.charCodeAt(20);
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  if (!WEEKDAYS.includes(s.slice(0, 3))) return undefined;
  const month = MONTHS.indexOf(s.slice(4, 7)) + 1;
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const oh = digits(s, 21, 2);
  const om = digits(s, 23, 2);
  const year = digits(s, 26, 4);
  if (month === 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || oh < 0 || om < 0 || year < 0)
    return undefined;
  const offset = oh > 23 || om > 59 ? Number.NaN : (sign === 0x2d ? -1 : 1) * (oh * 60 + om);
  return utc(year, month, day, hour, minute, second, 0, offset);
}

function offsetMinutes(sign: string, hh: string, mm: string): number {
  const h = Number(hh);
  const m = Number(mm);
  if (h > 23 || m > 59) return Number.NaN;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

/**
 * The hot path: `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString, the X API and
 * our own wire lines write) or the same without the fraction, read digit by
 * digit; the general regex costs as much as parsing the whole JSON line.
 * Returns undefined when the string is not in exactly this form.
 */
function canonicalIso(s: string): number | null | undefined {
  const n = s.length;
  return n === 24 || n === 20 ? canonicalIsoAt(s, 0, n) : undefined;
}

// The last minute read (`YYYY-MM-DDTHH:MM`) and its epoch ms: a stream's tweets
// arrive in time order, so thousands in a row share it and skip the calendar
// arithmetic. Module state, but a pure cache: the result never depends on it.
let cachedMinute = '';
let cachedMinuteMs = 0;

/**
 * `canonicalIso` of the `length` characters (24 or 20) of `s` at `from`,
 * without slicing them out: the normalized-line scanner reads `created_at` in
 * place. Returns undefined when they are not in exactly that form (the
 * caller then decodes the JSON string and takes the general path).
 */
export function canonicalIsoAt(s: string, from: number, length: number): number | null | undefined {
  const end = from + length;
  if ((length !== 24 && length !== 20) || end > s.length || s.charCodeAt(end - 1) !== 0x5a /* Z */)
    return undefined;
  if (s.charCodeAt(from + 4) !== 0x2d || s.charCodeAt(from + 7) !== 0x2d) return undefined;
  if (s.charCodeAt(from + 10) !== 0x54 || s.charCodeAt(from + 13) !== 0x3a) return undefined;
  if (s.charCodeAt(from + 16) !== 0x3a) return undefined;
  if (length === 24 && s.charCodeAt(from + 19) !== 0x2e) return undefined;
  const second = digits(s, from + 17, 2);
  const ms = length === 24 ? digits(s, from + 20, 3) : 0;
  if (second < 0 || ms < 0) return undefined;
  let base: number | null;
  if (cachedMinute !== '' && s.indexOf(cachedMinute, from) === from) {
    base = cachedMinuteMs;
  } else {
    const year = digits(s, from, 4);
    const month = digits(s, from + 5, 2);
    const day = digits(s, from + 8, 2);
    const hour = digits(s, from + 11, 2);
    const minute = digits(s, from + 14, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
    base = utc(year, month, day, hour, minute, 0, 0, 0);
    // Only valid minutes are cached, so a hit never skips the calendar checks.
    if (base === null) return null;
    cachedMinute = s.slice(from, from + 16);
    cachedMinuteMs = base;
  }
  if (second > 59) return null;
  const t = base + second * 1000 + ms;
  return Math.abs(t) <= MAX_DATE_MS ? t : null;
}

/**
 * `canonicalIsoAt(s, from, 24)` for a caller that has already matched the
 * 24 characters against `[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}.[0-9]{3}Z`
 * (the normalized-line scanner's regex): the same result without checking
 * the shape again, which on a hit of the minute cache leaves five digits to read.
 */
export function canonicalIsoMatched(s: string, from: number): number | null {
  if (cachedMinute === '' || s.indexOf(cachedMinute, from) !== from) {
    return canonicalIsoAt(s, from, 24) ?? null;
  }
  const second = (s.charCodeAt(from + 17) - 0x30) * 10 + s.charCodeAt(from + 18) - 0x30;
  if (second > 59) return null;
  const ms =
    (s.charCodeAt(from + 20) - 0x30) * 100 +
    (s.charCodeAt(from + 21) - 0x30) * 10 +
    s.charCodeAt(from + 22) -
    0x30;
  const t = cachedMinuteMs + second * 1000 + ms;
  return Math.abs(t) <= MAX_DATE_MS ? t : null;
}

/** The decimal number in s[from, from+count), or -1 if any character is not a digit. */
function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Epoch milliseconds of a calendar date and time at a UTC offset in minutes, or null when
 * any field is out of range (February 30, hour 24, a NaN offset) or the time is past what a
 * Date can hold. Exported for the byte-level reader, which must give the same answers.
 */
export function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMin: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || Number.isNaN(offsetMin)) return null;
  const t =
    daysFromCivil(year, month, day) * 86_400_000 +
    ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 +
    ms;
  return Math.abs(t) <= MAX_DATE_MS ? t : null;
}

/** The range of times a Date can represent. */
const MAX_DATE_MS = 8.64e15;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), in plain arithmetic: no Date object per tweet, and no
 * Date.UTC mapping of years 0-99 to 1900-1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
