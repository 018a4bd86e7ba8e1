import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { snowflakeTime } from './ids.ts';
import { parseLine } from './parse-line.ts';
import { toTextLine, toWireLine } from './wire-line.ts';

const base: Tweet = { id: null, time: null, text: '', retweet: false, author: null, lang: null };

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
  });

  it('never writes a raw line break, and parseLine reads it back to the same tweet', () => {
    const tweetArb = fc.record({
      id: fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: null }),
      time: fc.option(fc.integer({ min: -8.64e15, max: 8.64e15 }), { nil: null }),
      text: fc.string({ unit: 'binary' }),
      retweet: fc.boolean(),
      author: fc.option(fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/), { nil: null }),
      lang: fc.option(fc.constantFrom('en', 'de', 'und', 'pt-BR'), { nil: null }),
    });
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

describe('toTextLine', () => {
  it('replaces every kind of line break with a space', () => {
    expect(toTextLine({ ...base, text: 'a\r\nb\nc\rd\u2028e\u2029f\u0085g' })).toBe('a b c d e f g');
  });
});
