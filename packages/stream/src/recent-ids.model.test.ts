/** RecentIds against the plain Map it replaced, on random ids, times, expiries and caps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

/** The straightforward version: a Map in insertion order. */
class MapIds {
  readonly ids = new Map<string, number>();
  evicted = 0;
  constructor(
    private readonly horizonMs: number,
    private readonly maxIds: number,
  ) {}
  add(id: string, time: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, time);
    if (this.ids.size > this.maxIds) {
      this.ids.delete(this.ids.keys().next().value as string);
      this.evicted++;
    }
    return true;
  }
  expire(watermark: number): void {
    const cutoff = watermark - this.horizonMs;
    for (const [id, time] of this.ids) {
      if (time >= cutoff) return;
      this.ids.delete(id);
    }
  }
}

// Few distinct ids so that duplicates are frequent; digit strings with leading zeros, long ones, and others.
const id = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.integer({ min: 0, max: 300 }).map((n) => String(n).padStart(4, '0')),
  fc.integer({ min: 0, max: 300 }).map((n) => `16135219654174${String(n).padStart(5, '0')}`),
  fc.integer({ min: 0, max: 50 }).map((n) => `9${'9'.repeat(20)}${n}`),
  fc.constantFrom('a', 'b', '1e5', '', '12345678901234567890123456789'),
);
const op = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constant('add' as const), id, fc.integer({ min: 0, max: 2000 })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constant('expire' as const), fc.constant(''), fc.integer({ min: 0, max: 3000 })),
  },
);

describe('RecentIds (typed-array ring and index)', () => {
  it('behaves as an insertion-ordered Map: duplicates, eviction, expiry, entries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2500 }), fc.array(op, { maxLength: 3000 }), (maxIds, ops) => {
        const fast = new RecentIds(500, maxIds);
        const model = new MapIds(500, maxIds);
        for (const [kind, key, t] of ops) {
          if (kind === 'add') expect(fast.add(key, t)).toBe(model.add(key, t));
          else {
            fast.expire(t);
            model.expire(t);
          }
          expect(fast.size).toBe(model.ids.size);
        }
        expect(fast.evicted).toBe(model.evicted);
        expect([...fast.entries()]).toEqual([...model.ids]);
      }),
      { numRuns: 200 },
    );
  });
});
