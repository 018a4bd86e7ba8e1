/** The normalized-line scanner must read every line exactly as JSON.parse + normalizeValue do, or decline it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { normalizeValue } from './normalize-value.ts';
import { parseLine } from './parse-line.ts';
import { scanNormalizedLine } from './scan-normalized.ts';
import { toWireLine } from './wire-line.ts';

/** The general reading of a line: what the scanner must agree with whenever it accepts one. */
function general(line: string): Tweet | 'not a tweet' {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not a tweet';
  }
  const r = normalizeValue(value);
  return r.kind === 'tweets' && r.tweets.length === 1 ? r.tweets[0]! : 'not a tweet';
}

function agrees(line: string): void {
  const fast = scanNormalizedLine(line);
  if (fast !== undefined) expect(fast, line).toEqual(general(line));
}

// Characters that stress a JSON string reader: quotes, escapes, controls, surrogates, signs.
const tricky = fc.constantFrom(
  '"',
  '\\',
  '\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u2028',
  '\ud83d',
  '\ude00',
  '😀',
  '#',
  '＃',
  '@',
  ' ',
  'a',
  'É',
  '}',
  ',',
  ':',
);
const text = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 12 })
  .map((a) => a.join(''));
const time = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }),
  fc.integer({ min: 1_600_000_000_000, max: 1_700_000_000_000 }).map((t) => t - (t % 1000)),
);
const tweet: fc.Arbitrary<Tweet> = fc
  .record({
    id: fc.oneof(fc.constant(null), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.constant('0012')),
    time,
    text,
    retweet: fc.boolean(),
    author: fc.oneof(fc.constant(null), fc.constantFrom('jane', '@jane', '@', 'a"b', 'x\\y')),
    lang: fc.oneof(fc.constant(null), fc.constantFrom('en', 'pt', 'zh-Hant', '', 'e"n')),
    hashtags: fc.option(
      fc.array(fc.oneof(tricky, fc.constantFrom('Tag', 'tag', 'MúsicaBrasileira')), { maxLength: 3 }),
      {
        nil: undefined,
      },
    ),
  })
  .map((t) => {
    const out: Tweet = {
      id: t.id,
      time: t.time,
      text: t.text,
      retweet: t.retweet,
      author: t.author,
      lang: t.lang,
    };
    if (t.hashtags !== undefined) out.hashtags = t.hashtags;
    return out;
  });

/** Random damage to a line: a character replaced, inserted or removed. */
const edit = fc.tuple(
  fc.nat(),
  fc.constantFrom('replace', 'insert', 'delete'),
  fc.oneof(tricky, fc.constantFrom('0', 'x', ' ', '[', ']', '{', 'true')),
);
function damage(line: string, [pos, kind, ch]: [number, string, string]): string {
  const i = pos % (line.length + 1);
  if (kind === 'insert') return line.slice(0, i) + ch + line.slice(i);
  if (kind === 'delete') return line.slice(0, i) + line.slice(i + 1);
  return line.slice(0, i) + ch + line.slice(i + 1);
}

describe('scanNormalizedLine', () => {
  it('reads every line toWireLine writes to the same tweet as the general path', () => {
    fc.assert(
      fc.property(tweet, (t) => {
        const line = toWireLine(t);
        agrees(line);
        expect(parseLine(line, 'auto')).toEqual({ kind: 'tweets', tweets: [general(line)] });
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts our own lines (the fast path is taken)', () => {
    const line =
      '{"id":"1613521965417439077","created_at":"2023-01-12T13:03:09.000Z","text":"a\\n#b \\"c\\"","lang":"en","author":"@jane","rt":true,"hashtags":["b"]}';
    expect(scanNormalizedLine(line)).toEqual(general(line));
    expect(scanNormalizedLine(line)?.hashtags).toEqual(['b']);
  });

  it('declines or agrees on damaged lines', () => {
    fc.assert(
      fc.property(tweet, fc.array(edit, { minLength: 1, maxLength: 3 }), (t, edits) => {
        const line = edits.reduce(damage, toWireLine(t));
        agrees(line);
      }),
      { numRuns: 5000 },
    );
  });

  it('declines what is not exactly the normalized shape', () => {
    for (const line of [
      '{"id":"1","created_at":"2023-01-12T13:03:09.000Z","text":"a","text":"b"}',
      '{"text":"a","id":"1"}',
      '{"id":1,"text":"a"}',
      '{"id":"1", "text":"a"}',
      '{"text":"a"} ',
      '{"text":"a\tb"}',
      '{"text":"a\\qb"}',
      '{"text":"a","rt":1}',
      '{"text":"a","hashtags":["a",1]}',
      '{"text":"a","watermark":"2023-01-12T13:03:09.000Z"}',
      '{"id":"","text":"a"}',
      '{"id":"1a","text":"a"}',
    ])
      expect(scanNormalizedLine(line), line).toBeUndefined();
  });

  it('reads other date forms and impossible dates the general way', () => {
    for (const created of [
      '2023-01-12T13:03:09Z',
      '2023-01-12T13:03:60.000Z',
      '2023-02-30T13:03:09.000Z',
      '2023-01-12 13:03:09',
      'Wed Oct 10 20:19:24 +0000 2018',
      '2023-01-12T13:03:09.000\\u005a',
      '',
    ]) {
      const line = `{"id":"1613521965417439077","created_at":"${created}","text":"x"}`;
      expect(scanNormalizedLine(line), line).toEqual(general(line));
    }
  });
});
