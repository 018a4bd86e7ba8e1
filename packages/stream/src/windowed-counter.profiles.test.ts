/**
 * Who and which languages (the drill-down): per batch and key, the counter keeps the authors and
 * languages of the counted tweets while a window may read them; a window's profile of a key is
 * their sum. Checked against a recount from the tweets themselves.
 */
import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import type { Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCheckpoint, toCheckpoint } from './counter-checkpoint.ts';
import { referenceCompare, referenceKey, tweet } from './testing/reference-model.ts';
import { WindowedCounter } from './windowed-counter.ts';

const B = 1_000;
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const AUTHORS = ['alice', 'bob', 'Carol', null] as const;
const LANGS = ['en', 'de', 'und', null] as const;
const TAGS = ['Ether', 'ether', 'btc', 'sol', 'Straße', 'STRASSE', '😀'];

function counterWith(extra: Record<string, unknown> = {}) {
  const results: BatchResult[] = [];
  const counter = new WindowedCounter({
    counting: { batchMs: B, windowMs: 3 * B, slideMs: B, latenessMs: 0, tagProfiles: true, ...extra },
    clock: new ManualClock(0),
    sink: (r) => void results.push(r),
  });
  return { counter, results };
}

/** Authors or languages of the tweets of the window [start, end) holding `key`, recounted from the tweets. */
function recount(
  tweets: readonly Tweet[],
  key: string,
  start: number,
  end: number,
  field: 'author' | 'lang',
) {
  const counts = new Map<string, number>();
  for (const t of tweets) {
    if (t.time! < start || t.time! >= end) continue;
    if (!t.hashtags!.some((h) => referenceKey(h) === key)) continue;
    const name = t[field] ?? 'unknown';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || referenceCompare(a[0], b[0]))
    .map(([name, count]) => ({ key: name, count }));
}

const tweetArb = fc.record({
  at: fc.nat({ max: 12_000 }),
  tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 4 }),
  author: fc.constantFrom(...AUTHORS),
  lang: fc.constantFrom(...LANGS),
});

describe('tag profiles: who wrote a tag’s tweets in the window, in which languages', () => {
  it('equal a recount of the window’s tweets for every key, after every result, across a checkpoint', () => {
    fc.assert(
      fc.property(fc.array(tweetArb, { minLength: 1, maxLength: 120 }), fc.nat(), (specs, cutSeed) => {
        // In event-time order, as a replay sends them: nothing is late.
        const tweets = specs
          .map((s, i) => tweet(String(1000 + i), T0 + s.at, s.tags, { author: s.author, lang: s.lang }))
          .sort((a, b) => a.time! - b.time!);
        let { counter } = counterWith();
        const seen: BatchResult[] = [];
        const check = (r: BatchResult): void => {
          seen.push(r);
          const start = Date.parse(r.window.start);
          const end = Date.parse(r.window.end);
          for (const key of new Set(tweets.flatMap((t) => t.hashtags!.map(referenceKey)))) {
            const p = counter.detail.profile(key, start / B, end / B, 2);
            expect(p).not.toBeNull();
            expect(p!.langs).toEqual(recount(tweets, key, start, end, 'lang'));
            expect(p!.authors).toEqual(recount(tweets, key, start, end, 'author').slice(0, 2));
            const inWindow = r.top.find((e) => e.tag === key)?.count;
            if (inWindow !== undefined) expect(p!.recorded).toBe(inWindow);
          }
        };
        counter = new WindowedCounter({
          counting: { batchMs: B, windowMs: 3 * B, slideMs: B, latenessMs: 0, tagProfiles: true },
          clock: new ManualClock(0),
          sink: check,
        });
        const cut = cutSeed % (tweets.length + 1);
        tweets.forEach((t, i) => {
          if (i === cut) {
            const saved: unknown = JSON.parse(JSON.stringify(toCheckpoint(counter)));
            counter = fromCheckpoint(saved, { clock: new ManualClock(0), sink: check });
          }
          counter.add(t);
        });
        counter.end();
        expect(seen.length).toBeGreaterThan(0);
      }),
      { seed: 2026, numRuns: 200 },
    );
  }, 30_000);

  it('are null when profiles are off, and once the window reaches batches that let them go', () => {
    const off = counterWith({ tagProfiles: false }).counter;
    off.add(tweet('1', T0, ['a'], { author: 'x', lang: 'en' }));
    expect(off.detail.profile('a', T0 / B, T0 / B + 1, 10)).toBeNull();

    const { counter } = counterWith();
    for (let i = 0; i < 10; i++)
      counter.add(tweet(String(i + 1), T0 + i * B, ['a'], { author: 'x', lang: 'en' }));
    // The window ends at batch 9 (closed by the tweet of 9 s): [6, 9) is known, [5, 8) no longer.
    expect(counter.detail.profile('a', T0 / B + 6, T0 / B + 9, 10)!.recorded).toBe(3);
    expect(counter.detail.profile('a', T0 / B + 5, T0 / B + 8, 10)).toBeNull();
  });

  it('stop recording a tweet for a key at the cap on (key, author, language) entries, whole, and keep counting the entries they hold', () => {
    const { counter } = counterWith({ maxProfileEntriesPerBatch: 2 });
    counter.add(tweet('1', T0, ['a'], { author: 'x', lang: 'en' })); // entry (a, x, en)
    counter.add(tweet('2', T0 + 1, ['a'], { author: 'x', lang: 'de' })); // (a, x, de): 2, the cap
    counter.add(tweet('3', T0 + 2, ['a'], { author: 'y', lang: 'en' })); // (a, y, en) is new: not recorded
    counter.add(tweet('4', T0 + 3, ['a'], { author: 'x', lang: 'en' })); // nothing new: recorded
    counter.add(tweet('5', T0 + 4, ['b'], { author: 'x', lang: 'en' })); // a new key: not recorded
    // The batch is still open (read before it closes, and the window lets it go).
    const a = counter.detail.profile('a', T0 / B, T0 / B + 1, 10)!;
    expect(a.authors).toEqual([{ key: 'x', count: 3 }]);
    expect(a.langs).toEqual([
      { key: 'en', count: 2 },
      { key: 'de', count: 1 },
    ]);
    expect(a.recorded).toBe(3);
    expect(counter.detail.profile('b', T0 / B, T0 / B + 1, 10)!.recorded).toBe(0);
  });
});
