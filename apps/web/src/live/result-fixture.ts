import type { BatchResult, TopEntry } from '@tagstream/protocol';

/** A batch result for tests: a 20 s window ending `endSec` seconds after 2018-03-04T10:00:00Z. */
export function makeResult(
  seq: number,
  top: Array<Partial<TopEntry> & { tag: string }>,
  endSec = 20,
): BatchResult {
  const base = Date.parse('2018-03-04T10:00:00.000Z');
  const iso = (s: number) => new Date(base + s * 1000).toISOString();
  return {
    seq,
    batch: { start: iso(endSec - 10), end: iso(endSec) },
    window: { start: iso(endSec - 20), end: iso(endSec) },
    top: top.map((entry, i) => ({
      display: `#${entry.tag}`,
      count: 10 - i,
      rank: i + 1,
      prevRank: null,
      ...entry,
    })),
    stats: {
      tweets: 100,
      tweetsWithTags: 40,
      distinctTags: top.length,
      late: 0,
      duplicates: 0,
      malformed: 0,
      processingMs: 1,
    },
    totals: { tweets: 100, top: [] },
  };
}
