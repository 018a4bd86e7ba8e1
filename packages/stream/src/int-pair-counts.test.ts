import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntPairCounts } from './int-pair-counts.ts';

describe('IntPairCounts', () => {
  it('counts like a map of pairs through additions, removals to zero, growth and clearing', () => {
    const op = fc.record({
      x: fc.nat({ max: 40 }),
      y: fc.nat({ max: 40 }),
      delta: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -5, max: -1 })),
      clear: fc.oneof(
        { weight: 30, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const table = new IntPairCounts();
        const model = new Map<string, number>();
        for (const { x, y, delta, clear } of ops) {
          if (clear) {
            table.clear();
            model.clear();
            continue;
          }
          const k = `${x},${y}`;
          const had = model.get(k) ?? 0;
          // A removal never takes more than the count (the window subtracts what it added).
          const d = delta < 0 ? -Math.min(had, -delta) : delta;
          if (d === 0) continue;
          expect(table.add(x, y, d)).toBe(true);
          if (had + d > 0) model.set(k, had + d);
          else model.delete(k);
          expect(table.get(x, y)).toBe(model.get(k) ?? 0);
        }
        expect(table.size).toBe(model.size);
        const seen = new Map<string, number>();
        table.forEach((x, y, c) => seen.set(`${x},${y}`, c));
        expect(seen).toEqual(model);
        for (const [k, c] of model) {
          const [x, y] = k.split(',').map(Number);
          expect(table.get(x!, y!)).toBe(c);
        }
      }),
      { seed: 5, numRuns: 400 },
    );
  });

  it('refuses a new pair past its cap, but goes on counting the ones it has', () => {
    const table = new IntPairCounts(2);
    expect(table.add(1, 2, 1)).toBe(true);
    expect(table.add(1, 3, 1)).toBe(true);
    expect(table.add(2, 3, 1)).toBe(false);
    expect(table.add(1, 2, 4)).toBe(true);
    expect(table.get(1, 2)).toBe(5);
    expect(table.get(2, 3)).toBe(0);
    expect(table.size).toBe(2);
  });
});
