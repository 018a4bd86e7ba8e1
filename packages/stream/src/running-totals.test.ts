/** Running totals: exact up to maxTotalKeys, then Space-Saving with its error guarantees. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchCounts } from './batch-counts.ts';
import { RunningTotals } from './running-totals.ts';
import { BatchBuilder } from './testing/batch-builder.ts';
import { referenceResults, runCounter, tweet } from './testing/reference-model.ts';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

/** Batches and totals sharing one dictionary, as in the counter. */
const at = new BatchBuilder();

function batchOf(index: number, tweets: string[][], seq0 = 0): BatchCounts {
  const b = at.batch(index);
  tweets.forEach((tags, i) => at.tweet(b, tags, seq0 + i));
  return b;
}

describe('RunningTotals', () => {
  it('is exact below the key cap, with display forms over all batches', () => {
    const totals = new RunningTotals(10, at.dict);
    totals.addBatch(batchOf(0, [['Ether'], ['ETHER', 'btc'], []]));
    totals.addBatch(batchOf(1, [['ETHER'], ['ether'], ['btc']], 3));
    expect(totals.tweets).toBe(6);
    expect(totals.top(10)).toEqual([
      { key: 'ether', count: 4, display: '#ETHER' },
      { key: 'btc', count: 2, display: '#btc' },
    ]);
    expect(totals.maxError).toBe(0);
    expect(totals.size).toBe(2);
  });

  it('evicts the smallest entry, lowest-ranked on ties, and reports its count as the error', () => {
    const totals = new RunningTotals(2, at.dict);
    totals.addBatch(batchOf(0, [['a'], ['a'], ['b'], ['c']]));
    // a:2 b:1 fill the table; c (1) replaces b, the smallest: c = 1 + 1, error 1.
    expect(totals.size).toBe(2);
    expect(totals.top(5)).toEqual([
      { key: 'a', count: 2, display: '#a' },
      { key: 'c', count: 2, display: '#c' },
    ]);
    expect(totals.maxError).toBe(1);
  });

  it('gives an evicted key’s spellings up and keeps the newcomer’s own, slot after slot', () => {
    const own = new BatchBuilder();
    const totals = new RunningTotals(2, own.dict);
    const fold = (index: number, tweets: string[][], seq0: number): void => {
      const b = own.batch(index);
      tweets.forEach((tags, i) => own.tweet(b, tags, seq0 + i));
      totals.addBatch(b);
      b.release();
    };
    fold(0, [['Ether'], ['ETHER'], ['ether'], ['Sol'], ['SOL']], 0);
    // sol (2) is the smallest: dot takes its slot with its own three spellings, error 2.
    fold(1, [['Dot'], ['DOT'], ['dot'], ['DOT'], ['DOT']], 5);
    // ether (3) is now the smallest: bnb takes its slot.
    fold(2, [['Bnb'], ['BNB'], ['BNB'], ['BNB'], ['BNB'], ['BNB']], 10);
    expect(totals.top(5)).toEqual([
      { key: 'bnb', count: 9, display: '#BNB' },
      { key: 'dot', count: 7, display: '#DOT' },
    ]);
    const forms = new Map([...totals.dump()].map((e) => [e.key, e.forms]));
    expect(forms.get('dot')).toEqual({
      count: 5,
      form: 'Dot',
      formSeq: 5,
      others: new Map([
        ['DOT', { count: 3, seq: 6 }],
        ['dot', { count: 1, seq: 7 }],
      ]),
    });
    expect(forms.get('bnb')?.others).toEqual(new Map([['BNB', { count: 5, seq: 11 }]]));
    // The evicted keys' strings, spellings included, are given back to the dictionary.
    for (const gone of ['ether', 'Ether', 'ETHER', 'sol', 'Sol', 'SOL']) expect(own.dict.idOf(gone)).toBe(-1);
    for (const kept of ['bnb', 'Bnb', 'BNB', 'dot', 'Dot', 'DOT'])
      expect(own.dict.idOf(kept)).toBeGreaterThanOrEqual(0);
  });
});

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'Ä', '😀', '\uff5a', 'long_tag_name'];

describe('Space-Saving totals through the counter', () => {
  it('never undercounts, overcounts by at most maxError, and keeps every key above N / maxTotalKeys', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.record({
            at: fc.nat({ max: 120_000 }),
            // Skewed: low indices are frequent, so heavy hitters exist.
            tags: fc.array(
              fc.integer({ min: 0, max: 1_000 }).map((x) => Math.floor(((x * x) / 1_000_000) * KEYS.length)),
              { maxLength: 4 },
            ),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (maxTotalKeys, specs) => {
          const stream = specs
            .map((s, i) =>
              tweet(
                String(i + 1),
                T0 + s.at,
                s.tags.map((k) => KEYS[Math.min(k, KEYS.length - 1)]!),
              ),
            )
            .sort((x, y) => x.time! - y.time!);
          const opts = { batchMs: 5_000, windowMs: 10_000, slideMs: 5_000, latenessMs: 0, topK: 12 };
          const { results } = runCounter(stream, { ...opts, maxTotalKeys });
          const exact = referenceResults(stream, { ...opts, topK: 1_000 }).results;
          expect(results).toHaveLength(exact.length);
          // Plain checks collected into one assertion: thousands of `expect` calls would dominate the run time.
          const broken: string[] = [];
          const check = (ok: boolean, what: string): void => {
            if (!ok) broken.push(what);
          };
          results.forEach((r, i) => {
            const truth = new Map(exact[i]!.totals.top.map((e) => [e.tag, e.count]));
            const n = [...truth.values()].reduce((x, y) => x + y, 0);
            const maxError = r.totals.maxError ?? 0;
            check(r.totals.tweets === exact[i]!.totals.tweets, `#${i} totals.tweets`);
            check(r.totals.top.length === Math.min(12, maxTotalKeys, truth.size), `#${i} length`);
            for (const e of r.totals.top) {
              const t = truth.get(e.tag) ?? 0;
              check(
                t <= e.count && e.count <= t + maxError,
                `#${i} ${e.tag}: ${e.count} vs true ${t} ± ${maxError}`,
              );
            }
            const reported = new Set(r.totals.top.map((e) => e.tag));
            for (const [key, t] of truth) {
              check(
                !(t > n / maxTotalKeys) || reported.has(key),
                `#${i} heavy ${key} (${t} of ${n}) missing`,
              );
            }
            if (truth.size <= maxTotalKeys) {
              check(maxError === 0, `#${i} exact but maxError ${maxError}`);
              check(
                JSON.stringify(r.totals.top.map((e) => [e.tag, e.count])) ===
                  JSON.stringify(exact[i]!.totals.top.slice(0, 12).map((e) => [e.tag, e.count])),
                `#${i} exact totals differ`,
              );
            }
            for (let j = 1; j < r.totals.top.length; j++) {
              check(r.totals.top[j - 1]!.count >= r.totals.top[j]!.count, `#${i} order at ${j}`);
            }
          });
          expect(broken).toEqual([]);
        },
      ),
      { seed: 424242, numRuns: 250 },
    );
  }, 60_000);
});
