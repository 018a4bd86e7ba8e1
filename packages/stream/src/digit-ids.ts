/**
 * Tweet ids of up to 19 decimal digits as numbers (every X id: they are below 2^63), the way
 * `RecentIds` stores them: the last nine digits in `lo`; the digits before them (below 10^10, so
 * 34 bits) with their low 32 bits in `hi` and their top two beside the digit count in `len`, whose
 * low five bits hold the count, so that `0012` and `12` stay two ids.
 */

/** Longest digit string held as numbers; longer ones are kept as strings. */
export const MAX_NUMERIC_DIGITS = 19;
/** `len`'s bits holding the digit count, and where the top bits of the high digits start. */
export const LEN_MASK = 0x1f;
export const HI_TOP_SHIFT = 5;

// parseDigits' result (module variables: no object per id).
export let parsedHi = 0;
export let parsedLo = 0;
export let parsedLen = 0;

/**
 * Splits an id of 1 to 19 decimal digits into `parsedHi`, `parsedLo` and `parsedLen`. Returns
 * false for any other string.
 */
export function parseDigits(id: string): boolean {
  const n = id.length;
  if (n === 0 || n > MAX_NUMERIC_DIGITS) return false;
  const split = n > 9 ? n - 9 : 0;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < split; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    hi = hi * 10 + d;
  }
  for (let i = split; i < n; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    lo = lo * 10 + d;
  }
  parsedHi = hi | 0;
  parsedLo = lo;
  parsedLen = packLen(hi, n);
  return true;
}

/** `len` for an id whose digits before the last nine are `high` (below 10^10) and that has `digits` digits. */
export function packLen(high: number, digits: number): number {
  return digits | ((high / 4294967296) << HI_TOP_SHIFT);
}

/** The digits before the last nine, whole again (below 10^10, exact in a double). */
export function highOf(hi: number, len: number): number {
  return (hi >>> 0) + (len >>> HI_TOP_SHIFT) * 4294967296;
}

/**
 * Orders two stored ids: by value, then by digit count (`12` before `012`). Any total order
 * consistent with equality would do; this one follows a stream's Snowflake ids, which grow.
 */
export function compareIds(
  hiA: number,
  loA: number,
  lenA: number,
  hiB: number,
  loB: number,
  lenB: number,
): number {
  const a = highOf(hiA, lenA);
  const b = highOf(hiB, lenB);
  if (a !== b) return a < b ? -1 : 1;
  if (loA !== loB) return loA < loB ? -1 : 1;
  return (lenA & LEN_MASK) - (lenB & LEN_MASK);
}

/** The id's digits as a string. */
export function idString(hi: number, lo: number, len: number): string {
  const n = len & LEN_MASK;
  const low = String(lo);
  if (n <= 9) return low.padStart(n, '0');
  return String(highOf(hi, len)).padStart(n - 9, '0') + low.padStart(9, '0');
}

/** The 32-bit hash of a stored id. */
export function hashOf(hi: number, lo: number, len: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77) ^ Math.imul(len, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}

/** `hashOf` of an id of digits, or undefined for an id kept as a string: lets tests build colliding ids. */
export function hashOfId(id: string): number | undefined {
  return parseDigits(id) ? hashOf(parsedHi, parsedLo, parsedLen) : undefined;
}
