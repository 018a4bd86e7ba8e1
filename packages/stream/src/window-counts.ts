import { emptyStats, type BatchStats } from './batch-counts.ts';
import type { RetainedBatch } from './retained-batch.ts';
import { offerRanked, type Ranked } from './top-k.ts';
import { spreadId } from './id-spread.ts';

/**
 * The counts of a sliding window, kept incrementally: a batch entering is added
 * and a batch leaving is subtracted (Spark's `reduceByKeyAndWindow` with an
 * inverse function), so sliding costs the size of two batches, not of the window.
 *
 * Counts are by the keys' dictionary ids, in an open-addressing table (linear probing, at most
 * half full) sized to the window's keys: one probe a key, where a `Map` by string hashed each
 * key again and a column by id would grow with every key the dictionary holds. The ids are
 * stable while counted here: the window's batches hold their keys.
 */
export class WindowCounts {
  stats: BatchStats = emptyStats();
  /** Keys counted above zero: the window's `distinctTags`. */
  size = 0;
  /** Per cell: key id + 1 (0: empty), and its count. */
  private ids = new Int32Array(1024);
  private counts = new Float64Array(1024);

  add(batch: RetainedBatch): void {
    for (let i = 0; i < batch.size; i++) this.bump(batch.keyIdAt(i), batch.countAt(i));
    addStats(this.stats, batch.stats, 1);
  }

  subtract(batch: RetainedBatch): void {
    for (let i = 0; i < batch.size; i++) this.bump(batch.keyIdAt(i), -batch.countAt(i));
    addStats(this.stats, batch.stats, -1);
  }

  /** The count of the key whose dictionary id is `keyId` (0 when absent). */
  countOf(keyId: number): number {
    const cell = this.find(keyId);
    return this.ids[cell] === 0 ? 0 : this.counts[cell]!;
  }

  /** Every key counted, by dictionary id, with its count (in no particular order). */
  forEach(fn: (keyId: number, count: number) => void): void {
    const ids = this.ids;
    for (let cell = 0; cell < ids.length; cell++) if (ids[cell] !== 0) fn(ids[cell]! - 1, this.counts[cell]!);
  }

  /** The K best keys by id (count descending, then key by `compareKeys`: code point order of their strings). */
  top(k: number, compareKeys: (a: number, b: number) => number): Ranked<number>[] {
    const best: Ranked<number>[] = [];
    const ids = this.ids;
    for (let cell = 0; cell < ids.length; cell++) {
      if (ids[cell] !== 0) offerRanked(best, ids[cell]! - 1, this.counts[cell]!, k, compareKeys);
    }
    return best;
  }

  clear(): void {
    if (this.size > 0) {
      this.ids.fill(0);
      this.size = 0;
    }
    this.stats = emptyStats();
  }

  /** Adds `delta` to a key's count; a count that falls to zero or below leaves the table (the window's live keys only). */
  private bump(keyId: number, delta: number): void {
    let cell = this.find(keyId);
    if (this.ids[cell] === 0) {
      if (delta <= 0) return;
      if (2 * (this.size + 1) > this.ids.length) {
        this.grow();
        cell = this.find(keyId);
      }
      this.ids[cell] = keyId + 1;
      this.counts[cell] = delta;
      this.size++;
      return;
    }
    const left = this.counts[cell]! + delta;
    if (left > 0) this.counts[cell] = left;
    else this.remove(cell);
  }

  /** The cell holding `keyId`, or the empty cell where it would go. */
  private find(keyId: number): number {
    const ids = this.ids;
    const mask = ids.length - 1;
    let cell = spreadId(keyId) & mask;
    while (ids[cell] !== 0 && ids[cell] !== keyId + 1) cell = (cell + 1) & mask;
    return cell;
  }

  /** Deletion by backward shift: no tombstones. */
  private remove(hole: number): void {
    const ids = this.ids;
    const mask = ids.length - 1;
    ids[hole] = 0;
    this.size--;
    for (let cell = (hole + 1) & mask; ids[cell] !== 0; cell = (cell + 1) & mask) {
      const home = spreadId(ids[cell]! - 1) & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, cell].
      const stays = hole <= cell ? hole < home && home <= cell : hole < home || home <= cell;
      if (stays) continue;
      ids[hole] = ids[cell]!;
      this.counts[hole] = this.counts[cell]!;
      ids[cell] = 0;
      hole = cell;
    }
  }

  private grow(): void {
    const oldIds = this.ids;
    const oldCounts = this.counts;
    this.ids = new Int32Array(oldIds.length * 2);
    this.counts = new Float64Array(oldIds.length * 2);
    for (let c = 0; c < oldIds.length; c++) {
      if (oldIds[c] === 0) continue;
      const cell = this.find(oldIds[c]! - 1);
      this.ids[cell] = oldIds[c]!;
      this.counts[cell] = oldCounts[c]!;
    }
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
