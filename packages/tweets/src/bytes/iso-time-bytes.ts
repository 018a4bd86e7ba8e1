import { utc } from '../normalize/event-time.ts';
import { viewOf } from './byte-view.ts';

// The minute of the last time read (`YYYY-MM-DDTHH:MM`, as four 32-bit words of its bytes) and its
// epoch ms: a stream's tweets come in time order, so thousands in a row share a minute and read
// only their seconds. Only a minute whose bytes were all checked is kept. A pure cache: results
// never depend on it.
let minuteWords = [0, 0, 0, 0];
let cachedMinuteMs = 0;

/**
 * The time of a `created_at` string's content at `i`, `length` bytes long, when it is in the
 * canonical form `YYYY-MM-DDTHH:MM:SS.sssZ` (length 24, as toISOString, the X API and our wire
 * lines write it) or `YYYY-MM-DDTHH:MM:SSZ` (20): what `parseCreatedAt` returns for it. NaN for
 * any other form and for a date that does not exist (the exact path then reads the line, as it
 * knows the other forms and what a tweet without a valid date falls back to).
 */
export function isoTimeAt(buf: Uint8Array, i: number, length: number): number {
  if (length !== 24 && length !== 20) return Number.NaN;
  if (buf[i + 4] !== 0x2d || buf[i + 7] !== 0x2d || buf[i + 10] !== 0x54 || buf[i + 13] !== 0x3a)
    return Number.NaN;
  if (buf[i + 16] !== 0x3a || buf[i + length - 1] !== 0x5a) return Number.NaN;
  if (length === 24 && buf[i + 19] !== 0x2e) return Number.NaN;
  const second = digits(buf, i + 17, 2);
  const ms = length === 24 ? digits(buf, i + 20, 3) : 0;
  if ((second | ms) < 0 || second > 59) return Number.NaN;
  const view = viewOf(buf);
  const w0 = view.getInt32(i, true);
  const w1 = view.getInt32(i + 4, true);
  const w2 = view.getInt32(i + 8, true);
  const w3 = view.getInt32(i + 12, true);
  const m = minuteWords;
  if (w0 !== m[0] || w1 !== m[1] || w2 !== m[2] || w3 !== m[3]) {
    const base = minuteAt(buf, i);
    if (base === null) return Number.NaN;
    minuteWords = [w0, w1, w2, w3];
    cachedMinuteMs = base;
  }
  const t = cachedMinuteMs + second * 1000 + ms;
  return Math.abs(t) <= MAX_DATE_MS ? t : Number.NaN;
}

/** The epoch ms of the minute `YYYY-MM-DDTHH:MM` at `i` (separators already checked), or null. */
function minuteAt(buf: Uint8Array, i: number): number | null {
  const year = digits(buf, i, 4);
  const month = digits(buf, i + 5, 2);
  const day = digits(buf, i + 8, 2);
  const hour = digits(buf, i + 11, 2);
  const minute = digits(buf, i + 14, 2);
  if ((year | month | day | hour | minute) < 0) return null;
  return utc(year, month, day, hour, minute, 0, 0, 0);
}

/** The range of times a Date can represent. */
const MAX_DATE_MS = 8.64e15;

/** The decimal number in `count` bytes at `i`, or -1 when one is not a digit. */
function digits(buf: Uint8Array, i: number, count: number): number {
  let v = 0;
  for (let k = i; k < i + count; k++) {
    const d = buf[k]! - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}
