import { describe, expect, it } from 'vitest';
import { splitAtRuleError, withKeyword } from './rule-error.ts';

describe('splitAtRuleError', () => {
  it('marks the part the error points at', () => {
    expect(splitAtRuleError('ether OR (btc', 9, 1)).toEqual({
      before: 'ether OR ',
      marked: '(',
      after: 'btc',
    });
  });

  it('clamps a position past the end', () => {
    expect(splitAtRuleError('abc', 10, 3)).toEqual({ before: 'abc', marked: '', after: '' });
  });

  it('clamps negative values', () => {
    expect(splitAtRuleError('abc', -1, -2)).toEqual({ before: '', marked: '', after: 'abc' });
  });
});

describe('withKeyword', () => {
  it('appends a trimmed keyword once', () => {
    expect(withKeyword(['a'], '  b ')).toEqual(['a', 'b']);
    expect(withKeyword(['a'], 'a')).toEqual(['a']);
    expect(withKeyword(['a'], '   ')).toEqual(['a']);
  });
});
