/**
 * Differential property tests: the real WindowedCounter against the from-scratch reference
 * model of DESIGN.md §4–5 (testing/reference-model.ts) on random event-timed streams.
 */
import type { BatchResult } from '@tagstream/protocol';
import type { Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compared,
  referenceResults,
  runCounter,
  tweet,
  type ReferenceOptions,
} from './testing/reference-model.ts';
import { ManualClock } from '@tagstream/time';
import { fromCheckpoint, toCheckpoint } from './counter-checkpoint.ts';
import { WindowedCounter } from './windowed-counter.ts';

/**
 * Tags with case variants, non-ASCII case mappings, NFC variants (precomposed vs decomposed),
 * and keys that UTF-16 order and code point order sort differently (astral vs U+FFxx).
 */
const TAGS = [
  'Ether',
  'ETHER',
  'ether',
  'eTHER',
  'btc',
  'BTC',
  'sol',
  'a',
  'A',
  'Straße',
  'STRAẞE', // U+1E9E capital sharp s: lower-cases to "straße"
  'strasse',
  'Caf\u00e9', // precomposed é
  'Cafe\u0301', // e + combining acute: NFC → "Café"
  'CAF\u00c9',
  '\u212b', // ANGSTROM SIGN: NFC → U+00C5 → "å"
  '\u00c5',
  'A\u030a',
  '\u1100\u1161', // conjoining jamo: NFC → 가
  '가',
  '😀', // U+1F600
  '🔥', // U+1F525
  '\uff5a', // fullwidth z, U+FF5A: above the surrogates in UTF-16, below them by code point
  '\uff3a', // fullwidth Z → lower-cases to U+FF5A
  '\uffe1', // U+FFE1 fullwidth pound
  'x😀',
  'x\uff5a',
  '𝒜', // U+1D49C
  'İstanbul', // lower-cases to "i̇stanbul"
  'ΟΔΟΣ',
];

const specArb = fc.record({
  cluster: fc.nat({ max: 3 }),
  offset: fc.nat({ max: 1_000_000 }),
  tags: fc.array(fc.nat({ max: TAGS.length - 1 }), { maxLength: 5 }),
  // Mostly in order; some a little out of order; a few very late.
  delay: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 15_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 120_000 }) },
  ),
  retweet: fc.boolean(),
  noId: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const streamArb = fc.record({
  base: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  span: fc.oneof(fc.integer({ min: 2_000, max: 60_000 }), fc.integer({ min: 60_000, max: 6 * 3_600_000 })),
  centers: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  width: fc.integer({ min: 0, max: 90_000 }),
  tweets: fc.oneof(
    fc.array(specArb, { minLength: 1, maxLength: 12 }),
    fc.array(specArb, { minLength: 12, maxLength: 300 }),
  ),
  /**
   * Re-deliveries: [position in the stream, which earlier tweet, time shift]. Mostly the same tweet
   * again; sometimes the same id with a later event time (a colliding id), still within the dedup horizon.
   */
  dups: fc.array(
    fc.tuple(
      fc.nat(),
      fc.nat(),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
      ),
    ),
    { maxLength: 20 },
  ),
});

type StreamSpec = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

function buildStream(s: StreamSpec): Tweet[] {
  const width = Math.min(s.width, s.span);
  const made = s.tweets.map((spec, i) => {
    const center = Math.floor(s.centers[spec.cluster]! * s.span);
    const time = s.base + Math.min(s.span, center + (spec.offset % (width + 1)));
    const t = tweet(
      spec.noId ? null : String(1000 + i),
      time,
      spec.tags.map((k) => TAGS[k]!),
      { retweet: spec.retweet },
    );
    return { t, arrival: time + spec.delay, i };
  });
  made.sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  const out = made.map((m) => m.t);
  for (const [at, pick, shift] of s.dups) {
    const pos = at % (out.length + 1);
    if (pos === 0) continue;
    const original = out[pick % pos]!;
    out.splice(pos, 0, { ...original, time: original.time! + shift, hashtags: [...original.hashtags!] });
  }
  return out;
}

const optionsArb = fc
  .record({
    batchMs: fc.constantFrom(1_000, 2_000, 5_000, 10_000),
    w: fc.integer({ min: 1, max: 6 }),
    s: fc.integer({ min: 1, max: 4 }),
    topK: fc.integer({ min: 1, max: 12 }),
    latenessMs: fc.oneof(fc.constantFrom(0, 1_000, 5_000, 10_000), fc.integer({ min: 0, max: 10_000 })),
    retweets: fc.oneof(
      { weight: 3, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
  })
  .map((o): ReferenceOptions => ({
    batchMs: o.batchMs,
    windowMs: o.batchMs * o.w,
    slideMs: o.batchMs * o.s,
    topK: o.topK,
    latenessMs: o.latenessMs,
    retweets: o.retweets,
  }));

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
