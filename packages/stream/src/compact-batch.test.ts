import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchCounts } from './batch-counts.ts';
import { batchToJson } from './checkpoint.ts';
import { CompactBatch } from './compact-batch.ts';
import {
  countIn,
  forEachKeyIn,
  primaryFormIn,
  tallyIn,
  talliesOf,
  type RetainedBatch,
} from './retained-batch.ts';
import { StringDictionary } from './string-dictionary.ts';
import { BatchBuilder, keysOf } from './testing/batch-builder.ts';
import { WindowCounts } from './window-counts.ts';

const FORMS = ['a', 'A', 'b', 'B', 'ß', 'SS', 'Café', 'CAFÉ', '😀', 'x'];

/** Random batches: tweets of surface forms, and raw addKey calls with large counts and sequence numbers. */
const batchArb = fc.record({
  tweets: fc.array(fc.array(fc.constantFrom(...FORMS), { maxLength: 4 }), { maxLength: 40 }),
  raw: fc.array(
    fc.record({
      key: fc.string({ maxLength: 3 }),
      form: fc.constantFrom(...FORMS),
      count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(70_000, 5_000_000_000)),
      seq: fc.oneof(fc.nat({ max: 100 }), fc.constantFrom(100_000, 2 ** 40)),
    }),
    { maxLength: 20 },
  ),
  maxKeys: fc.constantFrom(3, 1_000),
});

type Spec = typeof batchArb extends fc.Arbitrary<infer T> ? T : never;

/** The open batch of `spec`, its strings in `dict`. */
function build(spec: Spec, dict = new StringDictionary()): BatchCounts {
  const at = new BatchBuilder(dict);
  const b = at.batch(7, spec.maxKeys);
  spec.tweets.forEach((t, i) => at.tweet(b, t, i));
  for (const r of spec.raw) at.raw(b, r.key, r.form, r.count, r.seq);
  b.stats.late = 2;
  return b;
}

/** `spec`'s batch compacted into `dict`, as the counter does it (the open batch then lets go). */
function compactOf(spec: Spec, dict: StringDictionary): CompactBatch {
  const open = build(spec, dict);
  const compact = new CompactBatch(open, dict);
  open.release();
  return compact;
}

const sortedJson = (b: RetainedBatch): unknown => {
  const j = batchToJson({ index: b.index, stats: b.stats, tallies: talliesOf(b) });
  return { ...j, keys: j.keys.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)) };
};

/** A window's counts by key string. */
function windowCounts(w: WindowCounts, batch: RetainedBatch): Map<string, number> {
  const out = new Map<string, number>();
  const byId = new Map<number, string>();
  for (let i = 0; i < batch.size; i++) byId.set(batch.keyIdAt(i), batch.keyAt(i));
  w.forEach((id, count) => out.set(byId.get(id)!, count));
  return out;
}

/** Every lookup, iteration, checkpoint and window of `compact` against the open batch `map` it was made from. */
function expectSame(compact: CompactBatch, map: BatchCounts, probes: string[]): void {
  expect(compact.size).toBe(map.size);
  expect(compact.index).toBe(7);
  expect(compact.stats).toEqual(map.stats);
  for (const key of [...keysOf(map), ...probes, 'absent']) {
    expect(tallyIn(compact, key)).toEqual(tallyIn(map, key));
    expect(countIn(compact, key)).toBe(countIn(map, key));
    expect(primaryFormIn(compact, key)).toBe(primaryFormIn(map, key));
  }
  const seen = new Map<string, [number, string]>();
  forEachKeyIn(compact, (k, c, f) => seen.set(k, [c, f]));
  expect(seen).toEqual(new Map([...talliesOf(map)].map(([k, t]) => [k, [t.count, t.form]])));
  // The checkpoint holds the same tallies (in another order).
  expect(sortedJson(compact)).toEqual(sortedJson(map));
  // Windows see the same counts, added and taken away.
  const a = new WindowCounts();
  const b = new WindowCounts();
  a.add(map);
  b.add(compact);
  expect(windowCounts(b, compact)).toEqual(windowCounts(a, map));
  expect(b.stats).toEqual(a.stats);
  b.subtract(compact);
  expect(b.size).toBe(0);
}

describe('CompactBatch', () => {
  it(
    'answers every lookup and iteration exactly as the open batch it was made from',
    { timeout: 30_000 },
    () => {
      fc.assert(
        fc.property(batchArb, fc.array(fc.string({ maxLength: 3 }), { maxLength: 5 }), (spec, probes) => {
          const dict = new StringDictionary();
          expectSame(compactOf(spec, dict), build(spec), probes);
        }),
        { seed: 7, numRuns: 500 },
      );
    },
  );

  it(
    'stays exact for batches sharing one dictionary, whatever form each saw first, as others are released',
    {
      timeout: 30_000,
    },
    () => {
      // Keys recur across batches in other forms (so a key's form is often not its companion),
      // and releasing a batch frees forms whose ids the next batches then reuse.
      fc.assert(
        fc.property(
          fc.array(batchArb, { minLength: 2, maxLength: 6 }),
          fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
          (specs, releaseOrder) => {
            const dict = new StringDictionary();
            const live: { compact: CompactBatch; spec: (typeof specs)[number] }[] = [];
            for (const [i, spec] of specs.entries()) {
              live.push({ compact: compactOf(spec, dict), spec });
              // Release one earlier batch now and then, so ids are recycled under later ones.
              if (i % 2 === 1) live.splice(releaseOrder[i]! % live.length, 1)[0]!.compact.release();
              for (const l of live) expectSame(l.compact, build(l.spec), []);
            }
            for (const l of live) l.compact.release();
            expect(dict.size).toBe(0);
          },
        ),
        { seed: 8, numRuns: 300 },
      );
    },
  );

  it('keeps counts of 255 and over exactly beside a byte column of the small ones', () => {
    const at = new BatchBuilder();
    const b = at.batch(7, 1_000);
    for (let k = 0; k < 64; k++) at.raw(b, `tag${k}`, `Tag${k}`, 1 + (k % 7), k);
    at.raw(b, 'big', 'Big', 255, 100);
    at.raw(b, 'bigger', 'bigger', 70_000, 101);
    at.raw(b, 'huge', 'HUGE', 5_000_000_000, 102);
    const compact = new CompactBatch(b, at.dict);
    expectSame(compact, b, ['tag63', 'tag64']);
    expect(countIn(compact, 'big')).toBe(255);
    expect(countIn(compact, 'huge')).toBe(5_000_000_000);
  });

  it('gives its strings back to the dictionary when released', () => {
    const at = new BatchBuilder();
    const dict = at.dict;
    const one = at.batch(1, 100);
    at.tweet(one, ['Ether', 'btc'], 0);
    const two = at.batch(2, 100);
    at.tweet(two, ['ether', 'sol'], 1);
    const c1 = new CompactBatch(one, dict);
    const c2 = new CompactBatch(two, dict);
    one.release();
    two.release();
    // ether, Ether, btc, sol: the key and form `btc` are one string, held once.
    expect(dict.size).toBe(4);
    c1.release();
    expect(dict.size).toBe(2);
    expect(dict.idOf('Ether')).toBe(-1);
    expect(countIn(c2, 'ether')).toBe(1);
    c2.release();
    expect(dict.size).toBe(0);
  });
});
