import { emptyStats, type BatchCounts, type BatchStats } from './batch-counts.ts';

/**
 * The counts of a sliding window, kept incrementally: a batch entering is added
 * and a batch leaving is subtracted (Spark's `reduceByKeyAndWindow` with an
 * inverse function), so sliding costs the size of two batches, not of the window.
 */
export class WindowCounts {
  readonly counts = new Map<string, number>();
  stats: BatchStats = emptyStats();

  add(batch: BatchCounts): void {
    for (const [key, tally] of batch.keys) this.counts.set(key, (this.counts.get(key) ?? 0) + tally.count);
    addStats(this.stats, batch.stats, 1);
  }

  subtract(batch: BatchCounts): void {
    for (const [key, tally] of batch.keys) {
      const left = (this.counts.get(key) ?? 0) - tally.count;
      // Deleting zeros keeps the map (and the top-K scan) the size of the live window.
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    }
    addStats(this.stats, batch.stats, -1);
  }

  clear(): void {
    this.counts.clear();
    this.stats = emptyStats();
  }
}

export function addStats(into: BatchStats, from: BatchStats, sign: 1 | -1): void {
  into.tweets += sign * from.tweets;
  into.tweetsWithTags += sign * from.tweetsWithTags;
  into.late += sign * from.late;
  into.duplicates += sign * from.duplicates;
  into.malformed += sign * from.malformed;
  into.overflow += sign * from.overflow;
}
