import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSlices } from './json-slices.ts';

describe('jsonSlices', () => {
  it('gives the text JSON.stringify gives, in slices of about the size asked', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 200 }), (value, size) => {
        const slices = [...jsonSlices(value, size)];
        expect(slices.join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined properties and writes undefined array elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [1, undefined, 'x'], c: { d: undefined, e: null }, f: new Date(0) };
    expect([...jsonSlices(value)].join('')).toBe(JSON.stringify(value));
  });

  it('cuts a large array into many slices, each about the size asked', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => [String(1e12 + i), i]);
    const slices = [...jsonSlices({ ids, empty: [], one: [[1]] }, 16 * 1024)];
    expect(slices.length).toBeGreaterThanOrEqual(40);
    expect(Math.max(...slices.map((s) => s.length))).toBeLessThan(16 * 1024 + 25 * 1024);
    expect(JSON.parse(slices.join(''))).toEqual({ ids, empty: [], one: [[1]] });
  });

  it('writes long arrays of any values as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1025, maxLength: 3000 }), (value) => {
        expect([...jsonSlices(value, 100)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 10 },
    );
  });
});
