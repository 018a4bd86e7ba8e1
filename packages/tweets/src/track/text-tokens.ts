/**
 * Case folding and tokenization shared by rule keywords and tweet text. Both
 * sides go through the very same functions, so a keyword matches whenever its
 * token sequence occurs contiguously in the tweet's token sequence.
 *
 * Folding: NFC, then `toLowerCase()`, then final sigma `ς` → `σ`. Accents are
 * kept (X: "diacrítica" does not match "diacritica"), and there is no
 * compatibility folding (fullwidth "ＡＢＣ" stays distinct from "abc").
 * `toLowerCase` picks `ς` or `σ` from the context of the whole string, so the
 * keyword `ΟΔΟΣ` and the text "ΟΔΟΣ!" could otherwise fold differently.
 *
 * Tokenization, following X's "split on punctuation, symbol and separator
 * characters, emoji are tokens":
 * - A run of letters, marks and digits (`\p{L}\p{M}\p{N}`) is one token:
 *   "Coca-Cola's #1" → `coca`, `cola`, `s`, `1`.
 * - Punctuation (`\p{P}`, including `#`, `@`, `_`, `-`, `'`), separators
 *   (`\p{Z}`) and other/control/format characters (`\p{C}`) only separate.
 * - An emoji (a flag, a keycap, or a pictograph with its skin-tone modifiers
 *   and `ZWJ`-joined parts) is one token, with variation selectors removed so
 *   "❤" and "❤️" are the same token.
 * - Any other symbol (`\p{S}`: `$`, `+`, `€`, `=`…) is a one-character token.
 * - Letters, marks and digits of scripts written without spaces (Han, Hiragana,
 *   Katakana, Thai, Lao, Khmer, Myanmar) are one token per code point: there is
 *   no word boundary to find, so the keyword `東京` matches "東京タワー" as the
 *   sequence `東`,`京` (a substring match within such runs).
 */

/** Script_Extensions picks up the prolonged sound mark `ー`, which is Common script but only used in kana. */
const UNSPACED =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
const EMOJI_PART = String.raw`[\p{Extended_Pictographic}\p{Emoji_Modifier}][\uFE0E\uFE0F\p{Emoji_Modifier}\u{E0020}-\u{E007F}]*`;
const EMOJI = String.raw`\p{Regional_Indicator}{2}|[#*]\uFE0F?\u20E3|${EMOJI_PART}(?:\u200D${EMOJI_PART})*`;
// Words first: the commonest token and the cheapest test. A digit keycap
// ("1️⃣") is read as a word of a digit and two marks, the same on both sides.
const TOKEN = new RegExp(String.raw`([\p{L}\p{M}\p{N}]+)|${EMOJI}|\p{S}`, 'gu');
const VARIATION_SELECTORS = /[\uFE0E\uFE0F]/g;

/** Normalizes case the way every comparison in track rules does (see the module comment). */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ς/g, 'σ');
}

/** Splits already-folded text into match tokens (see the module comment for the rules). */
function tokenizeFolded(folded: string): string[] {
  const tokens: string[] = [];
  for (const m of folded.matchAll(TOKEN)) {
    const token = m[0].replace(VARIATION_SELECTORS, '');
    if (m[1] !== undefined && UNSPACED.test(token)) pushUnspaced(tokens, token);
    else if (token !== '') tokens.push(token);
  }
  return tokens;
}

/** Cuts a word holding unspaced-script characters into one token per such character, keeping other runs whole. */
function pushUnspaced(tokens: string[], word: string): void {
  let run = '';
  for (const ch of word) {
    if (!UNSPACED.test(ch)) {
      run += ch;
      continue;
    }
    if (run !== '') tokens.push(run);
    tokens.push(ch);
    run = '';
  }
  if (run !== '') tokens.push(run);
}

/** Folds then tokenizes: the token sequence a keyword, phrase or tweet text is matched by. */
export function tokenizeText(text: string): string[] {
  return tokenizeFolded(foldCase(text));
}
