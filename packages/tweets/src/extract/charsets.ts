// Character sets shared by the extractors, as range lists. The URL grammar turns them into regex classes
// (it has to backtrack exactly like twitter-text's regexes); the hand-written scanners read them from a
// lookup table (they have to be fast). One list feeds both, so the two views cannot drift apart.

/** Flat `[lo, hi, lo, hi, ...]` list of inclusive UTF-16 code unit ranges. */
export type Ranges = readonly number[];

const hex = (c: number): string => '\\u' + c.toString(16).padStart(4, '0');

/** Regex class body (no brackets) matching exactly the given code units. */
export function classBody(ranges: Ranges): string {
  let body = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] ?? 0;
    const hi = ranges[i + 1] ?? lo;
    body += lo === hi ? hex(lo) : hex(lo) + '-' + hex(hi);
  }
  return body;
}

function single(chars: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) out.push(chars.charCodeAt(i), chars.charCodeAt(i));
  return out;
}

/** twitter-text's whitespace: what may precede a cashtag and can never be part of a URL. */
export const SPACE_RANGES: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0x85, 0x85, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x2028,
  0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
];

/** twitter-text's ASCII punctuation (note: neither `"` nor a backtick). */
export const PUNCT_RANGES: Ranges = single("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$");

/** Byte-order mark and noncharacters, which twitter-text treats as invalid. */
export const NONCHAR_RANGES: Ranges = [0xfeff, 0xfeff, 0xfffe, 0xffff];

/** Bidirectional formatting controls. */
export const BIDI_RANGES: Ranges = [0x061c, 0x061c, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069];

/** Latin letters with diacritics (and the combining diacritics themselves). */
export const LATIN_ACCENT_RANGES: Ranges = [
  0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0xff, 0x100, 0x24f, 0x253, 0x254, 0x256, 0x257, 0x259, 0x259, 0x25b, 0x25b,
  0x263, 0x263, 0x268, 0x268, 0x26f, 0x26f, 0x272, 0x272, 0x289, 0x289, 0x28b, 0x28b, 0x2bb, 0x2bb, 0x300,
  0x36f, 0x1e00, 0x1eff,
];

/** Basic Cyrillic, allowed in URL paths. */
export const CYRILLIC_RANGES: Ranges = [0x400, 0x4ff];

/** JavaScript's `\s` (ECMAScript WhiteSpace and LineTerminator); unlike twitter-text's set it has the BOM. */
export const JS_SPACE_RANGES: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f,
  0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
];

/** Lookup-table bits, see {@link CHAR_BITS}. */
export const SPACE = 1;
export const PUNCT = 2;
export const LATIN_ACCENT = 4;
/** JavaScript's `\s`, which twitter-text's cashtag rule uses alongside its own whitespace set. */
export const JS_SPACE = 8;

/** Sets `bits` on every code unit of `ranges` in a per-code-unit table. */
export function markRanges(table: Uint8Array, ranges: Ranges, bits: number): void {
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] ?? 0;
    for (let c = lo, hi = ranges[i + 1] ?? lo; c <= hi; c++) table[c] = (table[c] ?? 0) | bits;
  }
}

function buildCharBits(): Uint8Array {
  const table = new Uint8Array(0x10000);
  markRanges(table, SPACE_RANGES, SPACE);
  markRanges(table, PUNCT_RANGES, PUNCT);
  markRanges(table, LATIN_ACCENT_RANGES, LATIN_ACCENT);
  markRanges(table, JS_SPACE_RANGES, JS_SPACE);
  return table;
}

/** Per-code-unit bit set of the sets above, for the scanners. */
export const CHAR_BITS: Uint8Array = buildCharBits();
