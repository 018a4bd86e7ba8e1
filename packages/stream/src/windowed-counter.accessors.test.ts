/**
 * The per-batch read accessors of WindowedCounter (firstBatchIndex, oldestRetainedBatchIndex,
 * keyCount, keyCounts, latestForm) against a plain model: per-batch counts recomputed from the
 * tweets the reference model says were counted, each distinct key once per tweet, first form
 * in the batch wins, new keys past maxKeysPerBatch dropped.
 */
import type { Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import type { CounterOptions } from './options.ts';
import { referenceKey, referenceResults, tweet } from './testing/reference-model.ts';
import { fromCheckpoint, toCheckpoint } from './counter-checkpoint.ts';
import { WindowedCounter } from './windowed-counter.ts';

const TAGS = [
  'Ether',
  'ETHER',
  'ether',
  'btc',
  'BTC',
  'sol',
  'Straße',
  'STRAẞE',
  'Caf\u00e9',
  'Cafe\u0301',
  '😀',
];
const KEYS = [...new Set(TAGS.map(referenceKey)), 'never-seen'];
const B = 1_000;

/** Per batch index: key → [count, first form]. */
type Model = Map<number, Map<string, { count: number; form: string }>>;

function modelOf(tweets: readonly Tweet[], counted: readonly boolean[], maxKeys: number): Model {
  const model: Model = new Map();
  tweets.forEach((t, i) => {
    if (!counted[i]) return;
    const k = Math.floor(t.time! / B);
    let batch = model.get(k);
    if (batch === undefined) model.set(k, (batch = new Map()));
    const seen = new Set<string>();
    for (const tag of t.hashtags!) {
      const key = referenceKey(tag);
      if (seen.has(key)) continue;
      seen.add(key);
      const e = batch.get(key);
      if (e !== undefined) e.count++;
      else if (batch.size < maxKeys) batch.set(key, { count: 1, form: tag });
    }
  });
  return model;
}

/** The model restricted to the batches the counter still retains, in [from, to). */
function modelBatches(
  model: Model,
  oldest: number | null,
  from: number,
  to: number,
): [number, Map<string, { count: number; form: string }>][] {
  if (oldest === null) return [];
  return [...model].filter(([k]) => k >= Math.max(from, oldest) && k < to).sort((a, b) => b[0] - a[0]);
}

function expectAccessorsMatch(c: WindowedCounter, model: Model, ranges: [number, number][]): void {
  const oldest = c.oldestRetainedBatchIndex;
  for (const [from, to] of ranges) {
    const batches = modelBatches(model, oldest, from, to);
    const want = new Map<string, { count: number; form: string }>();
    // Newest first: the first batch met gives the form.
    for (const [, keys] of batches) {
      for (const [key, e] of keys) {
        const w = want.get(key);
        if (w === undefined) want.set(key, { count: e.count, form: e.form });
        else w.count += e.count;
      }
    }
    expect(c.keyCounts(from, to)).toEqual(want);
    for (const key of KEYS) expect(c.keyCount(key, from, to)).toBe(want.get(key)?.count ?? 0);
  }
  for (const key of KEYS) {
    const newest = modelBatches(model, oldest, -Infinity, Infinity).find(([, keys]) => keys.has(key));
    expect(c.latestForm(key)).toBe(newest === undefined ? null : newest[1].get(key)!.form);
  }
}

const streamArb = fc.array(
  fc.record({
    // Seconds from the start; arrival order is the array order, so some tweets are late.
    at: fc.integer({ min: 0, max: 40 }),
    tags: fc.array(fc.nat({ max: TAGS.length - 1 }), { maxLength: 4 }),
    id: fc.integer({ min: 0, max: 60 }),
  }),
  { maxLength: 80 },
);

const optionsArb = fc.record({
  windowMs: fc.constantFrom(1_000, 2_000, 3_000),
  latenessMs: fc.constantFrom(0, 1_000, 3_000),
  retentionMs: fc.constantFrom(3_000, 10_000, 3_600_000),
  maxKeysPerBatch: fc.constantFrom(2, 200_000),
});

const rangeArb = fc.array(fc.tuple(fc.integer({ min: -5, max: 45 }), fc.integer({ min: 0, max: 20 })), {
  minLength: 1,
  maxLength: 4,
});

describe('WindowedCounter per-batch accessors', () => {
  it('match per-batch counts recomputed from the counted tweets, during the stream and after its end', () => {
    let sawCompacted = 0;
    fc.assert(
      fc.property(streamArb, optionsArb, rangeArb, fc.nat(), (specs, o, rangeSpecs, checkAtSeed) => {
        const base = 1_800_000_000_000;
        const tweets = specs.map((s, i) =>
          tweet(
            String(s.id === 0 ? 1000 + i : s.id),
            base + s.at * 500,
            s.tags.map((t) => TAGS[t]!),
          ),
        );
        const options: Partial<CounterOptions> = { batchMs: B, slideMs: B, topK: 3, ...o };
        const ref = referenceResults(tweets, {
          batchMs: B,
          slideMs: B,
          topK: 3,
          windowMs: o.windowMs,
          latenessMs: o.latenessMs,
        });
        const baseK = Math.floor(base / B);
        const ranges = rangeSpecs.map(([f, n]): [number, number] => [baseK + f, baseK + f + n]);
        const c = new WindowedCounter({
          counting: options,
          clock: new ManualClock(0),
          sink: () => undefined,
        });
        const checkAt = tweets.length === 0 ? 0 : checkAtSeed % tweets.length;
        tweets.forEach((t, i) => {
          c.add(t);
          if (i === checkAt) {
            const counted = ref.fates.map((f, j) => j <= i && f === 'counted');
            expectAccessorsMatch(c, modelOf(tweets, counted, o.maxKeysPerBatch), ranges);
          }
        });
        c.end();
        const counted = ref.fates.map((f) => f === 'counted');
        const model = modelOf(tweets, counted, o.maxKeysPerBatch);
        const firstCounted = tweets.filter((_, i) => counted[i]).map((t) => Math.floor(t.time! / B));
        expect(c.firstBatchIndex).toBe(firstCounted.length > 0 ? Math.min(...firstCounted) : null);
        if (o.retentionMs === 3_600_000 && c.firstBatchIndex !== null) {
          expect(c.oldestRetainedBatchIndex).not.toBeNull();
          expect(c.oldestRetainedBatchIndex!).toBeLessThanOrEqual(c.firstBatchIndex);
        }
        expectAccessorsMatch(c, model, ranges);
        // The same answers from a counter restored from its checkpoint.
        const saved: unknown = JSON.parse(JSON.stringify(toCheckpoint(c)));
        const restored = fromCheckpoint(saved, { clock: new ManualClock(0), sink: () => undefined });
        expect(restored.firstBatchIndex).toBe(c.firstBatchIndex);
        expect(restored.oldestRetainedBatchIndex).toBe(c.oldestRetainedBatchIndex);
        expectAccessorsMatch(restored, model, ranges);
        if (model.size > 2) sawCompacted++;
      }),
      { seed: 20261122, numRuns: 400 },
    );
    expect(sawCompacted).toBeGreaterThan(100);
  }, 60_000);

  it('reports null before anything is counted, and ignores filtered, late and duplicate tweets', () => {
    const c = new WindowedCounter({
      counting: { batchMs: B, windowMs: B, slideMs: B, latenessMs: 0, retweets: false },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    expect(c.firstBatchIndex).toBeNull();
    expect(c.oldestRetainedBatchIndex).toBeNull();
    expect(c.keyCounts(-Infinity, Infinity)).toEqual(new Map());
    expect(c.latestForm('a')).toBeNull();
    c.add(tweet('1', 5_000, ['A'], { retweet: true })); // filtered
    expect(c.firstBatchIndex).toBeNull();
    c.watermarkAt(10_000);
    c.add(tweet('2', 12_000, ['a']));
    c.add(tweet('2', 12_500, ['a'])); // duplicate
    c.add(tweet('3', 3_000, ['a'])); // late
    expect(c.firstBatchIndex).toBe(12);
    expect(c.keyCount('a', 0, 100)).toBe(1);
  });

  it('takes the first batch holding tweets as firstBatchIndex from a checkpoint written before it existed', () => {
    const c = new WindowedCounter({
      counting: { batchMs: B, windowMs: B, slideMs: B, latenessMs: 0 },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    c.watermarkAt(20_000);
    c.malformed(); // a batch holding no tweet, before the first that does
    c.add(tweet('1', 23_000, ['x']));
    c.add(tweet('2', 25_000, ['y']));
    const saved = JSON.parse(JSON.stringify(toCheckpoint(c))) as Record<string, unknown>;
    expect(saved.firstBatchIndex).toBe(23);
    delete saved.firstBatchIndex;
    const restored = fromCheckpoint(saved, { clock: new ManualClock(0), sink: () => undefined });
    expect(restored.oldestRetainedBatchIndex).toBe(20);
    expect(restored.firstBatchIndex).toBe(23);
  });

  it('keeps batches for the retention set by reconfigure, and forgets them when it is lowered', () => {
    const c = new WindowedCounter({
      counting: { batchMs: B, windowMs: B, slideMs: B, latenessMs: 0, retentionMs: 2_000 },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    c.reconfigure({ retentionMs: 60_000 });
    expect(c.options.retentionMs).toBe(60_000);
    for (let s = 0; s < 30; s++) c.add(tweet(String(s + 1), s * B, ['t']));
    expect(c.oldestRetainedBatchIndex).toBe(0);
    expect(c.keyCount('t', 0, 30)).toBe(30);
    c.reconfigure({ retentionMs: 0 }); // never below the window
    expect(c.options.retentionMs).toBe(1_000);
    c.add(tweet('99', 30 * B, ['t']));
    expect(c.oldestRetainedBatchIndex).toBe(29);
    expect(c.keyCount('t', 0, 31)).toBe(2);
  });
});
