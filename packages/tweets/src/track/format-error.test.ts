import { describe, expect, it } from 'vitest';
import { formatRuleError } from './format-error.ts';
import { parseRule } from './parse.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';

function caretsFor(rule: string): string {
  try {
    parseRule(rule);
  } catch (err) {
    if (err instanceof RuleSyntaxError) return formatRuleError(rule, err);
    throw err;
  }
  throw new Error('expected an error');
}

describe('formatRuleError', () => {
  it('underlines the bad span', () => {
    expect(caretsFor('ether (a OR b')).toBe('ether (a OR b\n      ^');
    expect(caretsFor('ether foo:bar')).toBe('ether foo:bar\n      ^^^^');
    expect(caretsFor('a OR')).toBe('a OR\n  ^^');
  });

  it('puts one caret past the end for something missing there', () => {
    expect(formatRuleError('abc', { position: 3, length: 0 })).toBe('abc\n   ^');
    expect(formatRuleError('', { position: 0, length: 0 })).toBe('\n^');
  });

  it('counts wide and zero-width characters as a terminal draws them', () => {
    expect(caretsFor('東京 foo:x')).toBe('東京 foo:x\n     ^^^^');
    expect(caretsFor('🔥 OR')).toBe('🔥 OR\n   ^^');
    expect(caretsFor('cafe\u0301 -')).toBe('cafe\u0301 -\n     ^');
  });

  it('shows line breaks and tabs as spaces so the carets stay aligned', () => {
    expect(caretsFor('a\n\tOR')).toBe('a  OR\n   ^^');
  });

  it('clamps spans that run past the rule', () => {
    expect(formatRuleError('ab', { position: 9, length: 4 })).toBe('ab\n  ^');
  });
});
