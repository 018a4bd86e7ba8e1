import {
  ASTRAL_DIGITS,
  ASTRAL_LETTERS_AND_MARKS,
  BMP_DIGITS,
  BMP_LETTERS_AND_MARKS,
  CASE_VARIANT_LETTERS,
  HASHTAG_EXTRAS,
} from './class-data.ts';
import { markRanges } from './charsets.ts';

/** Bit of characters that may appear in a hashtag. */
export const TAG_CHAR = 1;
/** Bit of the letters and marks, one of which a hashtag needs (so `#123` is not one). */
export const TAG_LETTER = 2;

function parseRanges(spec: string): number[] {
  const out: number[] = [];
  for (const token of spec.split(' ')) {
    const dash = token.indexOf('-');
    const lo = parseInt(dash < 0 ? token : token.slice(0, dash), 16);
    out.push(lo, dash < 0 ? lo : parseInt(token.slice(dash + 1), 16));
  }
  return out;
}

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  markRanges(table, parseRanges(BMP_LETTERS_AND_MARKS), TAG_CHAR | TAG_LETTER);
  markRanges(table, parseRanges(CASE_VARIANT_LETTERS), TAG_CHAR | TAG_LETTER);
  markRanges(table, parseRanges(BMP_DIGITS), TAG_CHAR);
  markRanges(table, parseRanges(HASHTAG_EXTRAS), TAG_CHAR);
  return table;
}

/** `TAG_CHAR`/`TAG_LETTER` bits of every BMP code unit (surrogates have none). */
export const BMP_TAG_BITS: Uint8Array = buildBmpTable();

// Astral classes are matched as surrogate pairs, which have no case, so the ranges are exact.
const astral = [
  ...chunks(parseRanges(ASTRAL_LETTERS_AND_MARKS), TAG_CHAR | TAG_LETTER),
  ...chunks(parseRanges(ASTRAL_DIGITS), TAG_CHAR),
].sort((a, b) => a[0] - b[0]);
const astralLo = Int32Array.from(astral, (r) => r[0]);
const astralHi = Int32Array.from(astral, (r) => r[1]);
const astralBits = Uint8Array.from(astral, (r) => r[2]);

function chunks(ranges: number[], bits: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) out.push([ranges[i] ?? 0, ranges[i + 1] ?? 0, bits]);
  return out;
}

/** `TAG_CHAR`/`TAG_LETTER` bits of a supplementary-plane code point. */
export function astralTagBits(cp: number): number {
  let lo = 0;
  let hi = astralLo.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (astralLo[mid] ?? 0)) hi = mid - 1;
    else if (cp > (astralHi[mid] ?? 0)) lo = mid + 1;
    else return astralBits[mid] ?? 0;
  }
  return 0;
}
