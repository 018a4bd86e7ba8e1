import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCreatedAt } from '../normalize/event-time.ts';
import { isoTimeAt } from './iso-time-bytes.ts';

/** The byte reading of a whole string; NaN stands for "left to the exact path". */
const read = (s: string): number => isoTimeAt(Buffer.from(s), 0, Buffer.byteLength(s));

describe('isoTimeAt', () => {
  it('reads canonical times as parseCreatedAt does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }),
        fc.boolean(),
        (t, ms) => {
          const iso = new Date(ms ? t : t - (t % 1000)).toISOString();
          const s = ms ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
          const exact = parseCreatedAt(s);
          const fast = read(s);
          // Six-digit years (outside 0000–9999) are the exact path's.
          if (s.length === 24 || s.length === 20) expect(fast, s).toBe(exact);
          else expect(fast, s).toBeNaN();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads runs of times in the same minute, and the minute after, as parseCreatedAt does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 130_000 }), { minLength: 1, maxLength: 40 }),
        (base, offsets) => {
          // One buffer of many dates (as lines share a chunk), read in order.
          const dates = offsets.map((o) => new Date(base + o).toISOString());
          const bytes = Buffer.from(dates.join(''));
          dates.forEach((s, k) => expect(isoTimeAt(bytes, k * 24, 24), s).toBe(parseCreatedAt(s)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves every other string to the exact path (never a different answer)', () => {
    const chars = fc.constantFrom(...'0123456789-T:.Z +x'.split(''));
    const near = fc.tuple(
      fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
      fc.array(fc.tuple(fc.nat(), chars), { maxLength: 2 }),
    );
    fc.assert(
      fc.property(near, ([t, edits]) => {
        let s = new Date(t).toISOString();
        for (const [pos, c] of edits) {
          const i = pos % s.length;
          s = s.slice(0, i) + c + s.slice(i + 1);
        }
        const fast = read(s);
        if (!Number.isNaN(fast)) expect(fast, s).toBe(parseCreatedAt(s));
      }),
      { numRuns: 5000 },
    );
    for (const s of [
      '2023-02-30T13:03:09.000Z',
      '2023-01-12T24:00:00.000Z',
      '2023-01-12T13:03:60.000Z',
      '2023-01-12 13:03:09.000Z',
      '2023-01-12T13:03:09.000+00:00',
    ])
      expect(read(s), s).toBeNaN();
  });
});
