import type { BatchResult } from '@tagstream/protocol';
import { describe, expect, it } from 'vitest';
import { formatResultTable } from './print-result.ts';

const result: BatchResult = {
  seq: 3,
  batch: { start: '2026-11-22T10:00:10.000Z', end: '2026-11-22T10:00:20.000Z' },
  window: { start: '2026-11-22T10:00:00.000Z', end: '2026-11-22T10:00:20.000Z' },
  top: [
    { tag: 'ether', display: '#Ether', count: 212, rank: 1, prevRank: 2 },
    { tag: 'btc', display: '#BTC', count: 9, rank: 2, prevRank: 1 },
    { tag: '東京', display: '#東京', count: 7, rank: 3, prevRank: null },
  ],
  stats: {
    tweets: 500,
    tweetsWithTags: 300,
    distinctTags: 42,
    late: 1,
    duplicates: 2,
    malformed: 3,
    processingMs: 0.4,
  },
  totals: { tweets: 900, top: [] },
};

describe('formatResultTable', () => {
  it('prints time, ranked tags with changes, and the window stats', () => {
    const text = formatResultTable(result);
    expect(text).toContain('Time: 2026-11-22 10:00:20');
    expect(text).toMatch(/1\.\s+212 {2}#Ether {2}▲1/);
    expect(text).toMatch(/2\.\s+9 {2}#BTC {2}▼1/);
    expect(text).toMatch(/3\.\s+7 {2}#東京 {2}new/);
    expect(text).toContain(
      'tweets 500 · with tags 300 · distinct tags 42 · late 1 · duplicates 2 · malformed 3',
    );
  });

  it('lists each entry’s related tags under it, when asked for, and pairs dropped at the cap', () => {
    const top = result.top.map((t, i) =>
      i === 0
        ? {
            ...t,
            related: [
              { tag: 'btc', count: 5 },
              { tag: '東京', count: 2 },
            ],
          }
        : { ...t, related: [] },
    );
    const text = formatResultTable({ ...result, top, stats: { ...result.stats, relatedOverflow: 4 } });
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('#Ether'));
    expect(lines[at + 1]).toBe('            with #btc 5 · #東京 2');
    expect(lines[at + 2]).toMatch(/2\.\s+9 {2}#BTC/);
    expect(text).toContain('malformed 3 · pairs over the cap 4');
    expect(formatResultTable(result)).not.toMatch(/^ +with #/m);
  });

  it('says so when a window has no hashtags', () => {
    expect(formatResultTable({ ...result, top: [] })).toContain('(no hashtags in this window)');
  });
});
