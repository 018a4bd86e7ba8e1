import type { KeyTally } from './batch-counts.ts';
import { countIn, forEachKeyIn, primaryFormIn, type RetainedBatch } from './retained-batch.ts';

/**
 * The batches a counter holds, by batch index (`k` covers `[k·B, (k+1)·B)`), kept in index
 * order: the open ones that still take tweets, and the closed ones that windows, history,
 * rising tags and the drill-down still read. Ranges are half-open, `[from, to)`, in batch
 * indices; a batch that is not held counts 0.
 */
export class RetainedBatches {
  private readonly byIndex = new Map<number, RetainedBatch>();
  /** Indices of the held batches, ascending. */
  private readonly indices: number[] = [];

  /** How many batches are held. */
  get size(): number {
    return this.indices.length;
  }

  /** The index of the oldest batch held, or null when none is. */
  get oldestIndex(): number | null {
    return this.indices.length > 0 ? this.indices[0]! : null;
  }

  /** The index of the newest batch held, or null when none is. */
  get newestIndex(): number | null {
    return this.indices.length > 0 ? this.indices[this.indices.length - 1]! : null;
  }

  get(k: number): RetainedBatch | undefined {
    return this.byIndex.get(k);
  }

  /** Holds a new batch at its index. */
  insert(b: RetainedBatch): void {
    this.byIndex.set(b.index, b);
    this.indices.splice(this.lowerBound(b.index), 0, b.index);
  }

  /** Puts `b` in the place of the batch held at its index (a batch being compacted). */
  replace(b: RetainedBatch): void {
    this.byIndex.set(b.index, b);
  }

  /** Every held batch of `[from, to)`, oldest first. */
  each(from: number, to: number, fn: (b: RetainedBatch) => void): void {
    const indices = this.indices;
    for (let i = this.lowerBound(from); i < indices.length; i++) {
      const k = indices[i]!;
      if (k >= to) break;
      fn(this.byIndex.get(k)!);
    }
  }

  /** Every held batch, oldest first (a copy of the list: safe to change the batches meanwhile). */
  all(): RetainedBatch[] {
    return this.indices.map((k) => this.byIndex.get(k)!);
  }

  /** The tallies of the key whose dictionary id is `keyId` in the held batches of `[from, to)`, oldest first (copies). */
  talliesOf(keyId: number, from: number, to: number): KeyTally[] {
    const out: KeyTally[] = [];
    this.each(from, to, (b) => {
      const i = b.slotOfId(keyId);
      if (i >= 0) out.push(b.tallyAt(i));
    });
    return out;
  }

  /** The index of the first held batch at or after `from` that holds a counted tweet, or null. */
  firstWithTweetsFrom(from: number): number | null {
    const indices = this.indices;
    for (let i = this.lowerBound(from); i < indices.length; i++) {
      const k = indices[i]!;
      if (this.byIndex.get(k)!.stats.tweets > 0) return k;
    }
    return null;
  }

  /** Lets go of every batch below `k` (each gives its strings back). */
  dropBelow(k: number): void {
    let drop = 0;
    while (drop < this.indices.length && this.indices[drop]! < k) {
      this.byIndex.get(this.indices[drop]!)!.release();
      this.byIndex.delete(this.indices[drop]!);
      drop++;
    }
    if (drop > 0) this.indices.splice(0, drop);
  }

  /** `key`'s count in each held batch of `[from, to)`, summed. */
  keyCount(key: string, from: number, to: number): number {
    let n = 0;
    const indices = this.indices;
    for (let i = this.lowerBound(from); i < indices.length && indices[i]! < to; i++) {
      n += countIn(this.byIndex.get(indices[i]!)!, key);
    }
    return n;
  }

  /**
   * Every key counted in the held batches of `[from, to)` with its summed count and its
   * primary (first-seen) surface form, without `#`, in the NEWEST batch of the range that
   * holds it. Order unspecified.
   */
  keyCounts(from: number, to: number): Map<string, { count: number; form: string }> {
    const out = new Map<string, { count: number; form: string }>();
    const add = (key: string, count: number, form: string): void => {
      const s = out.get(key);
      if (s === undefined) out.set(key, { count, form });
      else s.count += count;
    };
    // Newest first, so the form kept for a key is its newest batch's.
    for (let i = this.lowerBound(to) - 1; i >= 0 && this.indices[i]! >= from; i--) {
      forEachKeyIn(this.byIndex.get(this.indices[i]!)!, add);
    }
    return out;
  }

  /** The primary (first-seen) surface form, without `#`, of `key` in the newest held batch holding it; null if none. */
  latestForm(key: string): string | null {
    for (let i = this.indices.length - 1; i >= 0; i--) {
      const form = primaryFormIn(this.byIndex.get(this.indices[i]!)!, key);
      if (form !== undefined) return form;
    }
    return null;
  }

  /** Position in `indices` of the first index ≥ k. */
  private lowerBound(k: number): number {
    const a = this.indices;
    // Most lookups are at the end (new batches, recent windows).
    if (a.length === 0 || a[a.length - 1]! < k) return a.length;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
