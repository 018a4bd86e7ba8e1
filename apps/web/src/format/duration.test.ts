import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it.each([
    [500, '500 ms'],
    [2_000, '2 s'],
    [1_500, '1.5 s'],
    [90_000, '90 s'],
    [300_000, '5 min'],
    [3_600_000, '1 h'],
    [5_400_000, '90 min'],
  ])('%i ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
