/**
 * JSON text of a value in slices, for writing a large checkpoint without blocking the event loop:
 * one `JSON.stringify` of a flood's state (millions of ids and per-batch counts) held the server
 * for seconds. Objects are walked key by key and long arrays element by element; what is small
 * (a short array of plain values, a string, a number) is stringified whole. The value must not
 * change while the slices are taken (a checkpoint is a snapshot of plain JSON).
 *
 * An iterable that is not an array (a view of a live structure, as a counter's snapshot has) is
 * written as an array, read element by element as the slices are taken: a state too large to
 * copy at once is never held twice. Its owner keeps it unchanged until the last slice.
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
  if (isView(value)) {
    yield* viewPieces(value);
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

function isView(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Symbol.iterator in v;
}

/**
 * A view's elements as a JSON array: small tuples (ids, totals entries) gathered and stringified
 * natively `RUN` at a time, anything else (a batch with its keys) walked as a value of its own.
 */
function* viewPieces(view: Iterable<unknown>): Generator<string> {
  let written = false;
  /** The comma before the next element, none before the first. */
  const comma = (): string => {
    const c = written ? ',' : '';
    written = true;
    return c;
  };
  let run: unknown[] = [];
  const flush = (): string => {
    const text = comma() + JSON.stringify(run).slice(1, -1);
    run = [];
    return text;
  };
  yield '[';
  for (const v of view) {
    if (Array.isArray(v)) {
      run.push(v);
      if (run.length >= RUN) yield flush();
      continue;
    }
    if (run.length > 0) yield flush();
    yield comma();
    // As JSON.stringify does: undefined and functions in an array become null.
    if (v === undefined || typeof v === 'function') yield 'null';
    else yield* pieces(v);
  }
  if (run.length > 0) yield flush();
  yield ']';
}

function isPlain(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function' && v !== undefined);
}
