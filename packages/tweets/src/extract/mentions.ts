import { CHAR_BITS, LATIN_ACCENT } from './charsets.ts';

const AT = 0x40;
const WIDE_AT = 0xff20;
const SLASH = 0x2f;
const COLON = 0x3a;
const MAX_NAME = 20;
const MAX_SLUG_TAIL = 24;

const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNameChar = (c: number): boolean => isAsciiLetter(c) || isDigit(c) || c === 0x5f;

/** Characters that glue an `@` to what precedes it (so `a@b`, `#@b`, `!@b` are not mentions). */
const GLUE_BEFORE_AT = '!#$%&*@\uff20';
/** Characters that keep a preceding `RT` from acting as a separator (`+RT@b`, `.rt@b`). */
const GLUE_BEFORE_RT = '+~.-';

/**
 * Screen names mentioned in a tweet, without the `@`/`＠`, in order: exactly twitter-text 3.1.0's
 * `extractMentions` (list references such as `@user/list` are not mentions; names are cut at 20
 * characters as twitter-text cuts them).
 */
export function extractMentions(text: string): string[] {
  let at = text.indexOf('@');
  let wide = text.indexOf('\uff20');
  const names: string[] = [];
  let consumed = 0;
  while (at >= 0 || wide >= 0) {
    let sign: number;
    if (wide < 0 || (at >= 0 && at < wide)) {
      sign = at;
      at = text.indexOf('@', sign + 1);
    } else {
      sign = wide;
      wide = text.indexOf('\uff20', sign + 1);
    }
    if (!separated(text, sign, consumed)) continue;
    const nameEnd = scan(text, sign + 1, MAX_NAME, isNameChar);
    if (nameEnd === sign + 1) continue;
    let end = nameEnd;
    if (text.charCodeAt(end) === SLASH && isAsciiLetter(text.charCodeAt(end + 1))) {
      end = scan(text, end + 2, MAX_SLUG_TAIL, (c) => isNameChar(c) || c === 0x2d);
    }
    // Like twitter-text's global regex, a match spoiled by what follows still uses up its text.
    consumed = end;
    if (end === nameEnd && !spoiledBy(text, end)) names.push(text.slice(sign + 1, nameEnd));
  }
  return names;
}

function scan(text: string, from: number, max: number, ok: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && i - from < max && ok(text.charCodeAt(i))) i++;
  return i;
}

// The sign opens the text, or follows a separating character not yet consumed, or follows an `RT`
// (any case) that itself opens the text or follows such a character.
function separated(text: string, sign: number, consumed: number): boolean {
  if (sign === 0) return true;
  if (sign - 1 < consumed) return false;
  const before = text.charCodeAt(sign - 1);
  if (!isNameChar(before) && !GLUE_BEFORE_AT.includes(text[sign - 1] ?? '')) return true;
  if (sign < 2 || (text.charCodeAt(sign - 2) | 0x20) !== 0x72 || (before | 0x20) !== 0x74) return false;
  if (sign === 2) return true;
  const lead = text.charCodeAt(sign - 3);
  return sign - 3 >= consumed && !isNameChar(lead) && !GLUE_BEFORE_RT.includes(text[sign - 3] ?? '');
}

// A mention directly followed by another sign, an accented Latin letter or `://` is part of something
// else (an e-mail address, a longer name, a URL).
function spoiledBy(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const c = text.charCodeAt(end);
  if (c === AT || c === WIDE_AT || (CHAR_BITS[c] ?? 0) & LATIN_ACCENT) return true;
  return c === COLON && text.startsWith('//', end + 1);
}
