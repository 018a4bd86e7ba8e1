import type { RisingEntry, TopEntry } from '@tagstream/protocol';
import { compareCodePoints, readingOnce } from '@tagstream/stream';

/** How "rising" is judged. */
export interface RisingOptions {
  /** Entries in each `rising` list. */
  limit: number;
  /** A tag needs at least this count in the window: three tweets are not a trend. */
  minCount: number;
  /** …and at least this score, about "this many standard deviations above its baseline". */
  minScore: number;
}

export const DEFAULT_RISING_OPTIONS: RisingOptions = { limit: 5, minCount: 3, minScore: 2 };

/** A tag's count in the window being judged, with the form to show it by. */
export interface WindowTag {
  key: string;
  count: number;
  display: string;
}

/**
 * Poisson-style surprise: how far `count` is above what `baseline` predicts, in
 * units of the baseline's standard deviation (√baseline for a Poisson count;
 * +1 so a tag coming from nothing is not infinitely surprising).
 */
export function risingScore(count: number, baseline: number): number {
  return (count - baseline) / Math.sqrt(baseline + 1);
}

/**
 * Ranks the window's tags by how much their count exceeds their own baseline
 * (the count expected in a window of this length from the recent past). Pure.
 * Ties: higher count first, then key by code point, so results are reproducible.
 */
export function rankRising(
  window: Iterable<WindowTag>,
  baselineOf: (key: string) => number,
  options: RisingOptions = DEFAULT_RISING_OPTIONS,
): RisingEntry[] {
  const out: RisingEntry[] = [];
  for (const t of window) {
    if (t.count < options.minCount) continue;
    const baseline = round3(baselineOf(t.key));
    if (t.count <= baseline) continue;
    const score = round3(risingScore(t.count, baseline));
    if (score < options.minScore) continue;
    out.push({ tag: t.key, display: t.display, count: t.count, baseline, score });
  }
  out.sort((a, b) => b.score - a.score || b.count - a.count || compareCodePoints(a.tag, b.tag));
  return out.slice(0, options.limit);
}

/**
 * The per-batch counts that rising tags and the drill-down read: the windowed
 * counter's own retained batches (open and closed), so each counted tweet is
 * tallied once, with the counter's rules (each key once per tweet, the
 * per-batch key cap), and the counter's checkpoint carries them.
 */
export interface BatchCountsView {
  /** The first batch that ever held a counted tweet: baselines never reach before the stream began. */
  readonly firstBatchIndex: number | null;
  keyCount(key: string, from: number, to: number): number;
  keyCounts(from: number, to: number): Map<string, { count: number; form: string }>;
  latestForm(key: string): string | null;
}

/**
 * The rising tags of the window `[from, to)` (batch indices): each tag's count
 * against its baseline, the count it would have in a window of this length at
 * its average rate over up to `lookback` batches before the window (quiet
 * batches count as zero). Empty while there is no batch before the window to
 * learn a baseline from. `top` supplies the official display forms; other tags
 * show their first form in the newest batch holding them.
 */
export function risingTags(
  counts: BatchCountsView,
  from: number,
  to: number,
  lookback: number,
  top: readonly TopEntry[],
  options: RisingOptions = DEFAULT_RISING_OPTIONS,
): RisingEntry[] {
  const first = counts.firstBatchIndex;
  if (first === null) return [];
  const baseFrom = Math.max(from - lookback, first);
  const baseBatches = from - baseFrom;
  if (baseBatches <= 0) return [];
  const scale = (to - from) / baseBatches;
  const displays = new Map(top.map((t) => [t.tag, t.display]));
  const window: WindowTag[] = [];
  // Every key of the window, read once: under a flood of unique tags, kept in the counter's cache
  // of made strings they outlived a few collections of V8's young generation and filled the old one.
  for (const [key, s] of readingOnce(() => counts.keyCounts(from, to)))
    window.push({ key, count: s.count, display: displays.get(key) ?? '#' + s.form });
  return rankRising(window, (key) => counts.keyCount(key, baseFrom, from) * scale, options);
}

/** The key's count in every batch `[from, to)`, quiet ones included, not before the stream began. */
export function tagSeries(
  counts: BatchCountsView,
  key: string,
  from: number,
  to: number,
): { index: number; count: number }[] {
  const out: { index: number; count: number }[] = [];
  const first = counts.firstBatchIndex;
  if (first === null) return out;
  for (let k = Math.max(from, first); k < to; k++)
    out.push({ index: k, count: counts.keyCount(key, k, k + 1) });
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
