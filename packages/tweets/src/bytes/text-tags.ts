import { TAG_CHAR, TAG_LETTER } from '../extract/hashtag-chars.ts';
import { HASH_PRIME, HASH_SEED, type ScannedTweet } from './scanned-tweet.ts';
import { decodedCodePoint, readCharAt, readCharBefore, tagBitsOf } from './utf8-chars.ts';

/** Returned instead of a position when the line must take the exact path. */
export const DECLINE = -1;

const QUOTE = 0x22;
const HASH = 0x23;
const AMPERSAND = 0x26;
const SLASH = 0x2f;
const DOT = 0x2e;
const SPACE = 0x20;
const COLON = 0x3a;

// What a byte of a JSON string's raw text means to the scanner (0: nothing, read on). Plain
// bytes are skipped by a tight loop, so only the bytes that need a decision stop it: in most
// texts the hash signs and the closing quote. (A raw line feed is a control character, so that
// loop stops at the end of its line at the latest.)
const C_QUOTE = 1;
const C_BACKSLASH = 2;
const C_CONTROL = 3;
const C_HASH = 4;
/** 0xEF: the lead byte of U+FF03 `＃`, the other hash sign. */
const C_WIDE_LEAD = 5;
const C_AMPERSAND = 6;

const TEXT_CLASS = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) TEXT_CLASS[b] = C_CONTROL;
TEXT_CLASS[QUOTE] = C_QUOTE;
TEXT_CLASS[0x5c] = C_BACKSLASH;
TEXT_CLASS[HASH] = C_HASH;
TEXT_CLASS[0xef] = C_WIDE_LEAD;
TEXT_CLASS[AMPERSAND] = C_AMPERSAND;

/** A byte of 0x80 or more in `TAG_BYTE`: the character must be decoded. */
const HIGH = 4;
/** twitter-text's hashtag bits of each ASCII byte (letters 3, digits and `_` 1), HIGH above. */
const TAG_BYTE = new Uint8Array(256);
for (let b = 0; b < 0x80; b++) TAG_BYTE[b] = tagBitsOf(b);
for (let b = 0x80; b < 0x100; b++) TAG_BYTE[b] = HIGH;

// After a backslash: 1 a simple escape, 2 one that decodes to twitter-text whitespace
// (\n \r \t \f), 0 one the scanner leaves to the exact path (\u…, \/, anything invalid).
const ESCAPE = new Uint8Array(256);
for (const c of '"\\b') ESCAPE[c.charCodeAt(0)] = 1;
for (const c of 'nrtf') ESCAPE[c.charCodeAt(0)] = 2;

/**
 * Finds the hashtags of a JSON string's text, on its raw bytes, exactly as `extractHashtags` finds
 * them in the decoded text, or declines. `from` is just past the opening quote; the string must
 * close before `end`. Appends each hashtag (byte range of its text, hash of its bytes) to `out`
 * and returns the index of the closing quote, or DECLINE. With `xText`, the text is as the X
 * API sends it, HTML-escaped (`&amp;`): one holding a `&` is declined, for the exact path to
 * decode it (`decodeXText`), since `&amp;#tag` is no hashtag once decoded.
 *
 * It replays `hashtagSpans` sign by sign: the character before the sign (not a hashtag character,
 * not `&`, not the end of the previous match), the run of hashtag characters with a letter, and
 * the follow rule (`#a#b`, `#a://`). The decoded characters it needs are read from the bytes:
 * ASCII as is, simple escapes (`\"` `\\` `\n`…) by what they decode to, a non-ASCII character
 * beside a sign or in a tag by decoding it and looking it up in the extractor's own tables. It
 * declines, leaving the line to the exact path, where that reading would need more: a `＃`, a
 * `\u` or `\/` escape, a malformed byte beside a sign or in a tag, a raw control character
 * (invalid JSON), and any hashtag that twitter-text's URL pass could drop: one with both a `/`
 * and a `.` between the last whitespace and its sign (`mayLieInUrl`'s test; a non-ASCII space is
 * taken as no space, which can only decline more).
 */
export function scanTextTags(
  buf: Uint8Array,
  from: number,
  end: number,
  out: ScannedTweet,
  xText = false,
): number {
  /** Where the last hashtag match ended: the next sign's boundary character may not lie before it. */
  let consumed = -1;
  /** Just past the last escape sequence: a sign there follows a character decoded from it. */
  let escapeEnd = -1;
  /** Just past the last escape that decodes to whitespace (`\n` `\r` `\t` `\f`): URLs end there. */
  let spaceEnd = -1;
  /** The sign of the last hashtag kept, and the URL characters `urlSigns` saw before it. */
  let lastSign = -1;
  let lastUrl = 0;
  let i = from;
  for (;;) {
    let c = TEXT_CLASS[buf[i]!];
    while (c === 0) c = TEXT_CLASS[buf[++i]!];
    if (i >= end) return DECLINE;
    switch (c) {
      case C_QUOTE:
        return i;
      case C_BACKSLASH: {
        const kind = ESCAPE[buf[i + 1]!];
        if (kind !== 1 && kind !== 2) return DECLINE;
        i += 2;
        escapeEnd = i;
        if (kind === 2) spaceEnd = i;
        continue;
      }
      case C_WIDE_LEAD:
        if (buf[i + 1] === 0xbc && buf[i + 2] === 0x83) return DECLINE;
        i++;
        continue;
      case C_AMPERSAND:
        if (xText) return DECLINE;
        i++;
        continue;
      case C_HASH:
        break;
      default:
        return DECLINE;
    }
    // A `#` at i. The character before it: the text's start, an escape, or a byte to look at;
    // not one the previous match used up (`#a\ufe0f#b`: the selector ends the first match).
    if (i !== from && i !== escapeEnd) {
      if (i === consumed) {
        i++;
        continue;
      }
      const before = buf[i - 1]!;
      if (before < 0x80) {
        if (before === AMPERSAND || TAG_BYTE[before] !== 0) {
          i++;
          continue;
        }
      } else {
        if (readCharBefore(buf, i, from) < 0) return DECLINE;
        const cp = decodedCodePoint;
        if (cp !== 0xfe0e && cp !== 0xfe0f && (tagBitsOf(cp) & TAG_CHAR) !== 0) {
          i++;
          continue;
        }
      }
    }
    // The run of hashtag characters after the sign, hashed as it is read.
    let j = i + 1;
    let hash = HASH_SEED;
    let bits = 0;
    while (j < end) {
      const b = buf[j]!;
      const t = TAG_BYTE[b]!;
      if (t !== HIGH) {
        if ((t & TAG_CHAR) === 0) break;
        hash = Math.imul(hash ^ b, HASH_PRIME);
        bits |= t;
        j++;
        continue;
      }
      // A non-ASCII character: decoded and looked up in twitter-text's classes, like any other.
      const width = readCharAt(buf, j, end);
      if (width < 0) return DECLINE;
      const cp = decodedCodePoint;
      // `#️⃣`: a sign followed by these selectors starts no hashtag.
      if (j === i + 1 && (cp === 0xfe0f || cp === 0x20e3)) break;
      const cpBits = tagBitsOf(cp);
      if ((cpBits & TAG_CHAR) === 0) break;
      for (let k = j; k < j + width; k++) hash = Math.imul(hash ^ buf[k]!, HASH_PRIME);
      bits |= cpBits;
      j += width;
    }
    if ((bits & TAG_LETTER) === 0) {
      i++;
      continue;
    }
    // The follow rule: a match followed by a sign or `://` is no hashtag, but its text is used up.
    const next = buf[j];
    if (next === HASH || (next === COLON && buf[j + 1] === SLASH && buf[j + 2] === SLASH)) {
      consumed = j;
      i = j;
      continue;
    }
    const url = urlSigns(buf, i, Math.max(from, spaceEnd, lastSign), lastSign, lastUrl);
    if (url === 3) return DECLINE;
    lastSign = i;
    lastUrl = url;
    out.pushTag(i + 1, j, hash);
    consumed = j;
    i = j;
  }
}

/**
 * `mayLieInUrl`'s look back from a kept hashtag's sign at `sign`: which of `/` (1) and `.` (2)
 * lie between the last whitespace and the sign. It reads back to `floor` (the text's start, the
 * end of the last escaped whitespace, or the previous kept sign, whichever is last); when it
 * reaches the previous kept sign without meeting a space, what that sign saw counts too (`carried`).
 */
function urlSigns(buf: Uint8Array, sign: number, floor: number, lastSign: number, carried: number): number {
  let seen = 0;
  for (let k = sign - 1; k >= floor; k--) {
    const b = buf[k];
    if (b === SPACE) return seen;
    if (b === SLASH) seen |= 1;
    else if (b === DOT) seen |= 2;
  }
  return floor === lastSign ? seen | carried : seen;
}
