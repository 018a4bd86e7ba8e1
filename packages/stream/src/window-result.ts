import type { BatchResult, TopEntry } from '@tagstream/protocol';
import type { KeyTally } from './batch-counts.ts';
import { displayForm } from './display-form.ts';
import type { RunningTotals } from './running-totals.ts';
import type { StringDictionary } from './string-dictionary.ts';
import type { WindowCounts } from './window-counts.ts';

/** What one emission is made from: the window's counts as they stand at its end. */
export interface WindowAtEnd {
  seq: number;
  /** The window's end, in batch indices. */
  end: number;
  batchMs: number;
  /** The window's length, in batches. */
  windowBatches: number;
  topK: number;
  window: WindowCounts;
  /** The strings of the window's key ids. */
  strings: StringDictionary;
  /** Each key's rank in the previous result. */
  prevRanks: ReadonlyMap<string, number>;
  /** A key's tallies in the window's batches (by its dictionary id), for its display form. */
  tallies(keyId: number): KeyTally[];
  totals: RunningTotals;
}

/**
 * The batch result for one window end (DESIGN.md §5), with `processingMs` left at 0 for the
 * caller to fill, and each listed key's rank for the next result's `prevRank`.
 */
export function windowResult(w: WindowAtEnd): { result: BatchResult; ranks: Map<string, number> } {
  const ranks = new Map<string, number>();
  const e = w.end;
  const strings = w.strings;
  const top: TopEntry[] = w.window
    .top(w.topK, (a, b) => strings.compare(a, b))
    .map((r, i) => {
      const tag = strings.stringOf(r.key);
      ranks.set(tag, i + 1);
      return {
        tag,
        display: displayForm(w.tallies(r.key)),
        count: r.count,
        rank: i + 1,
        prevRank: w.prevRanks.get(tag) ?? null,
      };
    });
  const st = w.window.stats;
  const totalsTop = w.totals
    .top(w.topK)
    .map((t, i) => ({ tag: t.key, display: t.display, count: t.count, rank: i + 1 }));
  const result: BatchResult = {
    seq: w.seq,
    batch: { start: iso((e - 1) * w.batchMs), end: iso(e * w.batchMs) },
    window: { start: iso((e - w.windowBatches) * w.batchMs), end: iso(e * w.batchMs) },
    top,
    stats: {
      tweets: st.tweets,
      tweetsWithTags: st.tweetsWithTags,
      distinctTags: w.window.size,
      late: st.late,
      duplicates: st.duplicates,
      malformed: st.malformed,
      overflow: st.overflow,
      processingMs: 0,
    },
    totals: {
      tweets: w.totals.tweets,
      top: totalsTop,
      ...(w.totals.maxError > 0 ? { maxError: w.totals.maxError } : {}),
    },
  };
  return { result, ranks };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
