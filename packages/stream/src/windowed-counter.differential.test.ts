/**
 * Differential property tests: the real WindowedCounter against the from-scratch reference
 * model of DESIGN.md §4–5 (testing/reference-model.ts) on random event-timed streams.
 */
import type { BatchResult } from '@tagstream/protocol';
import type { Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStream, optionsArb, streamArb } from './testing/random-streams.ts';
import { compared, referenceResults, runCounter } from './testing/reference-model.ts';
import { ManualClock } from '@tagstream/time';
import { fromCheckpoint, toCheckpoint } from './counter-checkpoint.ts';
import { WindowedCounter } from './windowed-counter.ts';

const SEED = 20261122;

/** Deep equality with a cheap fast path: `toEqual` on thousands of results dominates the run time. */
function sameAs<T>(actual: T, expected: T): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

describe('WindowedCounter against the reference model', () => {
  it('gives the same results, at the same moments, as the reference (derived watermark)', () => {
    let sawLate = 0;
    let sawDup = 0;
    let sawEmpty = 0;
    fc.assert(
      // A table of surface forms that forgets them all often must not change a count.
      fc.property(streamArb, optionsArb, fc.constantFrom(1, 3, 100_000), (spec, options, maxTagForms) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, options);
        const run = runCounter(tweets, { ...options, maxTagForms });
        sameAs(run.results.map(compared), ref.results);
        expect(run.emittedAt).toEqual(ref.emittedAt);
        // Dropped tweets: a re-delivery whose id has passed the dedup horizon is late rather than a
        // duplicate (its batch is closed by then), so only the sum is exact.
        expect(run.counter.lifetime.late + run.counter.lifetime.duplicates).toBe(ref.late + ref.duplicates);
        expect(run.counter.lifetime.duplicates).toBeLessThanOrEqual(ref.duplicates);
        expect(run.counter.lifetime.tweets).toBe(ref.fates.filter((f) => f === 'counted').length);
        expect(run.counter.lifetime.filtered).toBe(ref.fates.filter((f) => f === 'filtered').length);
        // Late and duplicate tweets are counted in the window open when they arrived (loosely: no
        // window shows more of them than the whole input had).
        const { late, duplicates } = run.counter.lifetime;
        const loose = run.results.every(
          (r) =>
            r.stats.late >= 0 &&
            r.stats.late <= late &&
            r.stats.duplicates >= 0 &&
            r.stats.duplicates <= duplicates,
        );
        expect(loose).toBe(true);
        if (ref.late > 0) sawLate++;
        if (ref.duplicates > 0) sawDup++;
        if (ref.results.some((r) => r.stats.tweets === 0)) sawEmpty++;
      }),
      { seed: SEED, numRuns: 1_500 },
    );
    // The generator really exercises the interesting cases.
    expect(sawLate).toBeGreaterThan(200);
    expect(sawDup).toBeGreaterThan(200);
    expect(sawEmpty).toBeGreaterThan(1_000);
  }, 60_000);

  it('gives the same results with explicit watermark lines as with the derived watermark', () => {
    fc.assert(
      fc.property(streamArb, optionsArb, (spec, options) => {
        const tweets = buildStream(spec);
        const derived = runCounter(tweets, options);
        const explicit = runCounter(tweets, options, { explicitWatermarks: true });
        sameAs(explicit.results.map(compared), derived.results.map(compared));
        expect(explicit.emittedAt).toEqual(derived.emittedAt);
        expect(explicit.counter.lifetime).toEqual(derived.counter.lifetime);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  }, 60_000);

  it('agrees with the reference when a filter predicate drops tweets', () => {
    const filter = (t: Tweet): boolean => !(t.hashtags ?? []).some((h) => h === 'sol' || h === '🔥');
    fc.assert(
      fc.property(streamArb, optionsArb, (spec, options) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, { ...options, filter });
        const run = runCounter(tweets, options, { filter });
        sameAs(run.results.map(compared), ref.results);
        expect(run.emittedAt).toEqual(ref.emittedAt);
        expect(run.counter.lifetime.filtered).toBe(ref.fates.filter((f) => f === 'filtered').length);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  }, 60_000);

  it('agrees with the reference when retention keeps every batch (all closed ones compacted), across checkpoints', () => {
    let sawMany = 0;
    fc.assert(
      fc.property(streamArb, optionsArb, fc.nat(), (spec, options, cutSeed) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, options);
        // Longer than any generated stream: nothing is ever forgotten, every closed batch is compacted.
        const opts = { ...options, retentionMs: 8 * 3_600_000 };
        const results: BatchResult[] = [];
        const sink = (res: BatchResult): void => void results.push(res);
        let counter = new WindowedCounter({ counting: opts, clock: new ManualClock(0), sink });
        const cut = cutSeed % (tweets.length + 1);
        tweets.forEach((t, i) => {
          if (i === cut) {
            const saved: unknown = JSON.parse(JSON.stringify(toCheckpoint(counter)));
            counter = fromCheckpoint(saved, { clock: new ManualClock(0), sink });
          }
          counter.add(t);
        });
        counter.end();
        sameAs(results.map(compared), ref.results);
        const batches = (counter as unknown as { batches: Map<number, unknown> }).batches.size;
        if (batches > 8) sawMany++;
      }),
      { seed: SEED + 4, numRuns: 400 },
    );
    expect(sawMany).toBeGreaterThan(50);
  }, 60_000);

  it('resumes from a JSON checkpoint taken anywhere with exactly the same results (DESIGN.md §8)', () => {
    fc.assert(
      fc.property(
        streamArb,
        optionsArb,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.constantFrom(1_000_000, 3),
        (spec, options, cutSeeds, maxTotalKeys) => {
          const tweets = buildStream(spec);
          const opts = { ...options, maxTotalKeys };
          const straight = runCounter(tweets, opts);
          const cuts = new Set(cutSeeds.map((c) => c % (tweets.length + 1)));
          const results: BatchResult[] = [];
          const sink = (res: BatchResult): void => void results.push(res);
          let counter = new WindowedCounter({ counting: opts, clock: new ManualClock(0), sink });
          const restart = (): void => {
            const saved: unknown = JSON.parse(JSON.stringify(toCheckpoint(counter)));
            counter = fromCheckpoint(saved, { clock: new ManualClock(0), sink });
          };
          tweets.forEach((t, i) => {
            if (cuts.has(i)) restart();
            counter.add(t);
          });
          if (cuts.has(tweets.length)) restart();
          counter.end();
          sameAs(results, straight.results);
          expect(counter.lifetime).toEqual(straight.counter.lifetime);
        },
      ),
      { seed: SEED + 3, numRuns: 300 },
    );
  }, 60_000);
});
