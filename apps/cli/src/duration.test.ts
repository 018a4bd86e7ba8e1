import { describe, expect, it } from 'vitest';
import { parseDuration, parseIntFlag, parseSpeed } from './duration.ts';
import { UsageError } from './usage-error.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['10', 10_000],
    ['1.5s', 1500],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text, '--batch')).toBe(ms));

  it.each(['', 'ten', '10 parsecs', '-5s', '0.0001s'])('rejects %j naming the flag', (text) => {
    expect(() => parseDuration(text, '--batch')).toThrow(UsageError);
    expect(() => parseDuration(text, '--batch')).toThrow(/--batch/);
  });
});

describe('parseIntFlag and parseSpeed', () => {
  it('checks ranges', () => {
    expect(parseIntFlag('10', '--top', 1, 100)).toBe(10);
    expect(() => parseIntFlag('0', '--top', 1, 100)).toThrow(/--top: 0 is out of range/);
    expect(() => parseIntFlag('1e3', '--port', 0, 65535)).toThrow(/not a whole number/);
  });
  it('accepts max or a positive number', () => {
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('2.5')).toBe(2.5);
    expect(() => parseSpeed('0')).toThrow(UsageError);
  });
});
