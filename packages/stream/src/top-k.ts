import { compareCodePoints } from './tag-key.ts';

/** A key and its count, as ranked. */
export interface Ranked<K = string> {
  key: K;
  count: number;
}

/** True when `a` ranks above `b`: count descending, then key ascending by code point (DESIGN.md §4). */
export function ranksAbove(a: Ranked, b: Ranked): boolean {
  return a.count !== b.count ? a.count > b.count : compareCodePoints(a.key, b.key) < 0;
}

/**
 * Offers `key` with `count` to `best` (sorted, best first, at most k long): count descending, then
 * key ascending by `compareKeys` (code point order for strings); counts of 0 or less are never
 * listed. One pass of offers with a small sorted buffer finds the top K: K is small (10 by
 * default) and windows can hold a million keys, so sorting them all would waste most of its work.
 */
export function offerRanked<K>(
  best: Ranked<K>[],
  key: K,
  count: number,
  k: number,
  compareKeys: (a: K, b: K) => number,
): void {
  if (count <= 0 || k <= 0) return;
  if (best.length === k) {
    const last = best[k - 1]!;
    if (count < last.count || (count === last.count && compareKeys(key, last.key) > 0)) return;
  }
  const entry = { key, count };
  let i = best.length < k ? best.length : k - 1;
  if (best.length < k) best.push(entry);
  else best[i] = entry;
  while (i > 0) {
    const above = best[i - 1]!;
    if (count < above.count || (count === above.count && compareKeys(key, above.key) >= 0)) break;
    best[i] = above;
    best[i - 1] = entry;
    i--;
  }
}

/** The K highest-ranked entries of a count map, best first: exactly min(K, keys counted above 0) of them. */
export function topK(counts: ReadonlyMap<string, number>, k: number): Ranked[] {
  const best: Ranked[] = [];
  for (const [key, count] of counts) offerRanked(best, key, count, k, compareCodePoints);
  return best;
}
