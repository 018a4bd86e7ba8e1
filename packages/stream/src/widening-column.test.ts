import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WideningColumn } from './widening-column.ts';

describe('WideningColumn', () => {
  it('holds 32-bit counts narrowly and widens, keeping every value, at the first that does not fit', () => {
    const c = new WideningColumn();
    c.resize(4);
    c.set(0, 4_294_967_295);
    c.set(1, 7);
    expect(c.isWide).toBe(false);
    c.set(2, 4_294_967_296);
    expect(c.isWide).toBe(true);
    c.set(3, 0.5);
    c.resize(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => c.get(i))).toEqual([4_294_967_295, 7, 4_294_967_296, 0.5, 0, 0]);
  });

  it('agrees with a plain array under any sequence of writes and resizes', () => {
    const value = fc.oneof(
      fc.nat({ max: 1_000 }),
      fc.constantFrom(4_294_967_295, 4_294_967_296, 2 ** 53, -1, 1.5, -0.25, Number.NaN),
    );
    const op = fc.oneof(
      fc.record({ set: fc.nat({ max: 40 }), value }),
      fc.record({ resize: fc.nat({ max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const c = new WideningColumn();
        let model: number[] = [];
        for (const o of ops) {
          if ('resize' in o) {
            c.resize(o.resize);
            model = Array.from({ length: o.resize }, (_, i) => model[i] ?? 0);
          } else if (o.set < model.length) {
            c.set(o.set, o.value);
            model[o.set] = o.value;
          }
          expect(c.length).toBe(model.length);
        }
        expect(Array.from({ length: model.length }, (_, i) => c.get(i))).toEqual(model);
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
