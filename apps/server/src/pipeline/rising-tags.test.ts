import { describe, expect, it } from 'vitest';
import { fromCheckpoint, toCheckpoint, WindowedCounter } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import type { Tweet } from '@tagstream/tweets';
import { rankRising, risingScore, risingTags, tagSeries, type WindowTag } from './rising-tags.ts';

const tag = (key: string, count: number): WindowTag => ({ key, count, display: '#' + key });

describe('rankRising (pure)', () => {
  it('ranks by the Poisson-style score, not by volume', () => {
    const baseline: Record<string, number> = { big: 100, quiet: 1, steady: 10 };
    const r = rankRising([tag('big', 120), tag('quiet', 12), tag('steady', 10)], (k) => baseline[k] ?? 0);
    // big: (120−100)/√101 ≈ 1.99 (below the minimum score); quiet: (12−1)/√2 ≈ 7.78; steady: not above its baseline.
    expect(r).toEqual([{ tag: 'quiet', display: '#quiet', count: 12, baseline: 1, score: 7.778 }]);
    expect(risingScore(120, 100)).toBeCloseTo(1.99, 2);
  });

  it('needs a minimum count, keeps the best few, and breaks ties by count then key', () => {
    const window = [
      tag('b', 5),
      tag('a', 5),
      tag('c', 2),
      tag('d', 6),
      tag('e', 9),
      tag('f', 4),
      tag('g', 7),
    ];
    const r = rankRising(window, () => 0, { limit: 3, minCount: 3, minScore: 0 });
    expect(r.map((e) => e.tag)).toEqual(['e', 'g', 'd']);
    const tied = rankRising([tag('b', 5), tag('a', 5)], () => 0, { limit: 5, minCount: 3, minScore: 0 });
    expect(tied.map((e) => e.tag)).toEqual(['a', 'b']);
    expect(rankRising([tag('c', 2)], () => 0, { limit: 5, minCount: 3, minScore: 0 })).toEqual([]);
  });

  it('orders astral keys by code point', () => {
    const r = rankRising([tag('\u{1F600}', 4), tag('\uFF21', 4)], () => 0, {
      limit: 5,
      minCount: 1,
      minScore: 0,
    });
    expect(r.map((e) => e.tag)).toEqual(['\uFF21', '\u{1F600}']);
  });
});

describe("risingTags and tagSeries over the counter's own batches", () => {
  const B = 1000;
  let id = 1;
  /** A counter with a long retention that keeps every batch these tests look at. */
  const counter = (maxKeysPerBatch?: number): WindowedCounter =>
    new WindowedCounter({
      counting: {
        batchMs: B,
        windowMs: 2 * B,
        slideMs: B,
        latenessMs: 0,
        retentionMs: 1000 * B,
        maxKeysPerBatch,
      },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
  const tweet = (batch: number, text: string): Tweet => ({
    id: String(id++),
    time: batch * B + 10,
    text,
    retweet: false,
    author: null,
    lang: null,
  });
  const add = (c: WindowedCounter, batch: number, text: string, times = 1): void => {
    for (let i = 0; i < times; i++) c.add(tweet(batch, text));
  };

  it('counts each key once per tweet, by NFC lower-case key, keeping the first surface form', () => {
    const c = counter();
    add(c, 0, '#Ether #ETHER #btc');
    add(c, 0, '#ether');
    add(c, 1, '#Cafe\u0301');
    expect(c.keyCount('ether', 0, 1)).toBe(2);
    expect(c.keyCount('btc', 0, 2)).toBe(1);
    expect(c.keyCount('café', 0, 2)).toBe(1);
    expect(c.keyCounts(0, 1).get('ether')).toEqual({ count: 2, form: 'Ether' });
  });

  it('finds the tag that jumps against its own baseline, scaled to the window length', () => {
    const c = counter();
    // Ten quiet batches: "steady" 5 a batch, "surge" 0 or 1.
    for (let k = 0; k < 10; k++) {
      add(c, k, 'on #steady', 5);
      if (k % 5 === 0) add(c, k, '#Surge');
    }
    // A window of two batches: steady as always, surge at 10 a batch.
    for (let k = 10; k < 12; k++) {
      add(c, k, 'on #steady', 5);
      add(c, k, '#surge now', 10);
    }
    const r = risingTags(c, 10, 12, 8, []);
    // Baseline over batches 2..9 (lookback 8): surge 1 in 8 batches → 0.25 per window of 2.
    expect(r).toEqual([{ tag: 'surge', display: '#surge', count: 20, baseline: 0.25, score: 17.665 }]);
    // The official display form from the top list wins.
    const withTop = risingTags(c, 10, 12, 8, [
      { tag: 'surge', display: '#SURGE', count: 20, rank: 1, prevRank: null },
    ]);
    expect(withTop[0]!.display).toBe('#SURGE');
  });

  it('says nothing before there is a baseline, and never reaches before the stream began', () => {
    const c = counter();
    add(c, 100, '#new', 9);
    expect(risingTags(c, 100, 101, 30, [])).toEqual([]);
    add(c, 101, '#new', 9);
    // One batch of baseline (100), not thirty: the rate is 9 a batch, so nothing rises.
    expect(risingTags(c, 101, 102, 30, [])).toEqual([]);
    expect(c.firstBatchIndex).toBe(100);
  });

  it('gives a per-batch series with quiet batches as zero, from the first batch on, and survives a checkpoint', () => {
    const c = counter();
    add(c, 3, '#a');
    add(c, 5, '#a #b');
    add(c, 5, '#A');
    const series = [
      { index: 3, count: 1 },
      { index: 4, count: 0 },
      { index: 5, count: 2 },
      { index: 6, count: 0 },
    ];
    expect(tagSeries(c, 'a', 0, 7)).toEqual(series);
    const copy = fromCheckpoint(JSON.parse(JSON.stringify(toCheckpoint(c))), {
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    expect(tagSeries(copy, 'a', 0, 7)).toEqual(series);
    expect(copy.latestForm('a')).toBe('a');
    expect(copy.latestForm('missing')).toBeNull();
  });

  it('reads the capped batches: keys past the per-batch cap are not there', () => {
    const c = counter(2);
    add(c, 0, '#a #b #c');
    add(c, 0, '#a');
    expect(c.keyCount('a', 0, 1)).toBe(2);
    expect(c.keyCount('c', 0, 1)).toBe(0);
    expect(c.lifetime.overflow).toBe(1);
  });
});
