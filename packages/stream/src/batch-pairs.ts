import { IntPairCounts } from './int-pair-counts.ts';

/**
 * The key pairs of one batch's counted tweets, for related tags (DESIGN.md §5): for each
 * unordered pair of distinct keys, how many counted tweets of the batch held both. Keys are the
 * batch's own key ids (`BatchCounts`: a key's place in the batch); compaction turns them into the
 * string dictionary's (`CompactPairs`), which windows add up across batches. Kept while a window
 * may still read the batch, then let go (see `WindowDetail`).
 *
 * Bounded: at most `maxPairs` distinct pairs; a new pair past the cap is not counted, and each
 * such sighting is added to `overflow`, so the window can say its related counts are lower
 * bounds. A tweet of n distinct keys adds n·(n−1)/2 pairs.
 *
 * `addTweet` is the seam through which counting feeds it: one counted tweet's distinct key ids,
 * as `BatchCounts` has them after deduplicating the tweet's tags. A reader that finds keys another
 * way (a byte-level path with key ids of its own) feeds the same call with the batch's ids.
 */
export class BatchPairs {
  private readonly table: IntPairCounts;
  /** Pair sightings dropped at the cap. */
  overflow = 0;

  constructor(maxPairs: number) {
    this.table = new IntPairCounts(maxPairs);
  }

  /** Distinct pairs held. */
  get size(): number {
    return this.table.size;
  }

  /** One counted tweet's distinct key ids, `ids[0…n)`: each unordered pair of them once. */
  addTweet(ids: ArrayLike<number>, n: number): void {
    for (let i = 0; i < n - 1; i++) {
      const x = ids[i]!;
      for (let j = i + 1; j < n; j++) this.addPair(x, ids[j]!, 1);
    }
  }

  /** Adds `count` tweets holding both keys (distinct ids); used by counting and by checkpoint restore. */
  addPair(x: number, y: number, count: number): void {
    if (!this.table.add(Math.min(x, y), Math.max(x, y), count)) this.overflow += count;
  }

  /** Empties it for another batch, keeping its table's memory (see `WindowDetail.recycle`). */
  reset(): void {
    this.table.clear(true);
    this.overflow = 0;
  }

  /** Every pair of key ids with its count, each once, in no particular order. */
  forEach(fn: (x: number, y: number, count: number) => void): void {
    this.table.forEach(fn);
  }

  /** The same pairs under other ids: `idOf[x]` for the batch's key id x (compaction). */
  compact(idOf: ArrayLike<number>): CompactPairs {
    const n = this.table.size;
    const x = new Int32Array(n);
    const y = new Int32Array(n);
    const c = new Uint32Array(n);
    let i = 0;
    this.table.forEach((p, q, count) => {
      const gp = idOf[p]!;
      const gq = idOf[q]!;
      x[i] = Math.min(gp, gq);
      y[i] = Math.max(gp, gq);
      c[i++] = count;
    });
    return new CompactPairs(x, y, c, this.overflow);
  }
}

/** A closed batch's key pairs under the string dictionary's ids, smaller id first: 12 bytes a pair. */
export class CompactPairs {
  constructor(
    private readonly x: Int32Array,
    private readonly y: Int32Array,
    private readonly c: Uint32Array,
    readonly overflow: number,
  ) {}

  get size(): number {
    return this.x.length;
  }

  forEach(fn: (x: number, y: number, count: number) => void): void {
    for (let i = 0; i < this.x.length; i++) fn(this.x[i]!, this.y[i]!, this.c[i]!);
  }
}
