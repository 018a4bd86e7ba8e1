import type { RuleSyntaxError } from './rule-syntax-error.ts';

/** Code points a terminal draws two columns wide: CJK, kana, Hangul, fullwidth forms and emoji (approximately East Asian Wide). */
const WIDE =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\u3000-\u303F\uFF01-\uFF60\uFFE0-\uFFE6\p{Emoji_Presentation}]/u;
/** Code points drawn on top of the previous one. */
// Variation selectors are marks (Mn) too.
const ZERO_WIDTH = /[\p{M}\u200B-\u200F]/u;
/** Line breaks, tabs and other controls would break the caret line's alignment; shown as spaces. */
const CONTROL = /\p{Cc}|[\u2028\u2029]/u;

function width(text: string): number {
  let w = 0;
  for (const ch of text) w += ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

/**
 * Two lines for a CLI: the rule (controls shown as spaces), and carets under
 * the bad span (one caret at the end for something missing there). Column
 * widths are estimated for CJK and emoji so carets line up in a terminal.
 *
 * ```
 * (ether OR bitcoin
 * ^
 * ```
 */
export function formatRuleError(rule: string, err: Pick<RuleSyntaxError, 'position' | 'length'>): string {
  const shown = [...rule].map((ch) => (CONTROL.test(ch) ? ' ' : ch)).join('');
  const start = Math.max(0, Math.min(err.position, rule.length));
  const end = Math.max(start, Math.min(err.position + err.length, rule.length));
  const pad = ' '.repeat(width(shown.slice(0, start)));
  const carets = '^'.repeat(Math.max(1, width(shown.slice(start, end))));
  return `${shown}\n${pad}${carets}`;
}
