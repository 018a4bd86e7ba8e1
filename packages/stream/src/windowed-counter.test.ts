/** Targeted tests of the windowed core, one behaviour of DESIGN.md §4–5 each. */
import type { BatchResult } from '@tagstream/protocol';
import type { Tweet } from '@tagstream/tweets';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import type { CounterOptions } from './options.ts';
import { compared, iso, referenceResults, runCounter, tweet } from './testing/reference-model.ts';
import { WindowedCounter } from './windowed-counter.ts';

/** 2026-11-22T10:00:00.000Z: a whole minute, so every batch, window and slide boundary lines up with it. */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const SEC = 1_000;
const DAY = 86_400 * SEC;
const YEAR = 365 * DAY;

/** A counter whose results are collected in `results`. */
function counterFor(
  options: Partial<CounterOptions>,
  clock = new ManualClock(0),
  filter: ((t: Tweet) => boolean) | null = null,
): { counter: WindowedCounter; results: BatchResult[] } {
  const results: BatchResult[] = [];
  const counter = new WindowedCounter({
    counting: options,
    clock,
    sink: (r) => results.push(r),
    filter: filter ?? undefined,
  });
  return { counter, results };
}

const windowEnds = (results: readonly BatchResult[]): number[] =>
  results.map((r) => Date.parse(r.window.end));
const tags = (r: BatchResult | undefined): [string, number][] => (r?.top ?? []).map((e) => [e.tag, e.count]);
const zeroStats = { late: 0, duplicates: 0, malformed: 0, overflow: 0, processingMs: 0 };

describe('PySpark defaults (B = 10 s, W = 20 s, S = 10 s, lateness 5 s)', () => {
  it('emits exactly these results for a hand-built stream', () => {
    const { counter, results } = counterFor({});
    const stream = [
      tweet('1', T0 + 1 * SEC, ['Ether', 'btc']),
      tweet('2', T0 + 3 * SEC, ['ETHER']),
      tweet('3', T0 + 12 * SEC, ['ether', 'sol']),
      tweet('4', T0 + 14 * SEC, []),
      tweet('5', T0 + 25 * SEC, ['btc']),
    ];
    for (const t of stream.slice(0, 4)) counter.add(t);
    // Watermark T0+9 s: batch [T0, T0+10 s) is still open.
    expect(results).toHaveLength(0);
    counter.add(stream[4]!);
    // Watermark T0+20 s closes batches 0 and 1, so the windows ending at T0+10 s and T0+20 s are due.
    expect(results).toHaveLength(2);
    counter.end();

    const ether3 = { tag: 'ether', display: '#Ether', count: 3, rank: 1 };
    const expected: BatchResult[] = [
      {
        seq: 0,
        batch: { start: iso(T0), end: iso(T0 + 10 * SEC) },
        window: { start: iso(T0 - 10 * SEC), end: iso(T0 + 10 * SEC) },
        top: [
          // "Ether" and "ETHER" once each: the first seen wins.
          { tag: 'ether', display: '#Ether', count: 2, rank: 1, prevRank: null },
          { tag: 'btc', display: '#btc', count: 1, rank: 2, prevRank: null },
        ],
        stats: { tweets: 2, tweetsWithTags: 2, distinctTags: 2, ...zeroStats },
        totals: {
          tweets: 2,
          top: [
            { tag: 'ether', display: '#Ether', count: 2, rank: 1 },
            { tag: 'btc', display: '#btc', count: 1, rank: 2 },
          ],
        },
      },
      {
        seq: 1,
        batch: { start: iso(T0 + 10 * SEC), end: iso(T0 + 20 * SEC) },
        window: { start: iso(T0), end: iso(T0 + 20 * SEC) },
        top: [
          { tag: 'ether', display: '#Ether', count: 3, rank: 1, prevRank: 1 },
          { tag: 'btc', display: '#btc', count: 1, rank: 2, prevRank: 2 },
          { tag: 'sol', display: '#sol', count: 1, rank: 3, prevRank: null },
        ],
        stats: { tweets: 4, tweetsWithTags: 3, distinctTags: 3, ...zeroStats },
        totals: {
          tweets: 4,
          top: [
            ether3,
            { tag: 'btc', display: '#btc', count: 1, rank: 2 },
            { tag: 'sol', display: '#sol', count: 1, rank: 3 },
          ],
        },
      },
      {
        seq: 2,
        batch: { start: iso(T0 + 20 * SEC), end: iso(T0 + 30 * SEC) },
        window: { start: iso(T0 + 10 * SEC), end: iso(T0 + 30 * SEC) },
        top: [
          // All tied at 1: by key.
          { tag: 'btc', display: '#btc', count: 1, rank: 1, prevRank: 2 },
          { tag: 'ether', display: '#ether', count: 1, rank: 2, prevRank: 1 },
          { tag: 'sol', display: '#sol', count: 1, rank: 3, prevRank: 3 },
        ],
        stats: { tweets: 3, tweetsWithTags: 2, distinctTags: 3, ...zeroStats },
        totals: {
          tweets: 5,
          top: [
            ether3,
            { tag: 'btc', display: '#btc', count: 2, rank: 2 },
            { tag: 'sol', display: '#sol', count: 1, rank: 3 },
          ],
        },
      },
      {
        seq: 3,
        batch: { start: iso(T0 + 30 * SEC), end: iso(T0 + 40 * SEC) },
        window: { start: iso(T0 + 20 * SEC), end: iso(T0 + 40 * SEC) },
        top: [{ tag: 'btc', display: '#btc', count: 1, rank: 1, prevRank: 1 }],
        stats: { tweets: 1, tweetsWithTags: 1, distinctTags: 1, ...zeroStats },
        totals: {
          tweets: 5,
          top: [
            ether3,
            { tag: 'btc', display: '#btc', count: 2, rank: 2 },
            { tag: 'sol', display: '#sol', count: 1, rank: 3 },
          ],
        },
      },
      {
        // The first empty window after the run; nothing after it.
        seq: 4,
        batch: { start: iso(T0 + 40 * SEC), end: iso(T0 + 50 * SEC) },
        window: { start: iso(T0 + 30 * SEC), end: iso(T0 + 50 * SEC) },
        top: [],
        stats: { tweets: 0, tweetsWithTags: 0, distinctTags: 0, ...zeroStats },
        totals: {
          tweets: 5,
          top: [
            ether3,
            { tag: 'btc', display: '#btc', count: 2, rank: 2 },
            { tag: 'sol', display: '#sol', count: 1, rank: 3 },
          ],
        },
      },
    ];
    expect(results).toEqual(expected);
    expect(results.map(compared)).toEqual(
      referenceResults(stream, {
        batchMs: 10_000,
        windowMs: 20_000,
        slideMs: 10_000,
        topK: 10,
        latenessMs: 5_000,
      }).results,
    );
  });
});

describe('keys and display forms', () => {
  const opts = { batchMs: 10_000, windowMs: 10_000, slideMs: 10_000, latenessMs: 0 };

  it('counts a key at most once per tweet (#a #A #a)', () => {
    const { results } = runCounter([tweet('1', T0, ['a', 'A', 'a']), tweet('2', T0 + 1, ['b'])], opts);
    expect(tags(results[0])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(results[0]!.stats.distinctTags).toBe(2);
  });

  it('treats precomposed and decomposed é as one key (NFC), whatever the case', () => {
    const { results } = runCounter(
      [
        tweet('1', T0, ['Caf\u00e9']),
        tweet('2', T0 + 1, ['Cafe\u0301']),
        tweet('3', T0 + 2, ['CAF\u00c9']),
        tweet('4', T0 + 3, ['Cafe\u0301', 'caf\u00e9']), // one key twice in one tweet
      ],
      opts,
    );
    expect(tags(results[0])).toEqual([['caf\u00e9', 4]]);
    // Surface forms are kept as typed: the decomposed spelling was tallied twice (tweets 2 and 4).
    expect(results[0]!.top[0]!.display).toBe('#Cafe\u0301');
    expect(results[0]!.stats.distinctTags).toBe(1);
  });

  it('displays the most frequent surface form, ties to the first seen', () => {
    const run = (surfaces: string[][]): string =>
      runCounter(
        surfaces.map((s, i) => tweet(String(i + 1), T0 + i, s)),
        opts,
      ).results[0]!.top[0]!.display;
    expect(run([['ether'], ['Ether'], ['Ether']])).toBe('#Ether');
    expect(run([['ether'], ['Ether']])).toBe('#ether');
    expect(run([['Ether'], ['ether']])).toBe('#Ether');
    // Only the first occurrence in a tweet is tallied: "ETHER" once, "Ether" once → first seen.
    expect(run([['ETHER', 'Ether', 'Ether'], ['Ether']])).toBe('#ETHER');
    expect(run([['ETHER', 'Ether'], ['Ether'], ['Ether']])).toBe('#Ether');
  });

  it('takes the display form from the window only, and from all time in the totals', () => {
    const { results } = runCounter(
      [
        tweet('1', T0, ['ETHER']),
        tweet('2', T0 + 1, ['ETHER']),
        tweet('3', T0 + 2, ['ETHER']),
        tweet('4', T0 + 10 * SEC, ['ether']),
      ],
      opts,
    );
    expect(results.map((r) => r.top[0]?.display)).toEqual(['#ETHER', '#ether', undefined]);
    expect(results[1]!.totals.top).toEqual([{ tag: 'ether', display: '#ETHER', count: 4, rank: 1 }]);
  });
});

describe('top-K order', () => {
  // U+1F600 is a surrogate pair (D83D DE00): by UTF-16 code units it sorts before U+FF5A, by code point after.
  const stream = [
    tweet('1', T0, ['😀']),
    tweet('2', T0 + 1, ['\uff5a']),
    tweet('3', T0 + 2, ['b']),
    tweet('4', T0 + 3, ['a']),
    tweet('5', T0 + 4, ['𝒜', 'zz']),
    tweet('6', T0 + 5, ['zz']),
  ];
  const run = (topK: number): BatchResult =>
    runCounter(stream, { batchMs: 10_000, windowMs: 10_000, topK }).results[0]!;

  it('breaks count ties by key in code point order, not UTF-16 order', () => {
    expect(run(10).top.map((e) => e.tag)).toEqual(['zz', 'a', 'b', '\uff5a', '𝒜', '😀']);
    expect(run(10).top.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lists exactly min(K, distinct keys) entries', () => {
    for (const k of [1, 2, 4, 6, 7, 12]) {
      const r = run(k);
      expect(r.top).toHaveLength(Math.min(k, 6));
      expect(r.totals.top).toHaveLength(Math.min(k, 6));
    }
    expect(run(4).top.map((e) => e.tag)).toEqual(['zz', 'a', 'b', '\uff5a']);
  });
});

describe('late tweets and duplicates', () => {
  const opts = { batchMs: 10_000, windowMs: 10_000, slideMs: 10_000, latenessMs: 0 };

  it('does not count a tweet for a closed batch, and counts it as late', () => {
    const { counter, results } = counterFor(opts);
    counter.add(tweet('1', T0 + 1 * SEC, ['a']));
    counter.add(tweet('2', T0 + 25 * SEC, ['b'])); // watermark T0+25 s closes [T0, T0+20 s)
    expect(windowEnds(results)).toEqual([T0 + 10 * SEC, T0 + 20 * SEC]);
    counter.add(tweet('3', T0 + 5 * SEC, ['late'])); // for a closed batch
    counter.add(tweet('4', T0 + 19_999, ['late'])); // last millisecond of a closed batch
    counter.add(tweet('5', T0 + 20 * SEC, ['ontime'])); // the open batch [T0+20 s, T0+30 s)
    counter.end();
    expect(counter.lifetime.late).toBe(2);
    for (const r of results) {
      expect(r.top.map((e) => e.tag)).not.toContain('late');
      expect(r.totals.top.map((e) => e.tag)).not.toContain('late');
    }
    expect(tags(results.find((r) => r.window.end === iso(T0 + 30 * SEC)))).toEqual([
      ['b', 1],
      ['ontime', 1],
    ]);
    // The late tweets show in the statistics of an emitted window (the one open when they came).
    expect(results.reduce((n, r) => n + r.stats.late, 0)).toBe(2);
    expect(results.at(-1)!.totals.tweets).toBe(3);
  });

  it('with zero lateness, a tweet at the watermark itself is on time', () => {
    const { counter, results } = counterFor(opts);
    counter.add(tweet('1', T0 + 10 * SEC, ['a'])); // watermark T0+10 s closes [T0, T0+10 s) only
    counter.add(tweet('2', T0 + 10 * SEC, ['a']));
    counter.add(tweet('3', T0 + 9_999, ['a'])); // late
    counter.end();
    expect(counter.lifetime.late).toBe(1);
    expect(tags(results[0])).toEqual([['a', 2]]);
  });

  it('ignores a re-delivered id, even when its batch is still open', () => {
    const { counter, results } = counterFor(opts);
    counter.add(tweet('1', T0 + 1 * SEC, ['a']));
    counter.add(tweet('2', T0 + 2 * SEC, ['a', 'b']));
    counter.add(tweet('1', T0 + 1 * SEC, ['a'])); // re-delivered, batch open
    counter.add(tweet('3', T0 + 25 * SEC, ['c']));
    counter.add(tweet('2', T0 + 2 * SEC, ['a', 'b'])); // re-delivered after its batch closed
    counter.add(tweet(null, T0 + 26 * SEC, ['c'])); // no id: never a duplicate
    counter.add(tweet(null, T0 + 26 * SEC, ['c']));
    counter.end();
    expect(counter.lifetime.duplicates).toBe(2); // the id check comes before the late check
    expect(counter.lifetime.late).toBe(0);
    expect(tags(results[0])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(results.at(-1)!.totals.top.map((e) => [e.tag, e.count])).toEqual([
      ['c', 3],
      ['a', 2],
      ['b', 1],
    ]);
    expect(results.reduce((n, r) => n + r.stats.duplicates, 0)).toBe(2);
  });

  it('counts malformed lines in the window they arrived in', () => {
    const { counter, results } = counterFor(opts);
    counter.malformed(); // before anything: folded into the first batch
    counter.add(tweet('1', T0 + 1 * SEC, ['a']));
    counter.malformed();
    counter.end();
    expect(counter.lifetime.malformed).toBe(2);
    expect(results[0]!.stats.malformed).toBe(2);
  });
});

describe('gaps', () => {
  it('emits only the windows holding tweets plus one empty window after each run, over 3 years at B = 1 s', () => {
    const opts = { batchMs: 1_000, windowMs: 3_000, slideMs: 1_000, latenessMs: 0 };
    const times = [
      T0, // alone: ends +1 s, +2 s, +3 s, then one empty: 4 results
      T0 + YEAR, // 4
      T0 + 1.5 * YEAR,
      T0 + 1.5 * YEAR + 2 * SEC, // windows overlap: ends +1 s … +5 s, then empty: 6 results
      T0 + 2 * YEAR,
      T0 + 2 * YEAR + 4 * SEC, // one empty window between them: 3 + 1 + 3 + 1 = 8 results
      T0 + 3 * YEAR, // 4
    ];
    const stream = times.map((t, i) => tweet(String(i + 1), t, ['x']));
    const started = performance.now();
    const { results } = runCounter(stream, opts);
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(4 + 4 + 6 + 8 + 4);
    expect(results.filter((r) => r.stats.tweets === 0)).toHaveLength(6);
    expect(windowEnds(results).slice(14, 22)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((s) => T0 + 2 * YEAR + s * SEC),
    );
    expect(results.map(compared)).toEqual(referenceResults(stream, { ...opts, topK: 10 }).results);
    // 94 million batches: only a skip over the gap can be this quick.
    expect(elapsed).toBeLessThan(1_000);
  });

  it('skips gaps closed by watermark lines and by the wall clock too', () => {
    const wm = counterFor({ batchMs: 1_000, windowMs: 2_000, slideMs: 1_000 });
    wm.counter.add(tweet('1', T0, ['x']));
    wm.counter.watermarkAt(T0 + 3 * YEAR);
    wm.counter.add(tweet('2', T0 + 3 * YEAR, ['x']));
    wm.counter.watermarkAt(T0 + 3 * YEAR + 10 * SEC);
    expect(wm.results).toHaveLength(3 + 3);

    const clock = new ManualClock(T0);
    const text = counterFor({ batchMs: 1_000, windowMs: 2_000, slideMs: 1_000 }, clock);
    text.counter.add(tweet(null, null, ['x']));
    clock.advance(3 * YEAR);
    text.counter.tick();
    expect(text.results).toHaveLength(3);
  });
});

describe('end of input', () => {
  it('emits the trailing windows and the first empty one', () => {
    const { counter, results } = counterFor({ batchMs: 10_000, windowMs: 30_000, slideMs: 10_000 });
    counter.add(tweet('1', T0 + 5 * SEC, ['a']));
    expect(results).toHaveLength(0);
    counter.end();
    expect(windowEnds(results)).toEqual([10, 20, 30, 40].map((s) => T0 + s * SEC));
    expect(results.map((r) => r.stats.tweets)).toEqual([1, 1, 1, 0]);
    expect(results.map((r) => r.top[0]?.prevRank ?? null)).toEqual([null, 1, 1, null]);
  });

  it('with S > W, emits windows every S and shows tweets between windows only in the totals', () => {
    const { counter, results } = counterFor({ batchMs: 10_000, windowMs: 10_000, slideMs: 30_000 });
    counter.add(tweet('1', T0 + 5 * SEC, ['between'])); // in no window: [T0+20 s, T0+30 s) is the first
    counter.add(tweet('2', T0 + 25 * SEC, ['a']));
    counter.end();
    expect(windowEnds(results)).toEqual([T0 + 30 * SEC, T0 + 60 * SEC]);
    expect(tags(results[0])).toEqual([['a', 1]]);
    expect(results[0]!.window.start).toBe(iso(T0 + 20 * SEC));
    expect(results[0]!.batch).toEqual({ start: iso(T0 + 20 * SEC), end: iso(T0 + 30 * SEC) });
    expect(results[0]!.totals.tweets).toBe(2);
    expect(results[1]!.top).toEqual([]);
  });

  it('emits nothing for an input with no countable tweet', () => {
    const { counter, results } = counterFor({});
    counter.end();
    counter.malformed();
    counter.end();
    expect(results).toEqual([]);
  });
});

describe('plain text on the wall clock', () => {
  it('closes batches by wall time as the clock is advanced and ticked', () => {
    const clock = new ManualClock(T0 + 500);
    const { counter, results } = counterFor({ batchMs: 10_000, windowMs: 10_000, slideMs: 10_000 }, clock);
    counter.add(tweet(null, null, ['a']));
    clock.set(T0 + 3 * SEC);
    counter.add(tweet(null, null, ['a', 'b']));
    counter.add(tweet(null, null, ['a'])); // same text, no id: counted again
    counter.tick();
    expect(counter.watermark).toBe(T0 + 3 * SEC);
    clock.set(T0 + 10 * SEC - 1);
    counter.tick();
    expect(results).toHaveLength(0);
    clock.set(T0 + 10 * SEC);
    expect(results).toHaveLength(0); // time alone does nothing: tick() lets it act
    counter.tick();
    expect(results).toHaveLength(1);
    expect(results[0]!.window).toEqual({ start: iso(T0), end: iso(T0 + 10 * SEC) });
    expect(tags(results[0])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    clock.set(T0 + 12 * SEC);
    counter.add(tweet(null, null, ['c']));
    clock.set(T0 + 20 * SEC);
    counter.tick();
    clock.set(T0 + 45 * SEC);
    counter.tick();
    expect(windowEnds(results)).toEqual([T0 + 10 * SEC, T0 + 20 * SEC, T0 + 30 * SEC]);
    expect(results.map((r) => r.stats.tweets)).toEqual([3, 1, 0]);
    expect(counter.lifetime.late).toBe(0);
  });
});

describe('watermark lines', () => {
  it('close batches; tweets for closed batches are late; later event times do not close anything', () => {
    const { counter, results } = counterFor({ batchMs: 10_000, windowMs: 10_000, slideMs: 10_000 });
    counter.watermarkAt(T0);
    counter.add(tweet('1', T0 + 1 * SEC, ['a']));
    counter.add(tweet('2', T0 + 50 * SEC, ['far'])); // would close [T0, T0+40 s) by the derived watermark
    expect(results).toHaveLength(0);
    counter.watermarkAt(T0 + 10 * SEC);
    expect(windowEnds(results)).toEqual([T0 + 10 * SEC]);
    counter.add(tweet('3', T0 + 5 * SEC, ['late']));
    counter.add(tweet('4', T0 + 12 * SEC, ['b']));
    counter.watermarkAt(T0 + 9 * SEC); // going back: ignored
    counter.watermarkAt(Number.NaN); // ignored
    counter.add(tweet('5', T0 + 15 * SEC, ['b']));
    expect(counter.watermark).toBe(T0 + 10 * SEC);
    counter.watermarkAt(T0 + 20 * SEC);
    expect(windowEnds(results)).toEqual([T0 + 10 * SEC, T0 + 20 * SEC]);
    counter.end();
    expect(counter.lifetime.late).toBe(1);
    expect(windowEnds(results)).toEqual([10, 20, 30, 60, 70].map((s) => T0 + s * SEC));
    expect(results.map((r) => tags(r))).toEqual([[['a', 1]], [['b', 2]], [], [['far', 1]], []]);
  });

  it('makes a tweet older than the watermark line late even before any tweet was counted', () => {
    const { counter, results } = counterFor({ batchMs: 10_000, windowMs: 10_000, slideMs: 10_000 });
    counter.watermarkAt(T0 + 100 * SEC);
    counter.add(tweet('1', T0 + 50 * SEC, ['late']));
    counter.add(tweet('2', T0 + 105 * SEC, ['a']));
    counter.end();
    expect(counter.lifetime.late).toBe(1);
    expect(windowEnds(results)).toEqual([T0 + 110 * SEC, T0 + 120 * SEC]);
    expect(results[0]!.stats.late).toBe(1);
  });
});

describe('retweets and filters', () => {
  const opts = { batchMs: 10_000, windowMs: 10_000, slideMs: 10_000 };
  const stream = [
    tweet('1', T0, ['a'], { lang: 'en' }),
    tweet('2', T0 + 1, ['a'], { retweet: true, lang: 'en' }),
    tweet('3', T0 + 2, ['b'], { lang: 'de' }),
  ];

  it('counts retweets by default', () => {
    const { results } = runCounter(stream, opts);
    expect(tags(results[0])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('excludes retweets with retweets: false', () => {
    const { results, counter } = runCounter(stream, { ...opts, retweets: false });
    expect(tags(results[0])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(results[0]!.stats.tweets).toBe(2);
    expect(counter.lifetime.filtered).toBe(1);
  });

  it('does not count tweets failing the filter predicate at all', () => {
    const { results, counter } = runCounter(stream, opts, { filter: (t) => t.lang === 'en' });
    expect(tags(results[0])).toEqual([['a', 2]]);
    expect(results[0]!.stats.tweets).toBe(2);
    expect(results[0]!.totals.tweets).toBe(2);
    expect(counter.lifetime.filtered).toBe(1);
  });

  it('lets a filtered-out id through later (the id is only remembered once the tweet is considered)', () => {
    const { results } = runCounter([tweet('1', T0, ['a'], { retweet: true }), tweet('1', T0, ['a'])], {
      ...opts,
      retweets: false,
    });
    expect(tags(results[0])).toEqual([['a', 1]]);
  });
});

describe('caps', () => {
  it('drops new keys past maxKeysPerBatch and counts them as overflow', () => {
    const opts = { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, latenessMs: 0, maxKeysPerBatch: 2 };
    const { results, counter } = runCounter(
      [
        tweet('1', T0, ['a', 'b']),
        tweet('2', T0 + 1, ['c']), // third key in the batch: dropped
        tweet('3', T0 + 2, ['A', 'd', 'b']), // a and b still count; d dropped
        tweet('4', T0 + 10 * SEC, ['c', 'd']), // a new batch has room again
      ],
      opts,
    );
    expect(tags(results[0])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(results[0]!.stats).toMatchObject({ tweets: 3, tweetsWithTags: 3, distinctTags: 2, overflow: 2 });
    expect(tags(results[1])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
    expect(results[1]!.stats.overflow).toBe(2);
    expect(results[2]!.stats.overflow).toBe(0);
    expect(counter.lifetime.overflow).toBe(2);
  });

  it('remembers at most maxIds ids, forgetting the oldest first', () => {
    const opts = { batchMs: 10_000, windowMs: 10_000, slideMs: 10_000, maxIds: 2 };
    const { results, counter } = runCounter(
      [
        tweet('1', T0, ['a']),
        tweet('2', T0 + 1, ['a']),
        tweet('2', T0 + 1, ['a']), // still remembered: duplicate
        tweet('3', T0 + 2, ['a']), // forgets id 1
        tweet('1', T0, ['a']), // forgotten, so counted again: the price of the bound
      ],
      opts,
    );
    expect(counter.lifetime.duplicates).toBe(1);
    expect(tags(results[0])).toEqual([['a', 4]]);
  });
});

describe('dedup horizon', () => {
  it('forgets ids past the horizon, when their batches are closed anyway', () => {
    const opts = { batchMs: 1_000, windowMs: 1_000, slideMs: 1_000, latenessMs: 0, dedupHorizonMs: 60_000 };
    const { counter } = runCounter(
      [
        tweet('1', T0, ['a']),
        tweet('2', T0 + 30 * SEC, ['a']),
        tweet('1', T0, ['a']), // within the horizon: duplicate
        tweet('3', T0 + 120 * SEC, ['a']),
        tweet('1', T0, ['a']), // id forgotten: late, still not counted
      ],
      opts,
    );
    expect(counter.lifetime).toMatchObject({ tweets: 3, duplicates: 1, late: 1 });
  });
});
