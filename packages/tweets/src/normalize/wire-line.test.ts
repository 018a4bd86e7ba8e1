import { Value } from '@sinclair/typebox/value';
import { WatermarkLineSchema, WireTweetSchema } from '@tagstream/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { snowflakeTime } from './ids.ts';
import { parseLine } from './parse-line.ts';
import { toTextLine, toWatermarkLine, toWireLine } from './wire-line.ts';

const base: Tweet = { id: null, time: null, text: '', retweet: false, author: null, lang: null };

/** Tweets as sources give them: digit ids, any time a Date can hold, any text. */
const tweetFields = {
  id: fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: null }),
  time: fc.option(fc.integer({ min: -8.64e15, max: 8.64e15 }), { nil: null }),
  text: fc.string({ unit: 'binary' }),
  retweet: fc.boolean(),
  author: fc.option(fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/), { nil: null }),
  lang: fc.option(fc.constantFrom('en', 'de', 'und', 'pt-BR'), { nil: null }),
};

describe('toWireLine', () => {
  it('writes the normalized form in contract order, leaving unknowns out', () => {
    const tweet: Tweet = {
      id: '1613521965417439077',
      time: Date.parse('2023-01-12T13:03:09.000Z'),
      text: 'line one\nline "two" #Tag',
      retweet: true,
      author: 'jane',
      lang: 'en',
      hashtags: ['Tag'],
    };
    expect(toWireLine(tweet)).toBe(
      '{"id":"1613521965417439077","created_at":"2023-01-12T13:03:09.000Z","text":"line one\\nline \\"two\\" #Tag","lang":"en","author":"jane","rt":true,"hashtags":["Tag"]}',
    );
    expect(toWireLine({ ...base, text: 'plain' })).toBe('{"text":"plain"}');
    // Live, the trackers X routed the tweet to come last.
    expect(toWireLine({ ...base, text: '#a', trackers: ['eth', 'btc'] })).toBe(
      '{"text":"#a","trackers":["eth","btc"]}',
    );
  });

  it('reads the trackers back, and a routing it cannot read as none', () => {
    const read = (line: string) => {
      const r = parseLine(line, 'auto');
      return r.kind === 'tweets' ? r.tweets[0]?.trackers : 'not a tweet';
    };
    expect(read('{"text":"#a","trackers":["eth","btc"]}')).toEqual(['eth', 'btc']);
    expect(read('{"text":"#a","trackers":[]}')).toEqual([]);
    expect(read('{"text":"#a"}')).toBeUndefined();
    expect(read('{"text":"#a","trackers":"eth"}')).toBeUndefined();
    expect(read('{"text":"#a","trackers":["eth",1]}')).toBeUndefined();
  });

  it('never writes a raw line break, and parseLine reads it back to the same tweet', () => {
    const tweetArb = fc.record(tweetFields);
    fc.assert(
      fc.property(tweetArb, (tweet) => {
        const line = toWireLine(tweet);
        expect(line).not.toMatch(/[\n\r]/);
        const back = parseLine(line, 'auto');
        // A tweet without time but with a Snowflake id gets its time from the id (DESIGN §4).
        expect(back).toEqual({
          kind: 'tweets',
          tweets: [{ ...tweet, time: tweet.time ?? snowflakeTime(tweet.id) }],
        });
      }),
    );
  }, 60_000); // a property run: CPU-bound, slow on a loaded machine
});

describe('the wire lines, written and read by one definition (@tagstream/protocol)', () => {
  it('writes tweet lines that are exactly a WireTweet', () => {
    const tweetArb = fc.record({
      ...tweetFields,
      hashtags: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
      trackers: fc.option(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 }), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(tweetArb, (tweet) => {
        const value: unknown = JSON.parse(toWireLine(tweet));
        expect([...Value.Errors(WireTweetSchema, value)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('writes watermark lines that are exactly a WatermarkLine, and reads them back with their mark', () => {
    const time = Date.parse('2026-11-22T10:00:05.000Z');
    for (const stream of [undefined, 'begin', 'end'] as const) {
      const line = toWatermarkLine(time, stream);
      expect(Value.Check(WatermarkLineSchema, JSON.parse(line))).toBe(true);
      expect(parseLine(line, 'auto')).toEqual(
        stream === undefined ? { kind: 'watermark', time } : { kind: 'watermark', time, stream },
      );
    }
    expect(toWatermarkLine(time, 'begin')).toBe('{"watermark":"2026-11-22T10:00:05.000Z","stream":"begin"}');
    // A mark this protocol does not know: still a watermark, without a mark.
    expect(parseLine('{"watermark":"2026-11-22T10:00:05.000Z","stream":"pause"}', 'auto')).toEqual({
      kind: 'watermark',
      time,
    });
    expect(parseLine('{"watermark":"2026-11-22T10:00:05.000Z","stream":"constructor"}', 'auto')).toEqual({
      kind: 'watermark',
      time,
    });
  });
});

describe('toTextLine', () => {
  it('replaces every kind of line break with a space', () => {
    expect(toTextLine({ ...base, text: 'a\r\nb\nc\rd\u2028e\u2029f\u0085g' })).toBe('a b c d e f g');
  });
});

/** toWireLine as it was first written: JSON.stringify of an object built in contract order. */
function referenceWireLine(tweet: Tweet): string {
  const wire: Record<string, unknown> = {};
  if (tweet.id !== null) wire.id = tweet.id;
  if (tweet.time !== null && Number.isFinite(tweet.time) && Math.abs(tweet.time) <= 8.64e15) {
    wire.created_at = new Date(tweet.time).toISOString();
  }
  wire.text = tweet.text;
  if (tweet.lang !== null) wire.lang = tweet.lang;
  if (tweet.author !== null) wire.author = tweet.author;
  if (tweet.retweet) wire.rt = true;
  if (tweet.hashtags !== undefined) wire.hashtags = tweet.hashtags;
  if (tweet.trackers !== undefined) wire.trackers = tweet.trackers;
  return JSON.stringify(wire);
}

describe('toWireLine, written field by field', () => {
  it('gives the same bytes as stringifying the whole object, in sequences that reuse the minute cache', () => {
    const time = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: -62_167_219_260_000, max: -62_167_219_140_000 }),
      fc.integer({ min: 253_402_300_740_000, max: 253_402_300_860_000 }),
      fc.double({ min: -1e6, max: 1e6 }),
      fc.constantFrom(
        0,
        -0,
        59_999,
        60_000,
        -1,
        -60_000,
        -60_001,
        Number.NaN,
        Infinity,
        8.64e15,
        8.64e15 + 1,
      ),
    );
    const tweet = fc.record({
      id: fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: null }),
      time,
      text: fc.string({ unit: 'binary' }),
      retweet: fc.boolean(),
      author: fc.option(fc.string({ unit: 'binary', maxLength: 8 }), { nil: null }),
      lang: fc.option(fc.constantFrom('en', 'de', 'und', 'pt-BR', '"'), { nil: null }),
      hashtags: fc.option(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 3 }), {
        nil: undefined,
      }),
      trackers: fc.option(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 2 }), {
        nil: undefined,
      }),
    });
    // Runs of nearby times exercise the cached minute; the steps cross minute boundaries.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tweet, fc.integer({ min: -70_000, max: 70_000 })), { maxLength: 20 }),
        (items) => {
          let last = 1_700_000_000_000;
          for (const [t0, step] of items) {
            const t: Tweet = { ...t0 };
            if (t.hashtags === undefined) delete t.hashtags;
            if (t.trackers === undefined) delete t.trackers;
            if (step % 3 === 0 && t.time !== null) t.time = last = last + step;
            expect(toWireLine(t)).toBe(referenceWireLine(t));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
