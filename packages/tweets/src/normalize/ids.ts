const DECIMAL_DIGITS = /^[0-9]+$/;

/** The X epoch (2010-11-04T01:42:54.657Z) that Snowflake ids count from. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;
/** Ids at or below this are pre-Snowflake sequential ids and carry no timestamp (DESIGN §4). */
const LAST_SEQUENTIAL_ID = 29_999_999_999n;
/** Snowflake ids are unsigned 64-bit, at most 20 decimal digits; also keeps BigInt parsing cheap on hostile input. */
const MAX_SNOWFLAKE_DIGITS = 20;
const UINT64_LIMIT = 1n << 64n;

/**
 * A tweet id as DESIGN §4 defines it: a string of decimal digits, or a safe
 * non-negative integer. Anything else (`5.70306E+17` from a spreadsheet, a
 * number past 2^53 that JSON.parse already rounded, `"abc"`) is no id: null,
 * so that it can never collide with a real id in duplicate detection.
 */
export function normalizeId(value: unknown): string | null {
  if (typeof value === 'string') return DECIMAL_DIGITS.test(value) ? value : null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  return null;
}

/**
 * The creation time a Snowflake id encodes, in epoch milliseconds, or null
 * when the id is not a Snowflake id (at most 29,999,999,999, or not 64-bit).
 */
export function snowflakeTime(id: string | null): number | null {
  if (id === null || id.length > MAX_SNOWFLAKE_DIGITS || !DECIMAL_DIGITS.test(id)) return null;
  const n = BigInt(id);
  if (n <= LAST_SEQUENTIAL_ID || n >= UINT64_LIMIT) return null;
  return Number((n >> 22n) + SNOWFLAKE_EPOCH_MS);
}
