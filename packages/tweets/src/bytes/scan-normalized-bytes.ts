import { viewOf, word } from './byte-view.ts';
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
// The fixed parts of the usual line, as little-endian 32-bit words (compared four bytes at a time).
const ID_WORD = word('{"id');
const CREATED_WORDS = [word('","c'), word('reat'), word('ed_a'), word('t":"')];
const TEXT_WORDS = [word('","t'), word('ext"')];
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
  const view = viewOf(buf);
  if (start + 48 > end || view.getInt32(start, true) !== ID_WORD || !bytesAt(buf, start + 4, end, ID_REST))
    return DECLINE;
  let i = readIdDigits(buf, start + ID.length, end, out);
  if (i < 0 || i + 16 > end) return DECLINE;
  if (
    view.getInt32(i, true) !== CREATED_WORDS[0] ||
    view.getInt32(i + 4, true) !== CREATED_WORDS[1] ||
    view.getInt32(i + 8, true) !== CREATED_WORDS[2] ||
    view.getInt32(i + 12, true) !== CREATED_WORDS[3]
  )
    return DECLINE;
  i += 16;
  const dateEnd = buf[i + 24] === QUOTE ? i + 24 : buf[i + 20] === QUOTE ? i + 20 : -1;
  if (dateEnd < 0 || dateEnd >= end) return DECLINE;
  const time = isoTimeAt(buf, i, dateEnd - i);
  if (time !== time) return DECLINE;
  out.time = time;
  i = dateEnd + 1;
  // `","text":"` from the date's closing quote on.
  if (
    i + 10 > end ||
    view.getInt32(i - 1, true) !== TEXT_WORDS[0] ||
    view.getInt32(i + 3, true) !== TEXT_WORDS[1]
  )
    return DECLINE;
  if (buf[i + 7] !== 0x3a || buf[i + 8] !== QUOTE) return DECLINE;
  const textStart = i + 9;
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

const ID_REST = bytesOf('":"');
