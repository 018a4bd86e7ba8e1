import type { BatchResult, TopEntry } from '@tagstream/protocol';
import type { KeyTally } from './batch-counts.ts';
import { displayForm } from './display-form.ts';
import type { RunningTotals } from './running-totals.ts';
import type { StringDictionary } from './string-dictionary.ts';
import type { WindowCounts } from './window-counts.ts';
import type { RelatedForResult } from './window-detail.ts';

/** What one emission is made from: the window's counts as they stand at its end. */
export interface WindowAtEnd {
  seq: number;
  /** The window's end, in batch indices. */
  end: number;
  batchMs: number;
  /** The window's length, in batches. */
  windowBatches: number;
  topK: number;
  /** Related tags listed with each top entry, from the window's pairs (null: none). */
  related: RelatedForResult | null;
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
  const ranked = w.window.top(w.topK, (a, b) => strings.compare(a, b));
  const tags = ranked.map((r) => strings.stringOf(r.key));
  // Related tags only when the window's pairs are exact (see WindowPairs): absent, never wrong.
  const related = w.related?.lists(tags) ?? null;
  const top: TopEntry[] = ranked.map((r, i) => {
    const tag = tags[i]!;
    ranks.set(tag, i + 1);
    const entry: TopEntry = {
      tag,
      display: displayForm(w.tallies(r.key)),
      count: r.count,
      rank: i + 1,
      prevRank: w.prevRanks.get(tag) ?? null,
    };
    if (related !== null) entry.related = related.get(tag)!;
    return entry;
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
      ...(st.lost > 0 ? { lost: st.lost } : {}),
      ...(w.related !== null ? { relatedOverflow: w.related.overflow } : {}),
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
