import { describe, expect, it } from 'vitest';
import { formatInstant, formatWindowRange } from './window-range.ts';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('formatWindowRange', () => {
  it('shows times only for a window of today', () => {
    expect(
      formatWindowRange({ start: '2026-11-22T10:00:00.000Z', end: '2026-11-22T10:00:20.000Z' }, now),
    ).toBe('10:00:00–10:00:20 UTC');
  });

  it('shows the date of a replayed window from another year', () => {
    expect(
      formatWindowRange({ start: '2018-03-04T10:00:00.000Z', end: '2018-03-04T10:00:20.000Z' }, now),
    ).toBe('2018-03-04 10:00:00–10:00:20 UTC');
  });

  it('shows both dates when the window spans midnight', () => {
    expect(
      formatWindowRange({ start: '2018-03-04T23:59:50.000Z', end: '2018-03-05T00:00:10.000Z' }, now),
    ).toBe('2018-03-04 23:59:50 – 2018-03-05 00:00:10 UTC');
  });

  it('shows milliseconds only when the boundaries have them', () => {
    expect(
      formatWindowRange({ start: '2026-11-22T10:00:00.100Z', end: '2026-11-22T10:00:00.600Z' }, now),
    ).toBe('10:00:00.100–10:00:00.600 UTC');
  });

  it('uses UTC, not the local time zone, to decide what today is', () => {
    const justAfterMidnightUtc = new Date('2026-11-23T00:30:00.000Z');
    expect(
      formatWindowRange(
        { start: '2026-11-22T23:00:00.000Z', end: '2026-11-22T23:00:20.000Z' },
        justAfterMidnightUtc,
      ),
    ).toBe('2026-11-22 23:00:00–23:00:20 UTC');
  });

  it('falls back to the raw strings when they are not instants', () => {
    expect(formatWindowRange({ start: 'x', end: 'y' }, now)).toBe('x–y');
  });
});

describe('formatInstant', () => {
  it('always includes the date', () => {
    expect(formatInstant('2018-03-04T10:00:05.123Z')).toBe('2018-03-04 10:00:05 UTC');
  });
});
