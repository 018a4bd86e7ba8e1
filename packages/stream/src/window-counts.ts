import { emptyStats, type BatchStats } from './batch-counts.ts';
import { CompactBatch } from './compact-batch.ts';
import type { RetainedBatch } from './retained-batch.ts';

/**
 * The counts of a sliding window, kept incrementally: a batch entering is added
 * and a batch leaving is subtracted (Spark's `reduceByKeyAndWindow` with an
 * inverse function), so sliding costs the size of two batches, not of the window.
 */
export class WindowCounts {
  readonly counts = new Map<string, number>();
  stats: BatchStats = emptyStats();

  add(batch: RetainedBatch): void {
    if (batch instanceof CompactBatch) {
      for (let i = 0; i < batch.size; i++) this.bump(batch.keyAt(i), batch.countAt(i));
    } else {
      for (const [key, tally] of batch.keys) this.bump(key, tally.count);
    }
    addStats(this.stats, batch.stats, 1);
  }

  subtract(batch: RetainedBatch): void {
    if (batch instanceof CompactBatch) {
      for (let i = 0; i < batch.size; i++) this.takeAway(batch.keyAt(i), batch.countAt(i));
    } else {
      for (const [key, tally] of batch.keys) this.takeAway(key, tally.count);
    }
    addStats(this.stats, batch.stats, -1);
  }

  private bump(key: string, count: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
  }

  private takeAway(key: string, count: number): void {
    const left = (this.counts.get(key) ?? 0) - count;
    // Deleting zeros keeps the map (and the top-K scan) the size of the live window.
    if (left <= 0) this.counts.delete(key);
    else this.counts.set(key, left);
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
  into.lost += sign * (from.lost ?? 0);
}
