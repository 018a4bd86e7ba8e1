/** RecentIds against the plain Map it replaced, on random ids, times, expiries and caps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOfId, RecentIds } from './recent-ids.ts';

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

// Few distinct ids so that duplicates are frequent; digit strings with leading zeros, 19-digit ones
// whose digits before the last nine pass 2^32, 20 digits and more, and others.
const id = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.integer({ min: 0, max: 300 }).map((n) => String(n).padStart(4, '0')),
  fc.integer({ min: 0, max: 300 }).map((n) => `16135219654174${String(n).padStart(5, '0')}`),
  fc.integer({ min: 0, max: 300 }).map((n) => `${4294967295 + (n % 3)}${String(n).padStart(9, '0')}`),
  fc.integer({ min: 0, max: 300 }).map((n) => `99999999${String(n).padStart(11, '0')}`),
  fc.integer({ min: 0, max: 300 }).map((n) => `0${String(n).padStart(18, '0')}`),
  fc.integer({ min: 0, max: 50 }).map((n) => `1${String(n).padStart(19, '0')}`),
  fc.integer({ min: 0, max: 50 }).map((n) => `9${'9'.repeat(20)}${n}`),
  fc.constantFrom('a', 'b', '1e5', '', '12345678901234567890123456789'),
);
// Mostly small integers; now and then a time no 32-bit offset holds, after which all are held whole.
const time = fc.oneof(
  { weight: 200, arbitrary: fc.integer({ min: 0, max: 2000 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Number.NaN,
      0.5,
      -0,
      1e13,
      -1e13,
      2 ** 31,
      2 ** 53 + 2,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ),
  },
);
const watermark = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 3000 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 1e13 + 600, Number.POSITIVE_INFINITY) },
);
const op = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constant('add' as const), id, time) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('expire' as const), fc.constant(''), watermark) },
);

type Op = readonly ['add' | 'expire', string, number];

function runBoth(horizonMs: number, maxIds: number, ops: readonly Op[]): void {
  const fast = new RecentIds(horizonMs, maxIds);
  const model = new MapIds(horizonMs, maxIds);
  // `expect` only on a difference: a million passing `expect` calls take seconds, and the failure reads the same.
  for (const [i, [kind, key, t]] of ops.entries()) {
    if (kind === 'add') {
      const added = fast.add(key, t);
      if (added !== model.add(key, t)) expect(added, `op ${i}: add(${key}, ${t})`).toBe(!added);
    } else {
      fast.expire(t);
      model.expire(t);
    }
    if (fast.size !== model.ids.size) expect(fast.size, `op ${i}: size`).toBe(model.ids.size);
  }
  expect(fast.evicted).toBe(model.evicted);
  expect([...fast.entries()]).toEqual([...model.ids]);
}

const COLLIDING = collidingIds();

describe('RecentIds (typed-array ring and index)', () => {
  it('behaves as an insertion-ordered Map: duplicates, eviction, expiry, entries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2500 }),
        fc.array(op, { maxLength: 3000, size: 'max' }),
        (maxIds, ops) => runBoth(500, maxIds, ops),
      ),
      { numRuns: 200 },
    );
  });

  it('does so over weeks of stream time, with expiry keeping only the last days', () => {
    // Steps of up to two days, so that times outrun any one 32-bit offset, a horizon of five days,
    // and now and then a month's gap before the next expiry, so that all times are then held whole.
    const step = fc.tuple(fc.boolean(), id, fc.integer({ min: 0, max: 2 * 86_400_000 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(step, { maxLength: 1500, size: 'max' }),
        (maxIds, steps) => {
          let now = 1_700_000_000_000;
          const ops: Op[] = [];
          for (const [expire, key, dt] of steps) {
            now += dt % 97 === 0 ? 15 * dt : dt % 7 === 0 ? dt : dt % 100_000;
            ops.push(expire ? ['expire', '', now] : ['add', key, now]);
          }
          runBoth(5 * 86_400_000, maxIds, ops);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does so on a stream’s ids, mostly increasing: runs past the index, older ids, re-deliveries', () => {
    // A stream's Snowflake ids grow; now and then an older one comes (new, or a re-delivery), a
    // string id, an id with leading zeros, or an expiry. Bases near 2^32 · 10^9 make the digits
    // before the last nine cross 2^32 within a run.
    const step = fc.oneof(
      { weight: 30, arbitrary: fc.tuple(fc.constant('next' as const), fc.integer({ min: 1, max: 3 })) },
      { weight: 4, arbitrary: fc.tuple(fc.constant('back' as const), fc.integer({ min: 0, max: 60 })) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('zeros' as const), fc.integer({ min: 0, max: 60 })) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('string' as const), fc.integer({ min: 0, max: 5 })) },
      { weight: 2, arbitrary: fc.tuple(fc.constant('expire' as const), fc.integer({ min: 0, max: 40 })) },
    );
    const bases = fc.constantFrom(1_613_521_965_417_408_513n, 4_294_967_295_999_999_900n, 999_999_900n, 5n);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1500 }),
        bases,
        fc.array(step, { maxLength: 3000, size: 'max' }),
        (maxIds, base, steps) => {
          let top = base;
          let now = 0;
          const ops: Op[] = [];
          for (const [kind, n] of steps) {
            now += 1;
            if (kind === 'next') ops.push(['add', String((top += BigInt(n))), now]);
            else if (kind === 'back')
              ops.push(['add', String(top - BigInt(n) > 0n ? top - BigInt(n) : 0n), now]);
            else if (kind === 'zeros') ops.push(['add', `0${String(top - BigInt(n))}`.slice(-19), now]);
            else if (kind === 'string') ops.push(['add', `x${n}`, now]);
            else ops.push(['expire', '', now - n]);
          }
          runBoth(60, maxIds, ops);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds and forgets ids whose hashes collide, wholly or in their home cell', () => {
    const { full, home } = COLLIDING;
    // Up to 1,000 ids the ring holds 1,024 and the index 2,048 cells: `home` share one cell near the end.
    const ids = new RecentIds(1_000, 1_000);
    const all = [...full.flat(), ...home];
    for (const [i, id] of all.entries()) expect(ids.add(id, i)).toBe(true);
    for (const id of all) expect(ids.add(id, 0)).toBe(false);
    // Forget the older half: each deletion at the front of the cluster shifts the rest back.
    ids.expire(1_000 + Math.floor(all.length / 2));
    const kept = all.slice(Math.floor(all.length / 2));
    expect([...ids.entries()].map(([id]) => id)).toEqual(kept);
    for (const id of kept) expect(ids.add(id, 0)).toBe(false);
    for (const id of all.slice(0, Math.floor(all.length / 2))) expect(ids.add(id, 1e6)).toBe(true);
  });

  it('does so on ids whose hashes collide', () => {
    const { full, home } = COLLIDING;
    const colliding = fc.constantFrom(...full.flat(), ...home);
    const collidingOp = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.tuple(fc.constant('add' as const), colliding, fc.integer({ min: 0, max: 2000 })),
      },
      { weight: 1, arbitrary: fc.tuple(fc.constant('expire' as const), fc.constant(''), watermark) },
    );
    fc.assert(
      // At most 1,000 ids: the ring stays at 1,024 slots, where `home` all share one index cell.
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(collidingOp, { maxLength: 1500, size: 'max' }),
        (maxIds, ops) => runBoth(500, maxIds, ops),
      ),
      { numRuns: 100 },
    );
  });
});

/**
 * 19-digit ids in pairs with the same 32-bit hash (so the bits beside the slot cannot
 * tell them apart), and ids that all hash to the same cell, 2,040, of a 2,048-cell index
 * (so their cluster wraps around its end). Found by search, not by imitating the hash.
 */
function collidingIds(): { full: [string, string][]; home: string[] } {
  const seen = new Map<number, string>();
  const full: [string, string][] = [];
  const home: string[] = [];
  for (let i = 0; full.length < 6 || home.length < 150; i++) {
    if (i > 2_000_000) throw new Error('no collisions found: is the hash still 32 bits?');
    // Both halves vary: ids that differ only in their last nine digits never share a hash.
    const id = `${1_613_521_965 + (i % 1_000)}${400_000_000 + Math.floor(i / 1_000)}`;
    const hash = hashOfId(id)!;
    if ((hash & 2047) === 2040 && home.length < 150) home.push(id);
    const twin = seen.get(hash);
    if (twin !== undefined && full.length < 6) full.push([twin, id]);
    else seen.set(hash, id);
  }
  return { full, home };
}
