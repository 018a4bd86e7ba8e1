/**
 * Reading JSON on bytes, for the byte-level line readers: skipping values while checking that
 * they are exactly what JSON.parse accepts, so a line the byte path reads is one the exact path
 * reads too (and a line JSON.parse refuses is declined, to be counted malformed the exact way).
 * Each function takes the buffer, a position and the end of the line, and returns the position
 * just past what it read, or -1.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** JSON whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[b] = 1;

// Inside a string: 1 the closing quote, 2 an escape, 3 a raw control character (invalid).
const STRING_CLASS = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) STRING_CLASS[b] = 3;
STRING_CLASS[QUOTE] = 1;
STRING_CLASS[BACKSLASH] = 2;

/** After a backslash: 1 a one-character escape, 2 `u` (four hex digits follow). */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;
ESCAPE[0x75] = 2;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** Deeper values are left to JSON.parse: the skipper recurses, and a line may hold a megabyte of `[`. */
const MAX_DEPTH = 64;

/** The first position from `i` that is not JSON whitespace. */
export function skipWhitespace(buf: Uint8Array, i: number, end: number): number {
  while (i < end && WHITESPACE[buf[i]!] === 1) i++;
  return i;
}

/** Whether the string at `i` (its opening quote) has an escape, as `skipString` last found. */
export let stringHadEscape = false;

/** Skips the string whose opening quote is at `i`; sets `stringHadEscape`. */
export function skipString(buf: Uint8Array, i: number, end: number): number {
  if (i >= end || buf[i] !== QUOTE) return -1;
  stringHadEscape = false;
  i++;
  while (i < end) {
    const c = STRING_CLASS[buf[i]!]!;
    if (c === 0) {
      i++;
    } else if (c === 1) {
      return i + 1;
    } else if (c === 2) {
      stringHadEscape = true;
      const kind = i + 1 < end ? ESCAPE[buf[i + 1]!] : 0;
      if (kind === 1) i += 2;
      else if (kind === 2 && hex4(buf, i + 2, end)) i += 6;
      else return -1;
    } else {
      return -1;
    }
  }
  return -1;
}

function hex4(buf: Uint8Array, i: number, end: number): boolean {
  return (
    i + 4 <= end &&
    HEX[buf[i]!] === 1 &&
    HEX[buf[i + 1]!] === 1 &&
    HEX[buf[i + 2]!] === 1 &&
    HEX[buf[i + 3]!] === 1
  );
}

/** Skips the value starting at `i` (no whitespace before it). */
export function skipValue(buf: Uint8Array, i: number, end: number, depth = 0): number {
  if (i >= end) return -1;
  const b = buf[i];
  if (b === QUOTE) return skipString(buf, i, end);
  if (b === 0x7b /* { */) return depth < MAX_DEPTH ? skipObject(buf, i, end, depth + 1) : -1;
  if (b === 0x5b /* [ */) return depth < MAX_DEPTH ? skipArray(buf, i, end, depth + 1) : -1;
  if (b === 0x74 /* t */) return literal(buf, i, end, TRUE);
  if (b === 0x66 /* f */) return literal(buf, i, end, FALSE);
  if (b === 0x6e /* n */) return literal(buf, i, end, NULL);
  return skipNumber(buf, i, end);
}

const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');

/** The ASCII bytes of `s`. */
export function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Whether the bytes at `i` are exactly `expected`. */
export function bytesAt(buf: Uint8Array, i: number, end: number, expected: Uint8Array): boolean {
  if (i + expected.length > end) return false;
  for (let k = 0; k < expected.length; k++) if (buf[i + k] !== expected[k]) return false;
  return true;
}

function literal(buf: Uint8Array, i: number, end: number, word: Uint8Array): number {
  return bytesAt(buf, i, end, word) ? i + word.length : -1;
}

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

/** JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. */
function skipNumber(buf: Uint8Array, i: number, end: number): number {
  if (buf[i] === 0x2d /* - */) i++;
  if (i >= end || !isDigit(buf[i])) return -1;
  if (buf[i] === 0x30) i++;
  else while (i < end && isDigit(buf[i])) i++;
  if (i < end && buf[i] === 0x2e /* . */) {
    i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45) /* e E */) {
    i++;
    if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  return i;
}

// skipObject and skipArray are walkObject and walkArray without a callback per value (the skipper
// runs over every byte of a 4 KB v2 line) and, unlike walkObject, accept keys with escapes.
function skipObject(buf: Uint8Array, i: number, end: number, depth: number): number {
  i = skipWhitespace(buf, i + 1, end);
  if (i < end && buf[i] === 0x7d /* } */) return i + 1;
  for (;;) {
    i = skipString(buf, i, end);
    if (i < 0) return -1;
    i = skipWhitespace(buf, i, end);
    if (i >= end || buf[i] !== 0x3a /* : */) return -1;
    i = skipValue(buf, skipWhitespace(buf, i + 1, end), end, depth);
    if (i < 0) return -1;
    i = skipWhitespace(buf, i, end);
    if (i >= end) return -1;
    const c = buf[i];
    if (c === 0x7d) return i + 1;
    if (c !== 0x2c /* , */) return -1;
    i = skipWhitespace(buf, i + 1, end);
  }
}

function skipArray(buf: Uint8Array, i: number, end: number, depth: number): number {
  i = skipWhitespace(buf, i + 1, end);
  if (i < end && buf[i] === 0x5d /* ] */) return i + 1;
  for (;;) {
    i = skipValue(buf, i, end, depth);
    if (i < 0) return -1;
    i = skipWhitespace(buf, i, end);
    if (i >= end) return -1;
    const c = buf[i];
    if (c === 0x5d) return i + 1;
    if (c !== 0x2c) return -1;
    i = skipWhitespace(buf, i + 1, end);
  }
}

/**
 * Reads the object at `i` (its `{`) key by key: `onField(buf, keyStart, keyEnd, valueStart, end)`
 * gets each key's bytes (without quotes; a key with an escape declines the object, since it
 * could decode to a key that matters) and must return the position past the value it read or
 * skipped, or -1. Returns the position past the object, or -1.
 */
export function walkObject(
  buf: Uint8Array,
  i: number,
  end: number,
  onField: (buf: Uint8Array, keyStart: number, keyEnd: number, valueStart: number, end: number) => number,
): number {
  if (i >= end || buf[i] !== 0x7b) return -1;
  i = skipWhitespace(buf, i + 1, end);
  if (i < end && buf[i] === 0x7d) return i + 1;
  for (;;) {
    const keyEnd = skipString(buf, i, end);
    if (keyEnd < 0 || stringHadEscape) return -1;
    let v = skipWhitespace(buf, keyEnd, end);
    if (v >= end || buf[v] !== 0x3a) return -1;
    v = skipWhitespace(buf, v + 1, end);
    i = onField(buf, i + 1, keyEnd - 1, v, end);
    if (i < 0) return -1;
    i = skipWhitespace(buf, i, end);
    if (i >= end) return -1;
    const c = buf[i];
    if (c === 0x7d) return i + 1;
    if (c !== 0x2c) return -1;
    i = skipWhitespace(buf, i + 1, end);
  }
}

/** Whether bytes `[start, end)` are exactly `expected` (a key compared with a known name). */
export function isName(buf: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  return end - start === expected.length && bytesAt(buf, start, end, expected);
}

/**
 * Reads the array at `i` (its `[`) item by item: `onItem(buf, valueStart, end)` must return the
 * position past the item, or -1. Returns the position past the array, or -1.
 */
export function walkArray(
  buf: Uint8Array,
  i: number,
  end: number,
  onItem: (buf: Uint8Array, valueStart: number, end: number) => number,
): number {
  if (i >= end || buf[i] !== 0x5b) return -1;
  i = skipWhitespace(buf, i + 1, end);
  if (i < end && buf[i] === 0x5d) return i + 1;
  for (;;) {
    i = onItem(buf, i, end);
    if (i < 0) return -1;
    i = skipWhitespace(buf, i, end);
    if (i >= end) return -1;
    const c = buf[i];
    if (c === 0x5d) return i + 1;
    if (c !== 0x2c) return -1;
    i = skipWhitespace(buf, i + 1, end);
  }
}

/** Whether the value at `i` is a string without escapes (its bytes then lie between its quotes). */
export function isPlainString(buf: Uint8Array, i: number, end: number): boolean {
  return skipString(buf, i, end) >= 0 && !stringHadEscape;
}

/** Whether the strings whose opening quotes are at `a` and `b` (both without escapes) are equal. */
export function sameStrings(buf: Uint8Array, a: number, b: number, end: number): boolean {
  for (let k = 1; ; k++) {
    const x = buf[a + k];
    if (x !== buf[b + k] || a + k >= end || b + k >= end) return false;
    if (x === 0x22) return true;
  }
}

/** `fieldOf`: the object has no such key. */
export const ABSENT = -2;

// The key `fieldOf` looks for and where its value was found (module variables: no closure per call).
let wantedName: Uint8Array = new Uint8Array(0);
let valueAt = ABSENT;

/**
 * Where the value of key `name` starts in the object at `i` (its `{`): ABSENT when the object has
 * no such key, -1 when it is not valid JSON or gives the key twice (JSON.parse would keep the
 * last one; the byte path does not guess).
 */
export function fieldOf(buf: Uint8Array, i: number, end: number, name: Uint8Array): number {
  wantedName = name;
  valueAt = ABSENT;
  fieldObjectEnd = walkObject(buf, i, end, findField);
  return fieldObjectEnd < 0 ? -1 : valueAt;
}

/** The position past the object the last `fieldOf` read (-1 when it was not valid). */
export let fieldObjectEnd = -1;

function findField(buf: Uint8Array, keyStart: number, keyEnd: number, v: number, end: number): number {
  if (isName(buf, keyStart, keyEnd, wantedName)) {
    if (valueAt !== ABSENT) return -1;
    valueAt = v;
  }
  return skipValue(buf, v, end);
}
