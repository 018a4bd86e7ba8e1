/** A keyword split around the part a rule syntax error points at, for highlighting. */
export interface RuleErrorParts {
  before: string;
  marked: string;
  after: string;
}

/**
 * Splits `text` at the error's position (UTF-16 offsets, as JavaScript counts them) and length,
 * clamped to the text so a server that points past the end still gets a visible caret.
 */
export function splitAtRuleError(text: string, position: number, length: number): RuleErrorParts {
  const start = Math.min(Math.max(0, Math.trunc(position)), text.length);
  const end = Math.min(text.length, start + Math.max(0, Math.trunc(length)));
  return { before: text.slice(0, start), marked: text.slice(start, end), after: text.slice(end) };
}

/** Adds a keyword unless it is already tracked (the X API rejects duplicate rules). */
export function withKeyword(keywords: readonly string[], keyword: string): string[] {
  const trimmed = keyword.trim();
  return trimmed === '' || keywords.includes(trimmed) ? [...keywords] : [...keywords, trimmed];
}
