import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchCounts, type KeyTally } from './batch-counts.ts';
import { batchToJson } from './checkpoint.ts';
import { CompactBatch } from './compact-batch.ts';
import { countIn, forEachKeyIn, primaryFormIn, tallyIn } from './retained-batch.ts';
import { StringDictionary } from './string-dictionary.ts';
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

function build(spec: typeof batchArb extends fc.Arbitrary<infer T> ? T : never): BatchCounts {
  const b = new BatchCounts(7, spec.maxKeys);
  spec.tweets.forEach((t, i) => b.addTweet(t, i));
  for (const r of spec.raw) b.addKey(r.key, r.form, r.count, r.seq);
  b.stats.late = 2;
  return b;
}

const sortedJson = (b: BatchCounts | CompactBatch): unknown => {
  const j = batchToJson(b);
  return { ...j, keys: j.keys.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)) };
};

/** A batch still counting tallies a key with its id in the batch; a compacted one has no such id. */
function withoutId(t: KeyTally | undefined): KeyTally | undefined {
  if (t === undefined) return t;
  const { id: _id, ...rest } = t as KeyTally & { id?: number };
  return rest;
}

/** Every lookup, iteration, checkpoint and window of `compact` against the map `map` it was made from. */
function expectSame(compact: CompactBatch, map: BatchCounts, probes: string[]): void {
  expect(compact.size).toBe(map.keys.size);
  expect(compact.index).toBe(7);
  expect(compact.stats).toEqual(map.stats);
  for (const key of [...map.keys.keys(), ...probes, 'absent']) {
    expect(tallyIn(compact, key)).toEqual(withoutId(tallyIn(map, key)));
    expect(countIn(compact, key)).toBe(countIn(map, key));
    expect(primaryFormIn(compact, key)).toBe(primaryFormIn(map, key));
  }
  const seen = new Map<string, [number, string]>();
  forEachKeyIn(compact, (k, c, f) => seen.set(k, [c, f]));
  expect(seen).toEqual(new Map([...map.keys].map(([k, t]) => [k, [t.count, t.form]])));
  // The checkpoint holds the same tallies (in another order).
  expect(sortedJson(compact)).toEqual(sortedJson(map));
  // Windows see the same counts, added and taken away.
  const a = new WindowCounts();
  const b = new WindowCounts();
  a.add(map);
  b.add(compact);
  expect(b.counts).toEqual(a.counts);
  expect(b.stats).toEqual(a.stats);
  b.subtract(compact);
  expect(b.counts.size).toBe(0);
}

describe('CompactBatch', () => {
  it('answers every lookup and iteration exactly as the map it was made from', () => {
    fc.assert(
      fc.property(batchArb, fc.array(fc.string({ maxLength: 3 }), { maxLength: 5 }), (spec, probes) => {
        const dict = new StringDictionary();
        expectSame(new CompactBatch(build(spec), dict), build(spec), probes);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('stays exact for batches sharing one dictionary, whatever form each saw first, as others are released', () => {
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
            live.push({ compact: new CompactBatch(build(spec), dict), spec });
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
  });

  it('keeps counts of 255 and over exactly beside a byte column of the small ones', () => {
    const b = new BatchCounts(7, 1_000);
    for (let k = 0; k < 64; k++) b.addKey(`tag${k}`, `Tag${k}`, 1 + (k % 7), k);
    b.addKey('big', 'Big', 255, 100);
    b.addKey('bigger', 'bigger', 70_000, 101);
    b.addKey('huge', 'HUGE', 5_000_000_000, 102);
    const rebuilt = new BatchCounts(7, 1_000);
    for (const [key, t] of b.keys) rebuilt.addKey(key, t.form, t.count, t.formSeq);
    const compact = new CompactBatch(b, new StringDictionary());
    expectSame(compact, rebuilt, ['tag63', 'tag64']);
    expect(countIn(compact, 'big')).toBe(255);
    expect(countIn(compact, 'huge')).toBe(5_000_000_000);
  });

  it('gives its strings back to the dictionary when released', () => {
    const dict = new StringDictionary();
    const one = new BatchCounts(1, 100);
    one.addTweet(['Ether', 'btc'], 0);
    const two = new BatchCounts(2, 100);
    two.addTweet(['ether', 'sol'], 1);
    const c1 = new CompactBatch(one, dict);
    const c2 = new CompactBatch(two, dict);
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
