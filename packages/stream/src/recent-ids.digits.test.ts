import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

/** `ScannedTweet`'s numbers for a digit id of up to 19 digits. */
function parts(id: string): [number, number, number] {
  const split = Math.max(0, id.length - 9);
  return [Number(id.slice(0, split) || '0'), Number(id.slice(split)), id.length];
}

const ids = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String),
  fc.stringMatching(/^[0-9]{1,19}$/),
  fc.constantFrom('0', '00', '0012', '12', '9999999999999999999', '4294967296000000000'),
);

describe('RecentIds.addDigits', () => {
  it('answers as add does for the same ids given as strings, through eviction and expiry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ids, fc.integer({ min: 0, max: 100_000 }), fc.boolean()), { maxLength: 300 }),
        fc.constantFrom(5, 50, 2_000_000),
        (steps, maxIds) => {
          const strings = new RecentIds(30_000, maxIds);
          const digits = new RecentIds(30_000, maxIds);
          let now = 0;
          for (const [id, dt, expire] of steps) {
            now += dt % 1000;
            const [high, low, n] = parts(id);
            expect(digits.addDigits(high, low, n, now), id).toBe(strings.add(id, now));
            if (expire) {
              strings.expire(now);
              digits.expire(now);
            }
          }
          expect([...digits.entries()]).toEqual([...strings.entries()]);
          expect(digits.evicted).toBe(strings.evicted);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is one table: digits and the same id as a string are one id', () => {
    const ids = new RecentIds(60_000, 100);
    expect(ids.addDigits(2116953415, 951462400, 19, 0)).toBe(true);
    expect(ids.add('2116953415951462400', 1)).toBe(false);
    expect(ids.add('0012', 1)).toBe(true);
    expect(ids.addDigits(0, 12, 4, 2)).toBe(false);
    expect(ids.addDigits(0, 12, 2, 2)).toBe(true);
  });
});
