import { RuleSyntaxError } from './rule-syntax-error.ts';

/** One lexical token of a rule; positions are UTF-16 indices into the rule. */
export type Lexeme =
  | { kind: 'lparen' | 'rparen' | 'neg' | 'or'; position: number; length: number }
  | { kind: 'word' | 'phrase'; text: string; position: number; length: number };

const SPACE = /\s/u;

/** Characters that end a bare word: whitespace, parentheses and the quote. */
function endsWord(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || SPACE.test(ch);
}

/**
 * Splits a rule into lexemes, lazily so that the parser reports whichever
 * problem comes first in the rule. `-` is a negation only where a term starts
 * (`covid-19` is one word) and must touch what it negates, as on X. Only the
 * uppercase word `OR` is the operator; `or` is an ordinary keyword.
 */
export function* lex(rule: string): Generator<Lexeme, void, undefined> {
  let i = 0;
  while (i < rule.length) {
    const ch = rule[i] ?? '';
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      yield { kind: ch === '(' ? 'lparen' : 'rparen', position: i, length: 1 };
      i++;
    } else if (ch === '-') {
      const next = rule[i + 1];
      if (next === '-') throw new RuleSyntaxError('double negation is not allowed', i, 2);
      if (next === undefined || next === ')' || SPACE.test(next)) {
        throw new RuleSyntaxError(
          "negation of nothing: '-' must touch the term, phrase or group it negates",
          i,
          1,
        );
      }
      yield { kind: 'neg', position: i, length: 1 };
      i++;
    } else if (ch === '"') {
      const phrase = lexPhrase(rule, i);
      yield phrase;
      i += phrase.length;
    } else {
      const start = i;
      while (i < rule.length && !endsWord(rule[i] ?? '')) i++;
      const text = rule.slice(start, i);
      yield text === 'OR'
        ? { kind: 'or', position: start, length: 2 }
        : { kind: 'word', text, position: start, length: i - start };
    }
  }
}

/** Reads `"…"` starting at the opening quote; `\"` and `\\` are the escapes, any other backslash is literal. */
function lexPhrase(rule: string, start: number): Lexeme {
  let text = '';
  let i = start + 1;
  while (i < rule.length) {
    const ch = rule[i];
    if (ch === '"') return { kind: 'phrase', text, position: start, length: i + 1 - start };
    const next = rule[i + 1];
    if (ch === '\\' && (next === '"' || next === '\\')) {
      text += next;
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  throw new RuleSyntaxError("unterminated quote: this '\"' is never closed", start, 1);
}
