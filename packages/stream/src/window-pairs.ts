import { IntPairCounts } from './int-pair-counts.ts';

/** What a window reads of a batch for its pairs: a compacted batch's, under the dictionary's key ids. */
export interface PairedBatch {
  readonly pairs: {
    readonly overflow: number;
    forEach(fn: (x: number, y: number, count: number) => void): void;
  } | null;
  readonly stats: { readonly tweetsWithTags: number };
}

/**
 * The key pairs of a sliding window, kept incrementally like its counts (`WindowCounts`): a batch
 * entering is added, a batch leaving subtracted, pair by pair, under the string dictionary's key
 * ids. Which keys a given key travels with is read in one pass over the pairs (`partnersOf`), as
 * the top K is read in one pass over the counts: once an emission, for its top keys.
 *
 * Exact or nothing: a batch that holds tweets with tags but no pair counts (counted while related
 * tags were off, or let go before a window was widened) makes the window's related tags unknown
 * until it has left the window again.
 */
export class WindowPairs {
  private readonly table = new IntPairCounts();
  /** Pair sightings the window's batches dropped at their cap. */
  overflow = 0;
  /** Batches in the window that hold tweets with tags but no pair counts. */
  private untracked = 0;

  add(batch: PairedBatch): void {
    this.apply(batch, 1);
  }

  subtract(batch: PairedBatch): void {
    this.apply(batch, -1);
  }

  clear(): void {
    this.table.clear();
    this.overflow = 0;
    this.untracked = 0;
  }

  /** Whether every batch of the window counted its pairs, so that related tags are exact. */
  get complete(): boolean {
    return this.untracked === 0;
  }

  /** Distinct pairs in the window. */
  get size(): number {
    return this.table.size;
  }

  /** For each of `ids`, the keys found with it in the window and in how many tweets. */
  partnersOf(ids: readonly number[]): Map<number, Map<number, number>> {
    const out = new Map<number, Map<number, number>>(ids.map((id) => [id, new Map()]));
    this.table.forEach((x, y, count) => {
      out.get(x)?.set(y, count);
      out.get(y)?.set(x, count);
    });
    return out;
  }

  private apply(batch: PairedBatch, sign: 1 | -1): void {
    const pairs = batch.pairs;
    if (pairs === null) {
      if (batch.stats.tweetsWithTags > 0) this.untracked += sign;
      return;
    }
    pairs.forEach((x, y, count) => this.table.add(x, y, sign * count));
    this.overflow += sign * pairs.overflow;
  }
}
