import { describe, expect, it } from 'vitest';
import { makeResult } from '../live/result-fixture.ts';
import { headlineFigures, SPARK_POINTS } from './headline-figures.ts';
import { sparklinePath } from './sparkline-path.ts';

describe('headlineFigures', () => {
  it('reads the latest result and the recent ones', () => {
    const a = makeResult(1, [{ tag: 'ether', count: 25 }]);
    const b = makeResult(2, [{ tag: 'eth', display: '#ETH', count: 40 }], 30);
    const figures = headlineFigures([a, b], b, [3, 4.5]);
    expect(figures.rate).toEqual({ value: 4.5, series: [3, 4.5] });
    expect(figures.tweets).toEqual({ value: 100, series: [100, 100] });
    expect(figures.distinctTags.value).toBe(1);
    expect(figures.topShare).toEqual({ value: 0.4, display: '#ETH', series: [0.25, 0.4] });
  });

  it('has no values before the first result and keeps the sparklines short', () => {
    expect(headlineFigures([], null, []).tweets).toEqual({ value: null, series: [] });
    const many = Array.from({ length: SPARK_POINTS + 10 }, (_, i) =>
      makeResult(i, [{ tag: 'a' }], 20 + i * 10),
    );
    expect(headlineFigures(many, many.at(-1)!, []).tweets.series).toHaveLength(SPARK_POINTS);
  });
});

describe('sparklinePath', () => {
  it('spans the width, lowest at the bottom and highest at the top', () => {
    expect(sparklinePath([1, 3, 2], 100, 20)).toBe('M0.0,20.0 L50.0,0.0 L100.0,10.0');
  });

  it('draws a flat series in the middle and nothing for a single point', () => {
    expect(sparklinePath([5, 5], 10, 20)).toBe('M0.0,10.0 L10.0,10.0');
    expect(sparklinePath([5], 10, 20)).toBe('');
  });
});
