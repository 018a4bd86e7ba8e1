/**
 * The key pairs of one batch's counted tweets, for related tags (DESIGN.md §5): for each
 * unordered pair of distinct keys, how many counted tweets of the batch held both. Kept while
 * a window may still read the batch, then let go (see `WindowedCounter`).
 *
 * Bounded: at most `maxPairs` distinct pairs; a new pair past the cap is not counted, and each
 * such tweet's pair is added to `overflow`, so the window can say its related counts are lower
 * bounds. A tweet of n distinct keys adds n·(n−1)/2 pairs.
 *
 * `addTweet` is the seam through which counting feeds it: one counted tweet's distinct keys, as
 * `BatchCounts` has them after deduplicating the tweet's tags. A reader that finds keys another
 * way (the byte-level path) feeds the same call with the same distinct keys.
 */
export class BatchPairs {
  /** Each pair once, under the key that sorts first in UTF-16 order (any fixed order would do). */
  private readonly byFirst = new Map<string, Map<string, number>>();
  /** Distinct pairs held. */
  size = 0;
  /** Pair sightings dropped at the cap. */
  overflow = 0;

  constructor(private readonly maxPairs: number) {}

  /** One counted tweet's distinct keys, `keys[0…n)`: each unordered pair of them once. */
  addTweet(keys: readonly string[], n: number): void {
    for (let i = 0; i < n - 1; i++) {
      const a = keys[i]!;
      for (let j = i + 1; j < n; j++) this.addPair(a, keys[j]!, 1);
    }
  }

  /** Adds `count` tweets holding both `a` and `b` (distinct keys); used by counting and by checkpoint restore. */
  addPair(a: string, b: string, count: number): void {
    const first = a < b ? a : b;
    const second = a < b ? b : a;
    let partners = this.byFirst.get(first);
    const had = partners?.get(second);
    if (had !== undefined) {
      partners!.set(second, had + count);
      return;
    }
    if (this.size >= this.maxPairs) {
      this.overflow += count;
      return;
    }
    if (partners === undefined) this.byFirst.set(first, (partners = new Map()));
    partners.set(second, count);
    this.size++;
  }

  /** Every pair with its count, each once, in no particular order. */
  forEach(fn: (a: string, b: string, count: number) => void): void {
    for (const [a, partners] of this.byFirst) for (const [b, count] of partners) fn(a, b, count);
  }
}
