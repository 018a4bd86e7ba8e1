import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TotalsHeap } from './totals-heap.ts';

/** Slots with counts and distinct keys, and a heap over them, as the running totals keep them. */
function model(): {
  counts: number[];
  keys: string[];
  heap: TotalsHeap;
  lowest: () => number;
} {
  const counts: number[] = [];
  const keys: string[] = [];
  const heap = new TotalsHeap(
    (s) => counts[s]!,
    (a, b) => keys[a]! < keys[b]!,
  );
  // The lowest-ranked slot, the one Space-Saving evicts: smallest count, then the last key.
  const lowest = (): number => {
    let best = 0;
    for (let s = 1; s < counts.length; s++) {
      if (counts[s]! < counts[best]! || (counts[s] === counts[best] && keys[s]! > keys[best]!)) best = s;
    }
    return best;
  };
  return { counts, keys, heap, lowest };
}

describe('TotalsHeap', () => {
  it('built a few nodes at a time while counts grow and slots come, its root is the lowest-ranked slot', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('grow' as const), at: fc.nat(), by: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('step' as const), nodes: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('evict' as const), count: fc.integer({ min: 1, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(op, { maxLength: 300 }), (initial, ops) => {
        const { counts, keys, heap, lowest } = model();
        let next = 0;
        const add = (count: number): void => {
          const s = counts.length;
          counts.push(count);
          keys.push(`k${(next++ * 7919) % 1009}_${s}`);
          heap.reserve(counts.length);
          heap.added(s);
        };
        for (let i = 0; i < initial; i++) add(1 + (i % 3));
        heap.begin(counts.length);
        for (const o of ops) {
          if (o.kind === 'add') add(o.count);
          else if (o.kind === 'grow') {
            const s = o.at % counts.length;
            counts[s]! += o.by;
            heap.grew(s);
          } else if (o.kind === 'step') {
            if (heap.building) heap.step(o.nodes, counts.length);
          } else {
            if (!heap.ready) heap.finish(counts.length);
            expect(heap.min()).toBe(lowest());
            // Space-Saving: the slot takes a new key and the evicted count plus its own.
            const s = heap.min();
            counts[s]! += o.count;
            keys[s] = `new${next++}`;
            heap.rootReplaced();
          }
        }
        if (!heap.ready) heap.finish(counts.length);
        expect(heap.min()).toBe(lowest());
      }),
      { seed: 19, numRuns: 300 },
    );
  });

  it('is built in steps: not ready until the last node is sifted', () => {
    const { counts, keys, heap, lowest } = model();
    for (let s = 0; s < 100; s++) {
      counts.push(100 - s);
      keys.push(`k${s}`);
    }
    heap.reserve(100);
    heap.begin(100);
    // 50 inner nodes, 8 a step: ready at the 7th step.
    for (let i = 0; i < 6; i++) {
      heap.step(8, 100);
      expect(heap.ready).toBe(false);
    }
    heap.step(8, 100);
    expect(heap.ready).toBe(true);
    expect(heap.min()).toBe(lowest());
  });
});
