/**
 * JSON text of a value in slices, for writing a large checkpoint without blocking the event loop:
 * one `JSON.stringify` of a flood's state (millions of ids and per-batch counts) held the server
 * for seconds. Objects are walked key by key and long arrays element by element; what is small
 * (a short array of plain values, a string, a number) is stringified whole. The value must not
 * change while the slices are taken (a checkpoint is a snapshot of plain JSON).
 *
 * The output is the text `JSON.stringify(value)` gives, for the JSON values a checkpoint holds
 * (plain objects, arrays, strings, finite numbers, booleans, null; undefined properties left out).
 */
export function* jsonSlices(value: unknown, sliceChars = 256 * 1024): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value)) {
    buffer += piece;
    if (buffer.length >= sliceChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** Arrays up to this long whose elements are all plain values are stringified in one call. */
const FLAT = 64;
/**
 * Longer arrays (ids, per-batch keys, running totals: millions of small tuples) are stringified
 * natively this many elements at a time; a generator step per element cost more than the JSON.
 */
const RUN = 1024;

function* pieces(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length <= FLAT && value.every(isPlain)) {
      yield JSON.stringify(value);
      return;
    }
    yield '[';
    if (value.length > RUN) {
      for (let i = 0; i < value.length; i += RUN) {
        const run = JSON.stringify(value.slice(i, i + RUN));
        yield (i > 0 ? ',' : '') + run.slice(1, -1);
      }
    } else {
      for (let i = 0; i < value.length; i++) {
        if (i > 0) yield ',';
        const v: unknown = value[i];
        // As JSON.stringify does: undefined and functions in an array become null.
        if (v === undefined || typeof v === 'function') yield 'null';
        else yield* pieces(v);
      }
    }
    yield ']';
    return;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  ) {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      yield (first ? '' : ',') + JSON.stringify(k) + ':';
      first = false;
      yield* pieces(v);
    }
    yield '}';
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}

function isPlain(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function' && v !== undefined);
}
