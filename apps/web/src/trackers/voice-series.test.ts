import { describe, expect, it } from 'vitest';
import { formatShare, voiceSeries } from './voice-series.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 18, 0, s)).toISOString();
const entry = (tracker: string, end: number, tweets: number) => ({
  tracker,
  window: { start: at(end - 20), end: at(end) },
  tweets,
});

describe('voiceSeries', () => {
  it("gives each tracker's tweets per window as a share of their sum, a missing entry as none", () => {
    const points = voiceSeries(
      [entry('eth', 10, 30), entry('btc', 10, 10), entry('eth', 20, 5), entry('sky', 20, 99)],
      ['eth', 'btc'],
    );
    expect(points).toEqual([
      { time: Date.parse(at(10)), tweets: [30, 10], shares: [75, 25] },
      { time: Date.parse(at(20)), tweets: [5, 0], shares: [100, 0] },
    ]);
  });

  it('orders windows by time, counts an entry seen twice once, and leaves out windows nobody had tweets in', () => {
    const points = voiceSeries(
      [
        entry('btc', 30, 1),
        entry('eth', 10, 2),
        entry('eth', 10, 3),
        entry('btc', 10, 1),
        entry('eth', 20, 0),
      ],
      ['eth', 'btc'],
    );
    expect(points.map((p) => [p.time, p.tweets])).toEqual([
      [Date.parse(at(10)), [3, 1]],
      [Date.parse(at(30)), [0, 1]],
    ]);
    for (const p of points) expect(p.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
  });

  it('keeps the newest `limit` windows', () => {
    const many = Array.from({ length: 10 }, (_, i) => entry('eth', 10 * (i + 1), i + 1));
    expect(voiceSeries(many, ['eth'], 3).map((p) => p.tweets[0])).toEqual([8, 9, 10]);
    expect(voiceSeries(many, [])).toEqual([]);
  });
});

describe('formatShare', () => {
  it('rounds, and shows a sliver as under one percent', () => {
    expect([0, 0.4, 1, 42.5, 100].map(formatShare)).toEqual(['0 %', '< 1 %', '1 %', '43 %', '100 %']);
  });
});
