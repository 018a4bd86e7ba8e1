/** Ranking primitives: code point order, tag keys, and the top-K selection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, tagKey } from './tag-key.ts';
import { referenceCompare, referenceKey } from './testing/reference-model.ts';
import { topK } from './top-k.ts';

/** Strings mixing ASCII, the U+E000–U+FFFF block and astral characters: where UTF-16 and code point order disagree. */
const tricky = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    'z',
    '\u00e9',
    '\ud7ff',
    '\ue000',
    '\uff5a',
    '\uffff',
    '😀',
    '𝒜',
    '\u{10000}',
    '\u{10ffff}',
  ),
  maxLength: 5,
});
const anyString = fc.oneof(
  tricky,
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

describe('compareCodePoints', () => {
  it('orders by code point, not by UTF-16 code unit', () => {
    expect(compareCodePoints('\uff5a', '😀')).toBeLessThan(0); // U+FF5A < U+1F600
    expect(compareCodePoints('😀', '\uff5a')).toBeGreaterThan(0);
    expect(compareCodePoints('\ue000', '𝒜')).toBeLessThan(0);
    expect(compareCodePoints('\ud7ff', '😀')).toBeLessThan(0);
    expect(compareCodePoints('😀', '😁')).toBeLessThan(0);
    expect(compareCodePoints('𝒜', '😀')).toBeLessThan(0); // U+1D49C < U+1F600
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x😀', 'x\uffff')).toBeGreaterThan(0);
    expect(compareCodePoints('', '')).toBe(0);
    expect(compareCodePoints('😀', '😀')).toBe(0);
    // The naive comparison gets these wrong: the reason the function exists.
    expect('😀' < '\uff5a').toBe(true);
  });

  it('agrees in sign with a comparison of materialized code points', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        return Math.sign(compareCodePoints(a, b)) === referenceCompare(a, b);
      }),
      { seed: 7, numRuns: 5_000 },
    );
  });
});

describe('tagKey', () => {
  it('is NFC then toLowerCase', () => {
    expect(tagKey('Ether')).toBe('ether');
    expect(tagKey('ETHER')).toBe('ether');
    expect(tagKey('Cafe\u0301')).toBe('caf\u00e9');
    expect(tagKey('CAF\u00c9')).toBe('caf\u00e9');
    expect(tagKey('\u212b')).toBe('\u00e5'); // ANGSTROM SIGN → Å → å
    expect(tagKey('STRA\u1e9eE')).toBe('straße');
    expect(tagKey('\u1100\u1161')).toBe('가');
    expect(tagKey('😀')).toBe('😀');
  });

  it('matches the reference for any string', () => {
    const combining = fc.string({
      unit: fc.constantFrom(
        'A',
        'e',
        'E',
        '\u0301',
        '\u030a',
        '\u0327',
        'İ',
        'Σ',
        '\u1100',
        '\u1161',
        '\u212b',
        'ﬃ',
      ),
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.oneof(combining, anyString), (s) => {
        return tagKey(s) === referenceKey(s);
      }),
      { seed: 8, numRuns: 3_000 },
    );
  });
});

describe('topK', () => {
  const reference = (m: Map<string, number>, k: number): { key: string; count: number }[] =>
    [...m]
      .filter(([, c]) => c > 0)
      .sort(([a, x], [b, y]) => y - x || referenceCompare(a, b))
      .slice(0, Math.max(0, k))
      .map(([key, count]) => ({ key, count }));

  it('ranks by count, then key by code point', () => {
    const m = new Map([
      ['😀', 2],
      ['\uff5a', 2],
      ['b', 3],
      ['a', 1],
    ]);
    expect(topK(m, 10)).toEqual([
      { key: 'b', count: 3 },
      { key: '\uff5a', count: 2 },
      { key: '😀', count: 2 },
      { key: 'a', count: 1 },
    ]);
    expect(topK(m, 2)).toEqual([
      { key: 'b', count: 3 },
      { key: '\uff5a', count: 2 },
    ]);
    expect(topK(m, 0)).toEqual([]);
    expect(topK(new Map(), 3)).toEqual([]);
  });

  it('returns exactly min(K, keys) entries, the same as sorting everything', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tricky, fc.integer({ min: 0, max: 6 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 15 }),
        (entries, k) => {
          const m = new Map(entries);
          const got = topK(m, k);
          const want = reference(m, k);
          if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
          expect(got.length).toBe(Math.min(k, [...m.values()].filter((c) => c > 0).length));
        },
      ),
      { seed: 9, numRuns: 2_000 },
    );
  });
});
