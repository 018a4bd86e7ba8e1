import { describe, expect, it } from 'vitest';
import { formatAge } from './freshness.ts';

describe('formatAge', () => {
  it.each([
    [0, '0 s ago'],
    [-500, '0 s ago'],
    [2_400, '2 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [3_599_000, '59 min ago'],
    [3_600_000, '1 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [72 * 3_600_000, '3 d ago'],
  ])('%i ms reads as %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
