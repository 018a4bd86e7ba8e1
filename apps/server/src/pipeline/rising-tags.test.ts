import { describe, expect, it } from 'vitest';
import { BatchTagCounts, rankRising, risingScore, type WindowTag } from './rising-tags.ts';

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

describe('BatchTagCounts', () => {
  const B = 1000;
  const at = (batch: number): number => batch * B + 10;

  it('counts each key once per tweet, by NFC lower-case key, keeping the first surface form', () => {
    const t = new BatchTagCounts(B);
    t.add(at(0), ['Ether', 'ETHER', 'btc']);
    t.add(at(0), ['ether']);
    t.add(at(1), ['Cafe\u0301']);
    expect(t.count('ether', 0, 1)).toBe(2);
    expect(t.count('btc', 0, 2)).toBe(1);
    expect(t.count('café', 0, 2)).toBe(1);
    expect(t.windowTags(0, 1).find((w) => w.key === 'ether')?.display).toBe('#Ether');
  });

  it('finds the tag that jumps against its own baseline, scaled to the window length', () => {
    const t = new BatchTagCounts(B);
    // Ten quiet batches: "steady" 5 a batch, "surge" 0 or 1.
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < 5; i++) t.add(at(k), ['steady']);
      if (k % 5 === 0) t.add(at(k), ['Surge']);
    }
    // A window of two batches: steady as always, surge at 10 a batch.
    for (let k = 10; k < 12; k++) {
      for (let i = 0; i < 5; i++) t.add(at(k), ['steady']);
      for (let i = 0; i < 10; i++) t.add(at(k), ['surge']);
    }
    const r = t.rising(10, 12, 8, []);
    // Baseline over batches 2..9 (lookback 8): surge 1 in 8 batches → 0.25 per window of 2.
    expect(r).toEqual([{ tag: 'surge', display: '#surge', count: 20, baseline: 0.25, score: 17.665 }]);
    // The official display form from the top list wins.
    const withTop = t.rising(10, 12, 8, [
      { tag: 'surge', display: '#SURGE', count: 20, rank: 1, prevRank: null },
    ]);
    expect(withTop[0]!.display).toBe('#SURGE');
  });

  it('says nothing before there is a baseline, and never reaches before the stream began', () => {
    const t = new BatchTagCounts(B);
    for (let i = 0; i < 9; i++) t.add(at(100), ['new']);
    expect(t.rising(100, 101, 30, [])).toEqual([]);
    for (let i = 0; i < 9; i++) t.add(at(101), ['new']);
    // One batch of baseline (100), not thirty: the rate is 9 a batch, so nothing rises.
    expect(t.rising(101, 102, 30, [])).toEqual([]);
  });

  it('gives a per-batch series with quiet batches as zero, prunes, and round-trips through JSON', () => {
    const t = new BatchTagCounts(B);
    t.add(at(3), ['a']);
    t.add(at(5), ['a', 'b']);
    t.add(at(5), ['A']);
    expect(t.series('a', 0, 7)).toEqual([
      { index: 3, count: 1 },
      { index: 4, count: 0 },
      { index: 5, count: 2 },
      { index: 6, count: 0 },
    ]);
    const copy = BatchTagCounts.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(copy?.series('a', 0, 7)).toEqual(t.series('a', 0, 7));
    expect(copy?.form('a')).toBe('a');
    t.prune(5);
    expect(t.count('a', 0, 10)).toBe(2);
    expect(t.batchCount).toBe(1);
    expect(BatchTagCounts.fromJSON({ batchMs: 'x' })).toBeNull();
    expect(BatchTagCounts.fromJSON({ batchMs: 1000, first: null, batches: [[1, [[5, 'x']]]] })).toBeNull();
  });

  it('bounds the keys kept per batch and counts what it could not keep', () => {
    const t = new BatchTagCounts(B, 2);
    t.add(at(0), ['a', 'b', 'c']);
    t.add(at(0), ['a']);
    expect(t.count('a', 0, 1)).toBe(2);
    expect(t.count('c', 0, 1)).toBe(0);
    expect(t.overflow).toBe(1);
  });
});
