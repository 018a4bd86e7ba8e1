/**
 * Related tags (DESIGN.md §5): the counter keeps each window's key pairs incrementally (a batch
 * entering is added, one leaving subtracted); these property tests hold it to the reference
 * model, which recomputes every window's pairs from its list of counted tweets.
 */
import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCheckpoint, toCheckpoint } from './counter-checkpoint.ts';
import { buildStream, optionsArb, streamArb } from './testing/random-streams.ts';
import { compared, iso, referenceResults, runCounter, tweet } from './testing/reference-model.ts';
import { WindowedCounter } from './windowed-counter.ts';

const SEED = 20261123;
const relatedArb = fc.integer({ min: 1, max: 6 });

/** Deep equality with a cheap fast path: `toEqual` on thousands of results dominates the run time. */
function sameAs<T>(actual: T, expected: T): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

describe('related tags against the reference model', () => {
  it('lists, for every top entry of every window, the same related tags as a recomputation', () => {
    let sawRelated = 0;
    let sawCut = 0;
    fc.assert(
      fc.property(streamArb, optionsArb, relatedArb, (spec, options, related) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, { ...options, related });
        const run = runCounter(tweets, { ...options, related });
        sameAs(run.results.map(compared), ref.results);
        expect(run.emittedAt).toEqual(ref.emittedAt);
        for (const r of run.results) expect(r.stats.relatedOverflow).toBe(0);
        const lists = ref.results.flatMap((r) => r.top.map((e) => e.related!));
        if (lists.some((l) => l.length > 1)) sawRelated++;
        if (lists.some((l) => l.length === related)) sawCut++;
      }),
      { seed: SEED, numRuns: 1_000 },
    );
    // The generator makes windows where tags travel together, and lists the cap cuts short.
    expect(sawRelated).toBeGreaterThan(300);
    expect(sawCut).toBeGreaterThan(300);
  }, 60_000);

  it('keeps them exact through compaction (long retention) and a JSON checkpoint taken anywhere', () => {
    fc.assert(
      fc.property(streamArb, optionsArb, relatedArb, fc.nat(), (spec, options, related, cutSeed) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, { ...options, related });
        const opts = { ...options, related, retentionMs: 8 * 3_600_000 };
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
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  }, 60_000);

  it('never overstates a pair when a batch reaches its cap on pairs, and says how many it dropped', () => {
    let sawOverflow = 0;
    fc.assert(
      fc.property(streamArb, optionsArb, fc.integer({ min: 1, max: 8 }), (spec, options, maxPairs) => {
        const tweets = buildStream(spec);
        const ref = referenceResults(tweets, { ...options, related: 50 });
        const run = runCounter(tweets, { ...options, related: 50, maxPairsPerBatch: maxPairs });
        expect(run.results.length).toBe(ref.results.length);
        run.results.forEach((r, i) => {
          const exact = new Map(ref.results[i]!.top.map((e) => [e.tag, e.related!]));
          for (const e of r.top) {
            const truth = new Map(exact.get(e.tag)!.map((x) => [x.tag, x.count]));
            for (const x of e.related!) {
              expect(x.count).toBeLessThanOrEqual(truth.get(x.tag)!);
            }
          }
          if (r.stats.relatedOverflow! > 0) sawOverflow++;
          // With nothing dropped, the capped counter is exact.
          if (r.stats.relatedOverflow === 0)
            expect(r.top.map((e) => e.related)).toEqual(ref.results[i]!.top.map((e) => e.related));
        });
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
    expect(sawOverflow).toBeGreaterThan(100);
  }, 60_000);
});

describe('related tags, turned on and off', () => {
  const B = 1_000;
  const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
  /** Four tweets a second for 20 s: `a` with `b` always, with `c` every other tweet. */
  const stream = Array.from({ length: 80 }, (_, i) =>
    tweet(String(1000 + i), T0 + i * 250, i % 2 === 0 ? ['a', 'b', 'c'] : ['A', 'B']),
  );

  it('lists no related field and no related stat when off, the default', () => {
    const run = runCounter(stream, { batchMs: B, windowMs: 2 * B, slideMs: B, latenessMs: 0 });
    expect(run.results.length).toBeGreaterThan(10);
    for (const r of run.results) {
      expect(r.stats).not.toHaveProperty('relatedOverflow');
      for (const e of r.top) expect(e).not.toHaveProperty('related');
    }
  });

  it('lists them with each top entry, counted per tweet', () => {
    const run = runCounter(stream, { batchMs: B, windowMs: 2 * B, slideMs: B, latenessMs: 0, related: 5 });
    const r = run.results.find((x) => x.window.start === iso(T0 + 4 * B))!;
    // 8 tweets in the window: 4 of a b c, 4 of A B.
    expect(r.top.map((e) => [e.tag, e.count, e.related])).toEqual([
      [
        'a',
        8,
        [
          { tag: 'b', count: 8 },
          { tag: 'c', count: 4 },
        ],
      ],
      [
        'b',
        8,
        [
          { tag: 'a', count: 8 },
          { tag: 'c', count: 4 },
        ],
      ],
      [
        'c',
        4,
        [
          { tag: 'a', count: 4 },
          { tag: 'b', count: 4 },
        ],
      ],
    ]);
  });

  it('omits them, rather than showing part of them, until a window holds only batches that counted pairs', () => {
    const ref = referenceResults(stream, {
      batchMs: B,
      windowMs: 3 * B,
      slideMs: B,
      latenessMs: 0,
      topK: 10,
      related: 2,
    });
    const results: BatchResult[] = [];
    const counter = new WindowedCounter({
      counting: { batchMs: B, windowMs: 3 * B, slideMs: B, latenessMs: 0 },
      clock: new ManualClock(0),
      sink: (r) => void results.push(r),
    });
    stream.forEach((t, i) => {
      // On at 5.0 s of tweet time (the batch of 5 s is open): from the window [6 s, 9 s) on, exact.
      if (i === 20) counter.reconfigure({ related: 2 });
      // Widened at 12.5 s: windows reaching back to batches that let their pairs go have none.
      if (i === 50) counter.reconfigure({ windowMs: 5 * B });
      counter.add(t);
    });
    const withRelated = results.filter((r) => r.top.some((e) => e.related !== undefined));
    // All or nothing within a result.
    for (const r of withRelated) for (const e of r.top) expect(e.related).toBeDefined();
    const span = (r: BatchResult): number[] =>
      [r.window.start, r.window.end].map((t) => (Date.parse(t) - T0) / B);
    // On before batch 5 began: exact from the window [5, 8). Widened to 5 batches once [9, 12) was
    // out, after batches 7 and 8 had let their pairs go: none for [7, 12) and [8, 13), exact again
    // from [9, 14).
    expect(withRelated.map(span)).toEqual([
      [5, 8],
      [6, 9],
      [7, 10],
      [8, 11],
      [9, 12],
      [9, 14],
      [10, 15],
      [11, 16],
      [12, 17],
      [13, 18],
      [14, 19],
    ]);
    for (const r of withRelated.slice(0, 5)) {
      const expected = ref.results.find((x) => x.window.start === r.window.start)!;
      expect(compared(r).top).toEqual(expected.top);
    }
  });

  it('lets go of pairs once a batch has left the window, whatever the retention', () => {
    const counter = new WindowedCounter({
      counting: {
        batchMs: B,
        windowMs: 2 * B,
        slideMs: B,
        latenessMs: 0,
        related: 3,
        retentionMs: 3_600_000,
      },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    for (const t of stream) counter.add(t);
    const batches = [...counter.state().batches];
    expect(batches.length).toBe(20);
    // The window [17 s, 19 s), and the open batch of 19 s.
    expect(batches.filter((b) => b.detail?.pairs !== undefined).map((b) => b.index * B - T0)).toEqual([
      17_000, 18_000, 19_000,
    ]);
  });

  it('turned off, lets every pair go and lists none', () => {
    const results: BatchResult[] = [];
    const counter = new WindowedCounter({
      counting: { batchMs: B, windowMs: 2 * B, slideMs: B, latenessMs: 0, related: 3 },
      clock: new ManualClock(0),
      sink: (r) => void results.push(r),
    });
    stream.forEach((t, i) => {
      if (i === 40) counter.reconfigure({ related: 0 });
      counter.add(t);
    });
    expect([...counter.state().batches].every((b) => b.detail?.pairs === undefined)).toBe(true);
    const last = results.at(-1)!;
    expect(last.top[0]).not.toHaveProperty('related');
    expect(results[0]!.top[0]!.related).toBeDefined();
  });
});
