import { bytesAt, bytesOf, skipString, stringHadEscape } from './json-bytes.ts';
import { isoTimeAt } from './iso-time-bytes.ts';
import { readIdDigits } from './id-digits.ts';
import type { ScannedTweet } from './scanned-tweet.ts';
import { DECLINE, scanTextTags } from './text-tags.ts';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

const ID = bytesOf('{"id":"');
const CREATED_AT = bytesOf('"created_at":"');
const TEXT = bytesOf('"text":"');
const LANG = bytesOf(',"lang":');
const AUTHOR = bytesOf(',"author":');
const RT_TRUE = bytesOf(',"rt":true');
const RT_FALSE = bytesOf(',"rt":false');
const HASHTAGS = bytesOf(',"hashtags":[');

/**
 * Reads one of our own normalized lines from bytes (`toWireLine`'s shape, DESIGN §3:
 * `{"id":"…","created_at":"…","text":"…"` then optionally `"lang"`, `"author"`, `"rt"`,
 * `"hashtags"`, in that order, no whitespace) into `out`, for the line starting at `start`
 * (its `{`) and ending by `end`. Returns the position just past its closing `}`, or DECLINE.
 *
 * It accepts a subset of what `scanNormalizedLine` accepts, and gives the same id, time,
 * retweet flag and hashtags (those `extractHashtags` finds in the text; a line's own `hashtags`
 * list is accepted only when it is exactly that list, so the exact path's choice between the
 * two cannot matter). It declines a line without an id or a canonical `created_at` (the exact
 * path derives times from ids), any text `scanTextTags` declines, and an escape in a `hashtags`
 * entry. The caller checks that the line ends right after the returned position.
 */
export function scanNormalizedBytes(buf: Uint8Array, start: number, end: number, out: ScannedTweet): number {
  if (!bytesAt(buf, start, end, ID)) return DECLINE;
  let i = readIdDigits(buf, start + ID.length, end, out);
  if (i < 0 || buf[i] !== QUOTE || buf[i + 1] !== COMMA) return DECLINE;
  i += 2;
  if (!bytesAt(buf, i, end, CREATED_AT)) return DECLINE;
  i += CREATED_AT.length;
  const dateEnd = buf[i + 24] === QUOTE ? i + 24 : buf[i + 20] === QUOTE ? i + 20 : -1;
  if (dateEnd < 0 || dateEnd >= end) return DECLINE;
  const time = isoTimeAt(buf, i, dateEnd - i);
  if (time !== time) return DECLINE;
  out.time = time;
  i = dateEnd + 1;
  if (buf[i] !== COMMA || !bytesAt(buf, i + 1, end, TEXT)) return DECLINE;
  const textStart = i + 1 + TEXT.length;
  out.tags = 0;
  const textEnd = scanTextTags(buf, textStart, end, out);
  if (textEnd < 0) return DECLINE;
  i = textEnd + 1;

  if (bytesAt(buf, i, end, LANG)) {
    i = skipString(buf, i + LANG.length, end);
    if (i < 0) return DECLINE;
  }
  if (bytesAt(buf, i, end, AUTHOR)) {
    i = skipString(buf, i + AUTHOR.length, end);
    if (i < 0) return DECLINE;
  }
  out.retweet = false;
  if (bytesAt(buf, i, end, RT_TRUE)) {
    out.retweet = true;
    i += RT_TRUE.length;
  } else if (bytesAt(buf, i, end, RT_FALSE)) {
    i += RT_FALSE.length;
  }
  if (bytesAt(buf, i, end, HASHTAGS)) {
    i = sameTags(buf, i + HASHTAGS.length, end, out);
    if (i < 0) return DECLINE;
  }
  return i < end && buf[i] === CLOSE_BRACE ? i + 1 : DECLINE;
}

/**
 * Reads a `hashtags` list (from just past its `[`) and checks that it is exactly the hashtags
 * found in the text, byte for byte; returns the position past its `]`, or DECLINE.
 */
function sameTags(buf: Uint8Array, i: number, end: number, out: ScannedTweet): number {
  if (buf[i] === CLOSE_BRACKET) return out.tags === 0 ? i + 1 : DECLINE;
  for (let k = 0; ; k++) {
    const next = skipString(buf, i, end);
    if (next < 0 || stringHadEscape || k >= out.tags) return DECLINE;
    if (!sameBytes(buf, i + 1, next - 1, out.tagStart[k]!, out.tagEnd[k]!)) return DECLINE;
    const c = buf[next];
    if (c === CLOSE_BRACKET) return k + 1 === out.tags ? next + 1 : DECLINE;
    if (c !== COMMA) return DECLINE;
    i = next + 1;
  }
}

function sameBytes(buf: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}
