import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { normalizeValue, type StreamMark } from './normalize-value.ts';
import { scanNormalizedLine } from './scan-normalized.ts';

/** What one input line amounts to. Exactly one of these per line, never an exception. */
export type LineResult =
  | { kind: 'tweets'; tweets: Tweet[] }
  | { kind: 'watermark'; time: number; stream?: StreamMark }
  | { kind: 'skip'; reason: string }
  | { kind: 'malformed'; reason: string }
  | { kind: 'blank' };

/**
 * How to read a line:
 * - `auto`, the TCP socket (DESIGN §3): a line starting with `{` must be JSON;
 *   one starting with `[` is JSON when it parses and plain text otherwise
 *   (someone typing `[live] #tag` into nc); everything else is plain text.
 * - `json`, a `.jsonl`/`.json` recording: every non-blank line must be JSON.
 */
export type LineMode = 'auto' | 'json';

const BLANK: LineResult = { kind: 'blank' };
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
/** Keeps reasons short: V8 quotes part of the input in its JSON.parse messages. */
const MAX_REASON_LENGTH = 160;

/**
 * Classifies and normalizes one line (without its `\n`; a trailing `\r` is
 * stripped). Plain text becomes a tweet with no id and no time (the consumer
 * uses arrival time). Assumes the line is bounded (the line splitter drops
 * lines over its byte cap).
 */
export function parseLine(line: string, mode: LineMode): LineResult {
  if (line.charCodeAt(0) === OPEN_BRACE) {
    // Our own normalized lines, read without building the whole object; anything else returns undefined.
    const tweet = scanNormalizedLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (tweet !== undefined) return { kind: 'tweets', tweets: [tweet] };
  }
  return parseLineGeneral(line, mode);
}

/**
 * `parseLine` without the normalized-line scanner: for a caller that has just
 * tried `scanNormalizedLine` on the line itself (the scanner declines quickly
 * on other formats, but not for free on a 4 KB line).
 */
export function parseLineGeneral(line: string, mode: LineMode): LineResult {
  const s = line.endsWith('\r') ? line.slice(0, -1) : line;
  const start = firstContent(s);
  if (start === s.length) return BLANK;
  const c = s.charCodeAt(start);
  if (mode === 'json' || c === OPEN_BRACE || c === OPEN_BRACKET) {
    let value: unknown;
    try {
      value = JSON.parse(start === 0 ? s : s.slice(start));
    } catch (error) {
      if (mode === 'auto' && c !== OPEN_BRACE) return plainText(s);
      return { kind: 'malformed', reason: `invalid JSON: ${messageOf(error)}` };
    }
    return normalizeValue(value);
  }
  if (s.trim() === '') return BLANK;
  return plainText(s);
}

function plainText(s: string): LineResult {
  const text = s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  return { kind: 'tweets', tweets: [buildTweet(null, null, text, false, null, null, undefined)] };
}

/** Index of the first character that is not JSON whitespace or a byte-order mark. */
function firstContent(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) break;
    i++;
  }
  return i;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH)}…` : message;
}
