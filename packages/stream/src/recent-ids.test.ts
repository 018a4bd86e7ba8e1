/** The bounded id memory behind duplicate detection. */
import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

describe('RecentIds', () => {
  it('reports an id seen before as a duplicate', () => {
    const ids = new RecentIds(60_000, 10);
    expect(ids.add('1', 0)).toBe(true);
    expect(ids.add('2', 0)).toBe(true);
    expect(ids.add('1', 5)).toBe(false);
    expect(ids.size).toBe(2);
  });

  it('never holds more than maxIds, forgetting the oldest first and counting them', () => {
    const ids = new RecentIds(60_000, 3);
    for (let i = 0; i < 10; i++) {
      ids.add(String(i), i);
      expect(ids.size).toBeLessThanOrEqual(3);
    }
    expect(ids.evicted).toBe(7);
    expect([...ids.entries()].map(([id]) => id)).toEqual(['7', '8', '9']);
    expect(ids.add('9', 9)).toBe(false);
    expect(ids.add('0', 0)).toBe(true); // forgotten
  });

  it('forgets ids older than the horizon behind the watermark', () => {
    const ids = new RecentIds(1_000, 100);
    ids.add('a', 0);
    ids.add('b', 500);
    ids.add('c', 2_000);
    ids.expire(1_500); // cutoff 500: "a" goes, "b" (at the cutoff) stays
    expect([...ids.entries()].map(([id]) => id)).toEqual(['b', 'c']);
    ids.expire(10_000);
    expect(ids.size).toBe(0);
  });
});
