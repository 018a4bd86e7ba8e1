import { describe, expect, it } from 'vitest';
import { makeResult } from '../live/result-fixture.ts';
import { buildTrendSeries } from './trend-series.ts';

describe('buildTrendSeries', () => {
  const history = [
    makeResult(1, [{ tag: 'a', count: 5 }], 20),
    makeResult(
      2,
      [
        { tag: 'b', count: 7 },
        { tag: 'a', count: 3 },
      ],
      30,
    ),
    makeResult(3, [{ tag: '__proto__', count: 2 }], 40),
  ];

  it('gives each followed tag its count per result, with gaps where it was not in the top', () => {
    expect(buildTrendSeries(history, ['a', 'b', '__proto__'])).toEqual([
      { time: Date.parse('2018-03-04T10:00:20.000Z'), values: [5, null, null] },
      { time: Date.parse('2018-03-04T10:00:30.000Z'), values: [3, 7, null] },
      { time: Date.parse('2018-03-04T10:00:40.000Z'), values: [null, null, 2] },
    ]);
  });

  it('keeps only the newest results', () => {
    expect(buildTrendSeries(history, ['a'], 2).map((p) => p.values)).toEqual([[3], [null]]);
  });
});
