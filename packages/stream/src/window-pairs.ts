import type { RelatedTag } from '@tagstream/protocol';
import type { BatchPairs } from './batch-pairs.ts';
import { topK } from './top-k.ts';

/** What a window reads of a batch for its pairs. */
export interface PairedBatch {
  readonly pairs: BatchPairs | null;
  readonly stats: { readonly tweetsWithTags: number };
}

/**
 * The key pairs of a sliding window, kept incrementally like its counts (`WindowCounts`): a batch
 * entering is added, a batch leaving subtracted. Each pair is held under both its keys, so a
 * key's related tags are the top N of its own partners, without a scan of every pair.
 *
 * Exact or nothing: a batch that holds tweets with tags but no pair counts (counted while related
 * tags were off, or let go before a window was widened) makes the window's related tags unknown
 * until it has left the window again.
 */
export class WindowPairs {
  private readonly partners = new Map<string, Map<string, number>>();
  /** Pair sightings the window's batches dropped at their cap. */
  overflow = 0;
  /** Batches in the window that hold tweets with tags but no pair counts. */
  private untracked = 0;

  add(batch: PairedBatch): void {
    const pairs = batch.pairs;
    if (pairs === null) {
      if (batch.stats.tweetsWithTags > 0) this.untracked++;
      return;
    }
    pairs.forEach((a, b, count) => {
      this.bump(a, b, count);
      this.bump(b, a, count);
    });
    this.overflow += pairs.overflow;
  }

  subtract(batch: PairedBatch): void {
    const pairs = batch.pairs;
    if (pairs === null) {
      if (batch.stats.tweetsWithTags > 0) this.untracked--;
      return;
    }
    pairs.forEach((a, b, count) => {
      this.takeAway(a, b, count);
      this.takeAway(b, a, count);
    });
    this.overflow -= pairs.overflow;
  }

  clear(): void {
    this.partners.clear();
    this.overflow = 0;
    this.untracked = 0;
  }

  /** Whether every batch of the window counted its pairs, so that related tags are exact. */
  get complete(): boolean {
    return this.untracked === 0;
  }

  /**
   * The `n` keys most often in the same tweets as `key` (count descending, then key ascending by
   * code point), or null when the window is not complete.
   */
  related(key: string, n: number): RelatedTag[] | null {
    if (!this.complete) return null;
    const partners = this.partners.get(key);
    if (partners === undefined) return [];
    return topK(partners, n).map((r) => ({ tag: r.key, count: r.count }));
  }

  private bump(a: string, b: string, count: number): void {
    let partners = this.partners.get(a);
    if (partners === undefined) this.partners.set(a, (partners = new Map()));
    partners.set(b, (partners.get(b) ?? 0) + count);
  }

  private takeAway(a: string, b: string, count: number): void {
    const partners = this.partners.get(a);
    if (partners === undefined) return;
    const left = (partners.get(b) ?? 0) - count;
    // Deleting zeros keeps the maps the size of the live window.
    if (left > 0) partners.set(b, left);
    else if (partners.delete(b) && partners.size === 0) this.partners.delete(a);
  }
}
