import { describe, expect, it } from 'vitest';
import { makeResult } from '../live/result-fixture.ts';
import {
  buildTrendSeries,
  chooseTrendTags,
  seriesRefreshKey,
  settingsMarks,
  type BatchSeries,
} from './trend-series.ts';

const iso = (s: number) => new Date(Date.parse('2018-03-04T10:00:00.000Z') + s * 1000).toISOString();

describe('chooseTrendTags', () => {
  it('follows the tags with the most over the history, not the current leaders', () => {
    const history = [
      makeResult(1, [
        { tag: 'steady', count: 30 },
        { tag: 'b', count: 5 },
      ]),
      makeResult(
        2,
        [
          { tag: 'steady', count: 30 },
          { tag: 'c', count: 4 },
        ],
        30,
      ),
      makeResult(
        3,
        [
          { tag: 'flash', count: 40 },
          { tag: 'steady', count: 1 },
        ],
        40,
      ),
    ];
    expect(chooseTrendTags(history, 2).map((t) => t.tag)).toEqual(['steady', 'flash']);
  });

  it('keeps the lines it follows, in their order, while they stay near the top; a tag far down gives way', () => {
    const history = [
      makeResult(1, [
        { tag: 'a', count: 50 },
        { tag: 'b', count: 40 },
        { tag: 'c', count: 30 },
        { tag: 'd', count: 20 },
        { tag: 'e', count: 10 },
      ]),
    ];
    // 'd' (4th) and 'b' (2nd) were followed: both stay within 2 + HOLD_MARGIN places, so they keep
    // their lines, in their order, although 'a' leads.
    expect(chooseTrendTags(history, 2, ['d', 'b']).map((t) => t.tag)).toEqual(['d', 'b']);
    // 'q' was followed but is nowhere in the history any more: the best of the rest takes its place.
    expect(chooseTrendTags(history, 2, ['q', 'c']).map((t) => t.tag)).toEqual(['c', 'a']);
    // 'e' was followed but is 5th, beyond 1 + HOLD_MARGIN places: the leader takes over.
    expect(chooseTrendTags(history, 1, ['e']).map((t) => t.tag)).toEqual(['a']);
  });

  it('breaks ties by key in code-point order', () => {
    const history = [
      makeResult(1, [
        { tag: 'b', count: 5 },
        { tag: 'a', count: 5 },
        { tag: 'B', count: 5 },
      ]),
    ];
    expect(chooseTrendTags(history, 3).map((t) => t.tag)).toEqual(['B', 'a', 'b']);
  });
});

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

  it('takes counts from the top where the tag is in it, and leaves a gap where nothing else tells', () => {
    expect(buildTrendSeries(history, ['a', 'b', '__proto__'])).toEqual([
      { time: Date.parse(iso(20)), values: [5, null, null] },
      { time: Date.parse(iso(30)), values: [3, 7, null] },
      { time: Date.parse(iso(40)), values: [null, null, 2] },
    ]);
  });

  it('sums a tag outside the top from its per-batch counts over each window', () => {
    // Batches of 10 s from 0 s to 40 s; windows are 20 s.
    const series: BatchSeries = [0, 10, 20, 30].map((s, i) => ({
      start: iso(s),
      end: iso(s + 10),
      count: i + 1,
    }));
    const points = buildTrendSeries(history, ['b'], new Map([['b', series]]));
    // 0–20 s: 1 + 2; 10–30 s: in the top (7); 20–40 s: 3 + 4.
    expect(points.map((p) => p.values[0])).toEqual([3, 7, 7]);
  });

  it('keeps only the newest results', () => {
    expect(buildTrendSeries(history, ['a'], new Map(), 2).map((p) => p.values)).toEqual([[3], [null]]);
  });
});

describe('seriesRefreshKey', () => {
  const both = (seq: number, end: number) => makeResult(seq, [{ tag: 'a' }, { tag: 'b' }], end);
  const onlyA = (seq: number, end: number) => makeResult(seq, [{ tag: 'a' }], end);

  it('changes once per refresh period while every followed tag is in the top', () => {
    const history = [both(1, 20), both(2, 30)];
    const key = seriesRefreshKey(history, ['a', 'b'], 1_000, 5_000);
    expect(seriesRefreshKey([...history, both(3, 40)], ['a', 'b'], 4_999, 5_000)).toBe(key);
    expect(seriesRefreshKey(history, ['a', 'b'], 5_000, 5_000)).not.toBe(key);
  });

  it('changes at once when a new result leaves a followed tag out of its top, and only then', () => {
    const history = [both(1, 20), onlyA(2, 30)];
    const before = seriesRefreshKey(history.slice(0, 1), ['a', 'b'], 1_000, 5_000);
    const after = seriesRefreshKey(history, ['a', 'b'], 1_100, 5_000);
    expect(after).not.toBe(before);
    // A later result with both tags in its top needs no read of its own.
    expect(seriesRefreshKey([...history, both(3, 40)], ['a', 'b'], 1_200, 5_000)).toBe(after);
    expect(seriesRefreshKey([...history, onlyA(3, 40)], ['a', 'b'], 1_200, 5_000)).not.toBe(after);
    // Tags nobody follows do not count.
    expect(seriesRefreshKey([...history, onlyA(3, 40)], ['a'], 1_200, 5_000)).toBe(
      seriesRefreshKey(history, ['a'], 1_200, 5_000),
    );
  });
});

describe('settingsMarks', () => {
  it('marks the first result counted over a window of another length', () => {
    const short = makeResult(3, [{ tag: 'a' }], 40);
    short.window.start = iso(30);
    expect(settingsMarks([makeResult(1, [], 20), makeResult(2, [], 30), short])).toEqual([
      { time: Date.parse(iso(40)), label: 'window 20 s → 10 s' },
    ]);
  });
});
