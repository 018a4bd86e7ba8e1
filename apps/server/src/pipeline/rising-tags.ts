import type { RisingEntry, TopEntry } from '@tagstream/protocol';
import { compareCodePoints, tagKey } from '@tagstream/stream';

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

interface Tally {
  count: number;
  /** The first surface form seen in the batch. */
  form: string;
}

/** The tracker's state as plain JSON, for the checkpoint. */
export interface TagCountsJson {
  batchMs: number;
  first: number | null;
  overflow: number;
  batches: [index: number, keys: [key: string, count: number, form: string][]][];
}

/**
 * Per-batch hashtag counts of every counted tweet, kept for a bounded number of
 * recent batches: the baseline that `rising` compares a window against, and a
 * tag's exact count per batch for the drill-down. Fed from the counter's
 * `onCounted` hook, so it sees exactly the tweets the counter counted (not late
 * ones, not duplicates) with the same per-tweet rule (each key once).
 */
export class BatchTagCounts {
  private readonly batches = new Map<number, Map<string, Tally>>();
  /** The first batch index that held a tweet: baselines never reach before the stream began. */
  private first: number | null = null;
  /** Keys not kept because a batch had reached `maxKeysPerBatch`. */
  overflow = 0;

  constructor(
    readonly batchMs: number,
    private readonly maxKeysPerBatch = 200_000,
  ) {}

  /** Counts one tweet's hashtags (surface forms without `#`) in the batch holding `time`. */
  add(time: number, surfaces: readonly string[]): void {
    const k = Math.floor(time / this.batchMs);
    let batch = this.batches.get(k);
    if (batch === undefined) {
      batch = new Map();
      this.batches.set(k, batch);
      if (this.first === null || k < this.first) this.first = k;
    }
    if (surfaces.length === 1) {
      this.bump(batch, tagKey(surfaces[0]!), surfaces[0]!);
      return;
    }
    const keys = surfaces.map(tagKey);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (keys.indexOf(key) < i) continue;
      this.bump(batch, key, surfaces[i]!);
    }
  }

  private bump(batch: Map<string, Tally>, key: string, surface: string): void {
    const t = batch.get(key);
    if (t !== undefined) t.count++;
    else if (batch.size < this.maxKeysPerBatch) batch.set(key, { count: 1, form: surface });
    else this.overflow++;
  }

  /** Each key's count over the batches `[from, to)` (batch indices), with a display form. */
  windowTags(from: number, to: number, displays: ReadonlyMap<string, string> = new Map()): WindowTag[] {
    const sums = new Map<string, Tally>();
    // Newest batch first, so a key's fallback display form is its latest one.
    for (let k = to - 1; k >= from; k--) {
      const batch = this.batches.get(k);
      if (batch === undefined) continue;
      for (const [key, t] of batch) {
        const s = sums.get(key);
        if (s === undefined) sums.set(key, { count: t.count, form: t.form });
        else s.count += t.count;
      }
    }
    const out: WindowTag[] = [];
    for (const [key, s] of sums)
      out.push({ key, count: s.count, display: displays.get(key) ?? '#' + s.form });
    return out;
  }

  /** A key's count over the batches `[from, to)`. */
  count(key: string, from: number, to: number): number {
    let n = 0;
    for (let k = from; k < to; k++) n += this.batches.get(k)?.get(key)?.count ?? 0;
    return n;
  }

  /**
   * The rising tags of the window `[from, to)` (batch indices): each tag's count
   * against its baseline, the count it would have in a window of this length at
   * its average rate over up to `lookback` batches before the window (quiet
   * batches count as zero). Empty while there is no batch before the window to
   * learn a baseline from. `top` supplies the official display forms.
   */
  rising(
    from: number,
    to: number,
    lookback: number,
    top: readonly TopEntry[],
    options: RisingOptions = DEFAULT_RISING_OPTIONS,
  ): RisingEntry[] {
    if (this.first === null) return [];
    const baseFrom = Math.max(from - lookback, this.first);
    const baseBatches = from - baseFrom;
    if (baseBatches <= 0) return [];
    const scale = (to - from) / baseBatches;
    const displays = new Map(top.map((t) => [t.tag, t.display]));
    return rankRising(
      this.windowTags(from, to, displays),
      (key) => this.count(key, baseFrom, from) * scale,
      options,
    );
  }

  /** The key's count in every batch `[from, to)`, quiet ones included, not before the stream began. */
  series(key: string, from: number, to: number): { index: number; count: number }[] {
    const out: { index: number; count: number }[] = [];
    if (this.first === null) return out;
    for (let k = Math.max(from, this.first); k < to; k++)
      out.push({ index: k, count: this.batches.get(k)?.get(key)?.count ?? 0 });
    return out;
  }

  /** The first surface form of the key in the newest retained batch holding it. */
  form(key: string): string | null {
    let best: number | null = null;
    let form: string | null = null;
    for (const [k, batch] of this.batches) {
      const t = batch.get(key);
      if (t !== undefined && (best === null || k > best)) {
        best = k;
        form = t.form;
      }
    }
    return form;
  }

  /** Forgets batches before `index`. */
  prune(index: number): void {
    for (const k of this.batches.keys()) if (k < index) this.batches.delete(k);
  }

  get batchCount(): number {
    return this.batches.size;
  }

  toJSON(): TagCountsJson {
    return {
      batchMs: this.batchMs,
      first: this.first,
      overflow: this.overflow,
      batches: [...this.batches]
        .sort((a, b) => a[0] - b[0])
        .map(([k, batch]) => [k, [...batch].map(([key, t]) => [key, t.count, t.form])]),
    };
  }

  /** Rebuilds from `toJSON()`; returns null for anything else (a foreign or damaged value). */
  static fromJSON(value: unknown, maxKeysPerBatch?: number): BatchTagCounts | null {
    const v = value as Partial<TagCountsJson> | null;
    if (
      typeof v !== 'object' ||
      v === null ||
      typeof v.batchMs !== 'number' ||
      !(v.batchMs > 0) ||
      !Array.isArray(v.batches) ||
      (v.first !== null && typeof v.first !== 'number')
    )
      return null;
    const out = new BatchTagCounts(v.batchMs, maxKeysPerBatch);
    out.first = v.first ?? null;
    out.overflow = typeof v.overflow === 'number' ? v.overflow : 0;
    for (const entry of v.batches) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1])) return null;
      const batch = new Map<string, Tally>();
      for (const kv of entry[1]) {
        if (!Array.isArray(kv) || typeof kv[0] !== 'string' || typeof kv[1] !== 'number') return null;
        batch.set(kv[0], { count: kv[1], form: typeof kv[2] === 'string' ? kv[2] : kv[0] });
      }
      out.batches.set(entry[0], batch);
    }
    return out;
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
