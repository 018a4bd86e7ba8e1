import type { TagTable } from '@tagstream/tweets';
import { emptyStats, type BatchStats } from '../batch-counts.ts';
import { compareCodePoints } from '../tag-key.ts';

import { addStats } from '../window-counts.ts';
import type { KeyIdBatch } from './key-id-batch.ts';

/** A key of the window's top list: its id, its text and its count. */
export interface WindowRanked {
  key: number;
  tag: string;
  count: number;
}

/**
 * The counts of a sliding window by key id, kept incrementally like `WindowCounts` (a batch
 * entering is added, one leaving subtracted), in one column indexed by key id.
 */
export class KeyIdWindow {
  private counts = new Int32Array(1024);
  /** Keys with a count above zero: the window's `distinctTags`. */
  distinct = 0;
  stats: BatchStats = emptyStats();
  /** Per key id, the number of the last top-K pass that offered it (each key is offered once per pass). */
  private offered = new Int32Array(1024);
  private pass = 0;

  constructor(private readonly tags: TagTable) {}

  countOf(key: number): number {
    return key < this.counts.length ? this.counts[key]! : 0;
  }

  add(batch: KeyIdBatch): void {
    this.ensure(this.tags.keyCount);
    const counts = this.counts;
    for (let s = 0; s < batch.size; s++) {
      const key = batch.keys[s]!;
      if (counts[key] === 0) this.distinct++;
      counts[key]! += batch.counts[s]!;
    }
    addStats(this.stats, batch.stats, 1);
  }

  subtract(batch: KeyIdBatch): void {
    const counts = this.counts;
    for (let s = 0; s < batch.size; s++) {
      const key = batch.keys[s]!;
      const left = counts[key]! - batch.counts[s]!;
      if (left <= 0 && counts[key]! > 0) this.distinct--;
      counts[key] = left > 0 ? left : 0;
    }
    addStats(this.stats, batch.stats, -1);
  }

  clear(): void {
    this.counts.fill(0);
    this.distinct = 0;
    this.stats = emptyStats();
  }

  /**
   * The K best keys of the window (count descending, then key by code point: `topK`'s rule),
   * looking only at the keys of the window's batches rather than at every key ever seen.
   */
  top(batches: readonly KeyIdBatch[], k: number): WindowRanked[] {
    const best: WindowRanked[] = [];
    if (k <= 0) return best;
    this.ensure(this.tags.keyCount);
    const pass = ++this.pass;
    for (const batch of batches) {
      for (let s = 0; s < batch.size; s++) {
        const key = batch.keys[s]!;
        if (this.offered[key] === pass) continue;
        this.offered[key] = pass;
        const count = this.counts[key]!;
        if (count <= 0) continue;
        if (best.length === k) {
          const last = best[k - 1]!;
          if (count < last.count) continue;
          if (count === last.count && compareCodePoints(this.tags.keyString(key), last.tag) > 0) continue;
        }
        insert(best, { key, tag: this.tags.keyString(key), count }, k);
      }
    }
    return best;
  }

  private ensure(keys: number): void {
    if (keys <= this.counts.length) return;
    let size = this.counts.length;
    while (size < keys) size *= 2;
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.counts = counts;
    const offered = new Int32Array(size);
    offered.set(this.offered);
    this.offered = offered;
  }
}

/** Puts `entry` in its place in `best` (sorted, best first, at most k long). */
function insert(best: WindowRanked[], entry: WindowRanked, k: number): void {
  let i = best.length < k ? best.length : k - 1;
  if (best.length < k) best.push(entry);
  else best[i] = entry;
  while (i > 0 && ranksAbove(entry, best[i - 1]!)) {
    best[i] = best[i - 1]!;
    best[i - 1] = entry;
    i--;
  }
}

/** True when `a` ranks above `b`: count descending, then key by code point (DESIGN.md §4). */
function ranksAbove(a: WindowRanked, b: WindowRanked): boolean {
  return a.count !== b.count ? a.count > b.count : compareCodePoints(a.tag, b.tag) < 0;
}
