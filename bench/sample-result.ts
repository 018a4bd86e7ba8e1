import type { BatchResult } from '@tagstream/protocol';

/** A window result of the size a dashboard gets (top 10, five related tags each), numbered `seq`. */
export function sampleResult(seq: number): BatchResult {
  const at = (s: number): string => new Date(Date.UTC(2026, 10, 22) + s * 10_000).toISOString();
  const top = Array.from({ length: 10 }, (_, i) => ({
    tag: `tag${i}`,
    display: `#Tag${i}`,
    count: 1000 - i * 50,
    rank: i + 1,
    prevRank: i + 1,
    related: Array.from({ length: 5 }, (_, j) => ({ tag: `rel${i}x${j}`, count: 100 - j })),
  }));
  return {
    seq,
    batch: { start: at(seq - 1), end: at(seq) },
    window: { start: at(seq - 2), end: at(seq) },
    top,
    stats: {
      tweets: 5210,
      tweetsWithTags: 1409,
      distinctTags: 980,
      late: 0,
      duplicates: 3,
      malformed: 0,
      processingMs: 1.8,
    },
    totals: {
      tweets: 50_000 + seq,
      top: top.map(({ tag, display, count, rank }) => ({ tag, display, count, rank })),
    },
  };
}
