import { sortByEventTime, type Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedTweets } from './packed-tweets.ts';

const tweet: fc.Arbitrary<Tweet> = fc.record(
  {
    id: fc.option(fc.stringMatching(/^\d{1,19}$/)),
    time: fc.option(fc.integer({ min: 0, max: 50 })),
    text: fc.string({ unit: 'grapheme', maxLength: 40 }),
    retweet: fc.boolean(),
    author: fc.option(fc.string({ maxLength: 8 })),
    lang: fc.option(fc.constantFrom('en', 'ja')),
    hashtags: fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'time', 'text', 'retweet', 'author', 'lang'] },
);

describe('PackedTweets', () => {
  it('gives back every tweet as it was, in the order sortByEventTime gives', () => {
    fc.assert(
      fc.property(fc.array(tweet, { maxLength: 200 }), (tweets) => {
        const packed = new PackedTweets();
        for (const t of tweets) packed.add(t);
        packed.sortByEventTime();
        const expected = sortByEventTime(tweets);
        expect(packed.length).toBe(expected.length);
        expect(Array.from({ length: packed.length }, (_, i) => packed.at(i))).toEqual(expected);
        expect(Array.from({ length: packed.length }, (_, i) => packed.timeAt(i))).toEqual(
          expected.map((t) => t.time),
        );
        expect(packed.at(packed.length)).toBeUndefined();
        expect(packed.timeAt(-1)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('holds tweets larger than its buffers, and many more than its first arrays', () => {
    const packed = new PackedTweets();
    const big = 'x'.repeat(5 * 1024 * 1024);
    packed.add({ id: '1', time: 2, text: big, retweet: false, author: null, lang: null });
    for (let i = 0; i < 5000; i++)
      packed.add({
        id: String(i + 2),
        time: 1,
        text: `#t${i} ünï`,
        retweet: false,
        author: null,
        lang: null,
      });
    packed.sortByEventTime();
    expect(packed.length).toBe(5001);
    expect(packed.at(0)!.text).toBe('#t0 ünï');
    expect(packed.at(4999)!.text).toBe('#t4999 ünï');
    expect(packed.at(5000)!.text).toBe(big);
  });
});
