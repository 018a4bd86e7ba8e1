import { compareCodePoints } from './tag-key.ts';

/** A key and its count, as ranked. */
export interface Ranked {
  key: string;
  count: number;
}

/** True when `a` ranks above `b`: count descending, then key ascending by code point (DESIGN.md §4). */
export function ranksAbove(a: Ranked, b: Ranked): boolean {
  return a.count !== b.count ? a.count > b.count : compareCodePoints(a.key, b.key) < 0;
}

/**
 * The K highest-ranked entries of a count map, best first: exactly min(K, size) of them.
 * One pass with a small sorted buffer: K is small (10 by default) and maps can hold a million keys,
 * so sorting the whole map would waste most of its work.
 */
export function topK(counts: ReadonlyMap<string, number>, k: number): Ranked[] {
  const best: Ranked[] = [];
  if (k <= 0) return best;
  for (const [key, count] of counts) {
    if (count <= 0) continue;
    if (best.length === k) {
      const last = best[k - 1]!;
      if (count < last.count || (count === last.count && compareCodePoints(key, last.key) > 0)) continue;
    }
    const entry = { key, count };
    let i = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(entry);
    else best[i] = entry;
    while (i > 0 && ranksAbove(entry, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      best[i - 1] = entry;
      i--;
    }
  }
  return best;
}
