/**
 * A recording counted in event-time order from what the byte-level reader read, against the
 * exact path: every line parsed to a tweet, the tweets ordered by `sortByEventTime`, then counted.
 */
import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import { parseLine, sortByEventTime, toWireLine, type Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedBytes } from './byte-input.ts';
import { CounterSession } from './counter-session.ts';
import { EventTimeOrder, stableOrder } from './event-time-order.ts';
import { emptyLineTally } from './line-input.ts';

const BASE = 1_800_000_000_000;

function session(results: BatchResult[]): CounterSession {
  return new CounterSession({
    settings: { batchMs: 1_000, windowMs: 3_000, slideMs: 1_000, topK: 5, retweets: true, related: 0 },
    clock: new ManualClock(BASE),
    sink: { result: (r) => void results.push(r) },
    restartOnBegin: false,
  });
}

const TAGS = ['Ether', 'ether', 'BTC', 'sol', 'Café', '日本', 'x'];

/** A line of a recording: our normalized tweets (some without a time), v2 lines, and others. */
const lineArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        offset: fc.integer({ min: 0, max: 20_000 }),
        id: fc.integer({ min: 1, max: 300 }),
        tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }),
        timed: fc.oneof(
          { weight: 9, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        v2: fc.boolean(),
      })
      .map(({ offset, id, tags, timed, v2 }) => {
        const text = `go ${tags.map((t) => `#${t}`).join(' ')}`;
        const time = BASE + offset;
        if (v2)
          return JSON.stringify({
            data: { id: String(id), text, created_at: new Date(time).toISOString(), author_id: '1' },
          });
        const tweet: Tweet = {
          id: String(id),
          time: timed ? time : null,
          text,
          retweet: false,
          author: null,
          lang: null,
        };
        return toWireLine(tweet);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'plain #Typed words',
      '{bad json',
      '',
      '{"watermark":"2027-01-15T08:00:05.000Z"}',
    ),
  },
);

describe('EventTimeOrder', () => {
  it('counts a recording as the exact path does: every tweet, ordered by event time, stable', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 120 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 200 }),
        (lines, chunks, expectedTweets) => {
          // The exact path: parse, sort, count; malformed lines first.
          const expected: BatchResult[] = [];
          const exact = session(expected);
          const tweets: Tweet[] = [];
          for (const line of lines) {
            const r = parseLine(line, 'auto');
            if (r.kind === 'tweets') tweets.push(...r.tweets);
            else if (r.kind === 'malformed') exact.malformed();
          }
          for (const t of sortByEventTime(tweets)) exact.add(t);
          exact.end();

          const results: BatchResult[] = [];
          const counted = session(results);
          // Sized for fewer or more tweets than come: its columns grow past the expected count.
          const held = new EventTimeOrder(true, expectedTweets);
          const per = Math.ceil(lines.length / chunks);
          for (let i = 0; i < lines.length; i += per) {
            const buf = Buffer.from(lines.slice(i, i + per).join('\n') + '\n');
            feedBytes(held, buf, 0, buf.length, emptyLineTally());
          }
          expect(held.size).toBe(tweets.length);
          held.countInto(counted);
          counted.end();
          expect(results).toEqual(expected);
          expect(counted.lifetime()).toEqual(exact.lifetime());
        },
      ),
      { numRuns: 400 },
    );
    // 400 random recordings take 3–5 s alone, more on a busy machine.
  }, 30_000);

  it('orders keys stably, by packing them into doubles where it can and by comparing where it cannot', () => {
    const keys = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(Number.NEGATIVE_INFINITY, 1e15, -1e15, 0.5, 2 ** 52),
    );
    fc.assert(
      fc.property(fc.array(keys, { maxLength: 200 }), (list) => {
        const expected = list
          .map((k, i) => [k, i] as const)
          .sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1))
          .map(([, i]) => i);
        expect(Array.from(stableOrder(Float64Array.from(list)))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
