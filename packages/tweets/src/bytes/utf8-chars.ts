import { BMP_TAG_BITS, astralTagBits } from '../extract/hashtag-chars.ts';

/**
 * One UTF-8 character read from bytes, for the few places where the byte-level scanner must know
 * the character beside a hash sign or at the end of a tag. Only well-formed sequences are read:
 * for those every decoder agrees with what `Buffer.toString('utf8')` gives the exact path (a
 * decoder that meets a bad byte never swallows the lead byte of the next sequence), so the byte
 * path sees the same character. Anything else returns -1 and the caller declines the line.
 */

/** The code point decoded by the last successful read (module variable: no object per read). */
export let decodedCodePoint = 0;

/**
 * Reads the character whose lead byte is at `i` (a byte of 0x80 or more) and ends before `end`;
 * returns its length in bytes with `decodedCodePoint` set, or -1 when the bytes are not one
 * well-formed sequence (WHATWG/Unicode rules: no overlong forms, no surrogates, at most U+10FFFF).
 */
export function readCharAt(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i]!;
  if (b0 < 0xc2 || b0 > 0xf4) return -1;
  if (b0 < 0xe0) {
    if (i + 1 >= end) return -1;
    const b1 = buf[i + 1]!;
    if ((b1 & 0xc0) !== 0x80) return -1;
    decodedCodePoint = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
    return 2;
  }
  if (b0 < 0xf0) {
    if (i + 2 >= end) return -1;
    const b1 = buf[i + 1]!;
    const b2 = buf[i + 2]!;
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80) return -1;
    decodedCodePoint = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    return 3;
  }
  if (i + 3 >= end) return -1;
  const b1 = buf[i + 1]!;
  const b2 = buf[i + 2]!;
  const b3 = buf[i + 3]!;
  const lo = b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return -1;
  decodedCodePoint = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
  return 4;
}

/**
 * Reads the character that ends just before `i` (whose last byte, at `i - 1`, is 0x80 or more),
 * not starting before `from`; returns its length with `decodedCodePoint` set, or -1 when those
 * bytes are not one well-formed sequence.
 */
export function readCharBefore(buf: Uint8Array, i: number, from: number): number {
  let start = i - 1;
  // Up to three continuation bytes back to the lead byte.
  while (start > from && start > i - 4 && (buf[start]! & 0xc0) === 0x80) start--;
  const length = readCharAt(buf, start, i);
  return length === i - start ? length : -1;
}

/** twitter-text's `TAG_CHAR`/`TAG_LETTER` bits of a code point (the same tables the extractor uses). */
export function tagBitsOf(codePoint: number): number {
  return codePoint < 0x10000 ? BMP_TAG_BITS[codePoint]! : astralTagBits(codePoint);
}
