import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { canonicalIsoAt, canonicalIsoMatched, parseCreatedAt } from './event-time.ts';
import { snowflakeTime } from './ids.ts';
import { verifiedHashtags } from './x-text.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

// Sticky runs, used instead of charCodeAt loops: V8 runs a regex as native code,
// several times faster per character than a JavaScript loop, and a loop over
// every character of the text would cost as much as JSON.parse itself.
/** The longest run of characters that need no thought inside a JSON string. */
// eslint-disable-next-line no-control-regex
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
/**
 * The usual start of our lines, up to the text: one native match instead of a
 * dozen calls. Lines with another start take the step-by-step reading below.
 */
const USUAL_HEAD =
  /\{"id":"[0-9]+","created_at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z","text":"/y;
/** A run of ASCII digits. */
const DIGIT_RUN = /[0-9]*/y;
/** A character that a JSON string cannot hold raw, or that needs decoding. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /["\\\u0000-\u001f]/;

/** Index just past the last value read: the scanner's cursor (one module variable, no object per call). */
let next = 0;

// The last `lang` value: a stream repeats a handful of languages, and reusing
// the string saves an allocation per line.
let lastLang = '';

/**
 * Reads a line in exactly the shape our own ingestor writes (`toWireLine`,
 * DESIGN §3): `{"id":"…","created_at":"…","text":"…"` then optionally
 * `"lang"`, `"author"`, `"rt"` and `"hashtags"`, in that order, without
 * whitespace, with digits for the id. It builds the Tweet from the few fields
 * directly instead of building a whole object with JSON.parse and then
 * reading it, which is most of the cost of a line.
 *
 * Returns undefined for anything else (another key order, whitespace, a
 * numeric id, invalid JSON, a watermark…); the caller then takes the general
 * path (`JSON.parse` + `normalizeValue`), so the result for every line is
 * exactly what that path gives. Its key spellings are a fast path over the
 * line's definition (`WireTweet` in @tagstream/protocol), which the writer and
 * the general reader are typed by: a change there costs speed here, never a
 * wrong reading. Whatever this accepts is valid JSON whose
 * general reading is the Tweet returned: the keys are distinct, each string
 * is closed and free of raw control characters, and any string holding an
 * escape is decoded by JSON.parse itself.
 */
export function scanNormalizedLine(s: string): Tweet | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(0) !== OPEN_BRACE || s.charCodeAt(n - 1) !== CLOSE_BRACE) return undefined;
  let id: string | null = null;
  let time: number | null = null;
  let i: number;
  USUAL_HEAD.lastIndex = 0;
  if (USUAL_HEAD.test(s)) {
    i = USUAL_HEAD.lastIndex;
    // Fixed widths back from the text: `","text":"` is 10 characters, the date 24, `","created_at":"` 16.
    const dateStart = i - 34;
    id = s.slice(7, dateStart - 16);
    time = canonicalIsoMatched(s, dateStart) ?? snowflakeTime(id);
  } else {
    i = headStepByStep(s);
    if (i < 0) return undefined;
    id = headId;
    time = headTime;
  }
  const text = readString(s, i);
  if (text === undefined) return undefined;
  i = next;

  let lang: string | null = null;
  if (s.charCodeAt(i) === COMMA && at(s, '"lang":"', i + 1)) {
    const start = i + 9;
    const end = start + lastLang.length;
    if (lastLang !== '' && s.charCodeAt(end) === QUOTE && at(s, lastLang, start)) {
      // lastLang holds no quote, backslash or control character, so this is the whole value.
      lang = lastLang;
      i = end + 1;
    } else {
      const value = readString(s, start);
      if (value === undefined) return undefined;
      i = next;
      if (value !== '') {
        lang = value;
        if (value.length <= 16 && !SPECIAL.test(value)) lastLang = value;
      }
    }
  }

  let author: string | null = null;
  if (s.charCodeAt(i) === COMMA && at(s, '"author":"', i + 1)) {
    const value = readString(s, i + 11);
    if (value === undefined) return undefined;
    i = next;
    if (value !== '') author = value.charCodeAt(0) === 0x40 /* @ */ ? value.slice(1) || null : value;
  }

  let retweet = false;
  if (s.charCodeAt(i) === COMMA && at(s, '"rt":', i + 1)) {
    if (at(s, 'true', i + 6)) {
      retweet = true;
      i += 10;
    } else if (at(s, 'false', i + 6)) {
      i += 11;
    } else {
      return undefined;
    }
  }

  let hashtags: string[] | undefined;
  if (s.charCodeAt(i) === COMMA && at(s, '"hashtags":[', i + 1)) {
    const list: string[] = [];
    i += 13;
    if (s.charCodeAt(i) === CLOSE_BRACKET) {
      i++;
    } else {
      for (;;) {
        if (s.charCodeAt(i) !== QUOTE) return undefined;
        const tag = readString(s, i + 1);
        if (tag === undefined) return undefined;
        list.push(tag);
        i = next;
        const c = s.charCodeAt(i);
        i++;
        if (c === CLOSE_BRACKET) break;
        if (c !== COMMA) return undefined;
      }
    }
    hashtags = verifiedHashtags(list, text);
  }

  // Nothing may follow but the closing brace: an unknown key, trailing data or
  // whitespace all go the general way.
  if (i !== n - 1) return undefined;
  return buildTweet(id, time, text, retweet, author, lang, hashtags);
}

// What headStepByStep read (module variables: no object per line).
let headId: string | null = null;
let headTime: number | null = null;

/**
 * Reads `"id"` and `"created_at"` (each optional) up to the start of the text
 * value, for lines whose start is not the usual one. Returns the index where
 * the text starts (with headId and headTime set), or -1 to decline the line.
 */
function headStepByStep(s: string): number {
  let i = 1;
  let id: string | null = null;
  if (at(s, '"id":"', i)) {
    const start = i + 6;
    DIGIT_RUN.lastIndex = start;
    DIGIT_RUN.test(s);
    const end = DIGIT_RUN.lastIndex;
    // Digits only: then the value has no escape or control character to worry about,
    // and it is the id as normalizeId would keep it. Anything else goes the general way.
    if (end === start || s.charCodeAt(end) !== QUOTE) return -1;
    id = s.slice(start, end);
    i = end + 1;
    if (s.charCodeAt(i) !== COMMA) return -1;
    i++;
  }

  let time: number | null = null;
  if (at(s, '"created_at":"', i)) {
    const start = i + 14;
    let parsed: number | null | undefined;
    if (s.charCodeAt(start + 24) === QUOTE) {
      parsed = canonicalIsoAt(s, start, 24);
      next = start + 25;
    } else if (s.charCodeAt(start + 20) === QUOTE) {
      parsed = canonicalIsoAt(s, start, 20);
      next = start + 21;
    }
    if (parsed === undefined) {
      // Another date form (or escapes): decode the string and parse it the general way.
      const value = readString(s, start);
      if (value === undefined) return -1;
      parsed = parseCreatedAt(value);
    }
    time = parsed;
    i = next;
    if (s.charCodeAt(i) !== COMMA) return -1;
    i++;
  }
  if (time === null) time = snowflakeTime(id);

  if (!at(s, '"text":"', i)) return -1;
  headId = id;
  headTime = time;
  return i + 8;
}

/**
 * The JSON string whose content starts at `from` (just past its opening
 * quote), decoded; `next` is set past its closing quote. Undefined when it is
 * not a valid JSON string.
 */
function readString(s: string, from: number): string | undefined {
  PLAIN_RUN.lastIndex = from;
  PLAIN_RUN.test(s);
  let end = PLAIN_RUN.lastIndex;
  let c = s.charCodeAt(end);
  if (c === QUOTE) {
    next = end + 1;
    return s.slice(from, end);
  }
  if (c !== BACKSLASH) return undefined;
  // Escapes: find the real closing quote (skipping each escaped character), then
  // let JSON.parse decode the string token, so that decoding is JSON's own.
  do {
    PLAIN_RUN.lastIndex = end + 2;
    if (end + 2 > s.length) return undefined;
    PLAIN_RUN.test(s);
    end = PLAIN_RUN.lastIndex;
    c = s.charCodeAt(end);
  } while (c === BACKSLASH);
  if (c !== QUOTE) return undefined;
  next = end + 1;
  try {
    return JSON.parse(s.slice(from - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Whether `literal` occurs in `s` at `i`. The second character first (the first
 * is always a quote): it rejects other keys at once, and other formats' lines
 * (v2, v1.1: `{"data"`, `{"created_at":"Wed…`) after one comparison.
 */
function at(s: string, literal: string, i: number): boolean {
  return s.charCodeAt(i + 1) === literal.charCodeAt(1) && s.startsWith(literal, i);
}
