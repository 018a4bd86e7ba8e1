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

  it('keeps 19-digit ids apart when the digits before the last nine pass 2^32', () => {
    const long = [
      '9999999999999999999',
      '4294967296000000000', // hi = 2^32
      '4294967295999999999', // hi = 2^32 - 1
      '8589934592000000000', // hi = 2^33
      '0000000000000000000',
      '1000000000000000000',
      '4294967296000000001',
      '0004294967296000000', // the same hi low bits as 2^32 · 10^9 shifted, with leading zeros
      '1613521965417408513', // a real tweet id
    ];
    const ids = new RecentIds(60_000, 100);
    for (const [i, id] of long.entries()) expect(ids.add(id, i)).toBe(true);
    for (const id of long) expect(ids.add(id, 99)).toBe(false);
    expect([...ids.entries()]).toEqual(long.map((id, i) => [id, i]));
  });

  it('tells ids apart by their leading zeros, at every length', () => {
    const forms = [
      '12',
      '012',
      '0012',
      '000000012',
      '0000000012',
      '0000000000000000012',
      '00000000000000000012',
    ];
    const ids = new RecentIds(60_000, 100);
    for (const id of forms) expect(ids.add(id, 1)).toBe(true);
    for (const id of forms) expect(ids.add(id, 2)).toBe(false);
    expect([...ids.entries()].map(([id]) => id)).toEqual(forms);
  });

  it('holds ids of 20 digits and more beside the short ones, in insertion order', () => {
    const ids = new RecentIds(60_000, 4);
    const order = ['12345678901234567890', '1', '999999999999999999999999', '1234567890123456789', 'x', '2'];
    for (const [i, id] of order.entries()) expect(ids.add(id, i)).toBe(true);
    expect(ids.evicted).toBe(2);
    expect([...ids.entries()]).toEqual(order.slice(2).map((id, i) => [id, i + 2]));
    expect(ids.add('999999999999999999999999', 9)).toBe(false);
    expect(ids.add('12345678901234567890', 9)).toBe(true); // evicted
  });

  it('gives back exactly the times it was given, before and after one no 32-bit offset can hold', () => {
    const ids = new RecentIds(1_000, 100);
    const times = [0, -5, 2 ** 31 - 1, -(2 ** 31)];
    for (const [i, t] of times.entries()) ids.add(String(i), t);
    expect([...ids.entries()].map(([, t]) => t)).toEqual(times);

    const odd = [1e13, 0.5, Number.NaN, -0, Number.POSITIVE_INFINITY, 2 ** 53 + 2, 7];
    for (const [i, t] of odd.entries()) ids.add(String(100 + i), t);
    expect([...ids.entries()].map(([, t]) => t)).toEqual([...times, ...odd]);
    expect(ids.add('3', 3)).toBe(false);
  });

  it('gives back exactly a first time that no 32-bit offset holds, whatever came before', () => {
    const far = 2 ** 31 + 100; // moves the base from 0 to itself
    const cases = [
      [0, -0], // an int32 offset would turn -0 into 0
      [far, 100 + 1e-7], // 100 + 1e-7 − far rounds to −2^31, an int32
      [far, -0],
      [0, 0.5],
      [far, Number.NaN],
      [0, Number.NEGATIVE_INFINITY],
      [0, 1e13],
      [far, far + 2 ** 31],
      [far, 2 ** 53 + 2],
    ];
    for (const [first, odd] of cases) {
      const ids = new RecentIds(1_000, 100);
      ids.add('1', first!);
      ids.add('2', odd!);
      ids.add('3', first! + 1);
      expect([...ids.entries()].map(([, t]) => t)).toEqual([first, odd, first! + 1]);
    }
  });

  it('keeps ids and times in order when the ring grows after wrapping around', () => {
    for (const fraction of [0, 0.5]) {
      const ids = new RecentIds(1_000, 10_000);
      let held: [string, number][] = [];
      for (let i = 0; i < 2_000; i++) {
        const t = i === 700 ? i + fraction : i;
        ids.add(String(i), t);
        held.push([String(i), t]);
        if (i === 900) {
          ids.expire(1_500); // the ring's oldest is now at slot 500, so the growth at 1,024 ids moves them
          held = held.filter(([, time]) => time >= 500);
        }
      }
      expect([...ids.entries()]).toEqual(held);
    }
  });

  it('expires and evicts as before once the times are held whole', () => {
    const ids = new RecentIds(1_000, 3);
    ids.add('1', Number.NaN);
    ids.add('2', 0.25);
    ids.add('3', 1e13);
    ids.add('4', 1e13 + 1); // evicts "1"
    expect(ids.evicted).toBe(1);
    expect([...ids.entries()]).toEqual([
      ['2', 0.25],
      ['3', 1e13],
      ['4', 1e13 + 1],
    ]);
    ids.add('5', Number.NaN); // evicts "2"
    ids.expire(1e13 + 1_000); // cutoff 1e13: the oldest ("3") is kept and stops expiry
    expect([...ids.entries()].map(([id]) => id)).toEqual(['3', '4', '5']);
    ids.expire(1e13 + 1_002); // "3" and "4" go, then "5", a NaN time, too
    expect(ids.size).toBe(0);
    expect(ids.add('5', 1)).toBe(true);
  });

  it('expires an id with a NaN time at the first expiry, as a Map of times would', () => {
    const ids = new RecentIds(1_000, 10);
    ids.add('1', Number.NaN);
    ids.add('2', 5);
    ids.expire(Number.NEGATIVE_INFINITY);
    expect([...ids.entries()]).toEqual([['2', 5]]);
  });

  it('keeps times exact over months of a live stream, expiring as it goes', () => {
    const day = 86_400_000;
    const ids = new RecentIds(600_000, 1_000);
    let held: [string, number][] = [];
    for (let t = 1_700_000_000_000, n = 0; t < 1_700_000_000_000 + 90 * day; t += day / 7 + 13, n++) {
      for (let j = 0; j < 5; j++) {
        const id = `17${String(n * 5 + j).padStart(17, '0')}`;
        expect(ids.add(id, t + j)).toBe(true);
        held.push([id, t + j]);
      }
      ids.expire(t);
      held = held.filter(([, time]) => time >= t - 600_000);
      expect([...ids.entries()]).toEqual(held);
    }
  });
});
