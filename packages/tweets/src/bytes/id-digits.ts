import { LONG_ID, type ScannedTweet } from './scanned-tweet.ts';

/** Ids of up to this many digits are read as numbers; every X id fits (they are below 2^63). */
const MAX_NUMERIC_DIGITS = 19;

/**
 * Reads the run of decimal digits at `i` as a tweet id into `out`: up to 19 digits as
 * `idHigh · 10^9 + idLow` (the digits before the last nine, then the last nine), longer runs
 * only located (`LONG_ID`). Returns the position after the digits, or -1 when there is none.
 */
export function readIdDigits(buf: Uint8Array, i: number, end: number, out: ScannedTweet): number {
  const start = i;
  while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  const n = i - start;
  if (n === 0) return -1;
  out.idStart = start;
  out.idEnd = i;
  if (n > MAX_NUMERIC_DIGITS) {
    out.idDigits = LONG_ID;
    return i;
  }
  const split = n > 9 ? i - 9 : start;
  let high = 0;
  for (let k = start; k < split; k++) high = high * 10 + buf[k]! - 0x30;
  let low = 0;
  for (let k = split; k < i; k++) low = low * 10 + buf[k]! - 0x30;
  out.idDigits = n;
  out.idHigh = high;
  out.idLow = low;
  return i;
}
