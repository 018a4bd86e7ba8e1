import { CHAR_BITS, JS_SPACE, PUNCT, SPACE } from './charsets.ts';

const DOLLAR = '$';
const MAX_SYMBOL = 6;
const MAX_SUFFIX = 2;

const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/**
 * Cashtags of a tweet (`$AAPL`, `$BRK.B`), without the `$`, in order: exactly twitter-text 3.1.0's
 * `extractCashtags`. A cashtag opens the text or follows whitespace, has 1 to 6 ASCII letters plus an
 * optional `.x`/`_xx` suffix, and must end at whitespace, punctuation or the end of the text.
 */
export function extractCashtags(text: string): string[] {
  const tags: string[] = [];
  let consumed = 0;
  for (let sign = text.indexOf(DOLLAR); sign >= 0; sign = text.indexOf(DOLLAR, sign + 1)) {
    if (sign > 0 && (sign - 1 < consumed || !((CHAR_BITS[text.charCodeAt(sign - 1)] ?? 0) & SPACE))) continue;
    const end = symbolEnd(text, sign + 1);
    if (end < 0) continue;
    consumed = end;
    tags.push(text.slice(sign + 1, end));
  }
  return tags;
}

function lettersFrom(text: string, from: number, max: number): number {
  let i = from;
  while (i < text.length && i - from < max && isAsciiLetter(text.charCodeAt(i))) i++;
  return i - from;
}

function endsHere(text: string, at: number): boolean {
  return at >= text.length || ((CHAR_BITS[text.charCodeAt(at)] ?? 0) & (JS_SPACE | PUNCT)) !== 0;
}

// End of the symbol starting at `start`, or -1. Backtracking in twitter-text's regex can only shorten the
// suffix or drop it (dropping letters would leave a letter next, which never ends a cashtag), so checking
// the suffix first and then its absence gives the same answer.
function symbolEnd(text: string, start: number): number {
  const letters = lettersFrom(text, start, MAX_SYMBOL + 1);
  if (letters === 0 || letters > MAX_SYMBOL) return -1;
  const end = start + letters;
  const c = text.charCodeAt(end);
  if (c === 0x2e || c === 0x5f) {
    const suffix = lettersFrom(text, end + 1, MAX_SUFFIX + 1);
    if (suffix >= 1 && suffix <= MAX_SUFFIX && endsHere(text, end + 1 + suffix)) return end + 1 + suffix;
  }
  return endsHere(text, end) ? end : -1;
}
