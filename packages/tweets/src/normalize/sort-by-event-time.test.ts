import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByEventTime } from './sort-by-event-time.ts';

describe('sortByEventTime', () => {
  it('orders by time, stable for equal times, untimed items riding with their predecessor', () => {
    const items = [
      { n: 'a', time: null },
      { n: 'b', time: 30 },
      { n: 'c', time: null },
      { n: 'd', time: 10 },
      { n: 'e', time: 30 },
      { n: 'f', time: 10 },
      { n: 'g', time: null },
    ];
    expect(sortByEventTime(items).map((i) => i.n)).toEqual(['a', 'd', 'f', 'g', 'b', 'c', 'e']);
    expect(items[0]?.n).toBe('a');
  });

  it('is a stable permutation sorted by time (timed items only)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), (times) => {
        const items = times.map((time, i) => ({ time, i }));
        const sorted = sortByEventTime(items);
        expect(sorted).toHaveLength(items.length);
        for (let k = 1; k < sorted.length; k++) {
          const p = sorted[k - 1];
          const q = sorted[k];
          if (!p || !q) throw new Error('hole');
          expect(p.time < q.time || (p.time === q.time && p.i < q.i)).toBe(true);
        }
      }),
    );
  });
});
