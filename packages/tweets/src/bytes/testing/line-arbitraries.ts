import fc from 'fast-check';
import { extractHashtags } from '../../hashtags.ts';
import { toWireLine } from '../../normalize/wire-line.ts';
import type { Tweet } from '../../tweet.ts';

/**
 * Random lines for the byte path's differential tests: our normalized lines and raw X API v2
 * lines, built from texts that stress the hashtag rules (signs, every kind of neighbour, escapes,
 * URLs, joiners, selectors, malformed surrogates), with entity lists right, wrong and odd.
 */

// prettier-ignore
const PIECES = [
  '#', '#', '#', '#', '＃', ' ', ' ', ' ', '\n', '\t', '\r', '\u3000', '\u00a0', '\u0085', 'a', 'Z', 'tag', 'Tag',
  'TAG', 'rt', 'é', 'É', 'ß', 'ẞ', 'İ', 'ſ', 'ΟΔΟΣ', 'ж', 'م', 'हिन्दी', '\u094d', 'ไทย', '漢字', 'カ', 'ｶ', '한',
  '\u0301', '\u200c', '\u200d', '\u200e', '\ufe0e', '\ufe0f', '\u20e3', '#\ufe0f\u20e3', '😀', '🌙', '👨‍👩‍👧',
  '\u{1d7ce}', '\u{20021}', '1', '٣', '１', '_', '&', '&amp;', '&lt;', '&gt;', '&amp;amp;', '-', '.', ',', ':', ';',
  '/', '"', '\\', "'", '(', ')', '://', 'http://', 'https://', 'www.', 'x.com/', 'example.com', '.com', '/#',
  '?#', '#!', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', '\ufffd', '\ufeff', 'Ether', 'ETHER',
];

/** Ordinary texts: words and hashtags (some non-ASCII, some in odd places), as most tweets are. */
export const wordsText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('the', 'chart', 'live', 'now', '😀', 'ação', '漢字', '(', '.', '!'),
      fc.stringMatching(/^#[A-Za-z][A-Za-z0-9_]{0,8}$/),
      fc.constantFrom(
        '#MúsicaBrasileira',
        '#日本',
        '#Straße',
        '#İstanbul',
        '#ΟΔΟΣ',
        '#a\u200cb',
        '#café\u0301',
      ),
    ),
    { maxLength: 14 },
  )
  .map((w) => w.join(' '));

// prettier-ignore
const BEFORE_SIGN = [
  '', ' ', '\n', '&', '&amp;', 'a', 'Z', '_', '1', 'é', '\u0301', '😀', '🌙', '\ufe0e', '\ufe0f', '\u200c', '"',
  '\\', '.', '/', 'x.com/', 'a.b/', '\u00a0', '\u3000', '#', '＃', '\ud800', '\udc00', '漢',
];
// prettier-ignore
const TAG_RUN = [
  'a', 'Tag', 'ETHER', '1', '1a', '_', '_a', 'é', 'É', 'a\u0301', '日本', 'a\u200cb', '\u200c', '\ufe0f', '\u20e3',
  '\ufe0f\u20e3', '', 'ß', 'İ', 'ΟΔΟΣ', '\u{1d7ce}', 'a😀', 'x\ud800',
];
// prettier-ignore
const AFTER_TAG = [
  '', ' ', '#', '＃', '://', ':/', ':', '.', ',', 'é', '😀', '\u0301', '\ufe0f', '"', '\\', '\n', '&', '/', '\udc00',
];

/** Hashtags with every kind of neighbour: the boundary, run and follow rules, a few in a row. */
export const signNeighbourhoods: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(
        fc.constantFrom(...BEFORE_SIGN),
        fc.constantFrom('#', '#', '#', '＃'),
        fc.constantFrom(...TAG_RUN),
        fc.constantFrom(...AFTER_TAG),
      )
      .map((p) => p.join('')),
    { minLength: 1, maxLength: 5 },
  )
  .map((p) => p.join(''));

/** A tweet text: pieces joined, hashtags in odd company, or ordinary words and hashtags. */
export const tweetText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join('')) },
  { weight: 4, arbitrary: signNeighbourhoods },
  { weight: 2, arbitrary: wordsText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** A decimal id, sometimes with leading zeros or too long for numbers. */
const digitId = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String),
  fc.stringMatching(/^[0-9]{1,25}$/),
  fc.constantFrom('0', '0012', '9999999999999999999', '10000000000000000000'),
);

/** Event times: ordinary, at the ends of the Date range, and with and without milliseconds. */
const eventTime = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }).map((s) => s * 1000) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** The entity list a source might send for `text`: right, missing one, extra, renamed, not a list. */
function hashtagListFor(text: string, variant: number): unknown {
  const tags = extractHashtags(text);
  switch (variant % 6) {
    case 0:
    case 1:
      return tags;
    case 2:
      return tags.slice(1);
    case 3:
      return [...tags, 'extra'];
    case 4:
      return tags.map((t) => t.toUpperCase());
    default:
      return variant % 12 === 5 ? 'tags' : [1];
  }
}

/** Our normalized wire lines (`toWireLine`), with and without a `hashtags` list. */
export const normalizedLine: fc.Arbitrary<string> = fc
  .record({
    id: fc.option(digitId, { nil: null }),
    time: eventTime,
    text: tweetText,
    retweet: fc.boolean(),
    author: fc.constantFrom(null, 'jane', '@jane', 'a"b'),
    lang: fc.constantFrom(null, 'en', 'pt', ''),
    list: fc.option(fc.nat(), { nil: undefined }),
  })
  .map((r) => {
    const t: Tweet = {
      id: r.id,
      time: r.time,
      text: r.text,
      retweet: r.retweet,
      author: r.author,
      lang: r.lang,
    };
    if (r.list !== undefined) {
      const list = hashtagListFor(r.text, r.list);
      if (Array.isArray(list) && list.every((x) => typeof x === 'string')) t.hashtags = list as string[];
    }
    return toWireLine(t);
  });

/** One v2 tweet object (the line's or an included one), keys in random order, some given twice. */
function v2Tweet(r: {
  id: string | number;
  text: string | null;
  created: string | null;
  list: number | undefined;
  note: boolean;
  refs: unknown;
  extra: [string, unknown][];
}): string {
  const entries: [string, unknown][] = [['id', r.id]];
  if (r.text !== null) entries.push(['text', r.text]);
  if (r.created !== null) entries.push(['created_at', r.created]);
  if (r.list !== undefined) {
    const decoded = (r.text ?? '').replace(
      /&(amp|lt|gt);/g,
      (_, n: string) => ({ amp: '&', lt: '<', gt: '>' })[n]!,
    );
    const list = hashtagListFor(decoded, r.list);
    // v2 entities are `{start, end, tag}` objects; now and then a bare string stands in.
    const hashtags =
      Array.isArray(list) && r.list % 7 !== 6 ? list.map((tag) => ({ start: 0, end: 1, tag })) : list;
    entries.push(['entities', { hashtags, mentions: [] }]);
  }
  if (r.note) entries.push(['note_tweet', { text: `${r.text ?? ''} #Long`, entities: {} }]);
  if (r.refs !== undefined) entries.push(['referenced_tweets', r.refs]);
  entries.push(['lang', 'en'], ['public_metrics', { like_count: 3 }], ...r.extra);
  return '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',') + '}';
}

const v2TweetArb = (text: fc.Arbitrary<string>) =>
  fc.record({
    id: fc.oneof({ weight: 8, arbitrary: digitId }, { weight: 1, arbitrary: fc.constantFrom(12, 'x1', '') }),
    text: fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: fc.constant(null) }),
    created: fc.oneof(
      { weight: 8, arbitrary: eventTime.map((t) => (t === null ? null : new Date(t).toISOString())) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '2023-01-12T13:03:09Z',
          '2023-02-30T13:03:09.000Z',
          'Wed Oct 10 20:19:24 +0000 2018',
          '',
        ),
      },
    ),
    list: fc.option(fc.nat(), { nil: undefined }),
    note: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    extra: fc.oneof(
      { weight: 6, arbitrary: fc.constant([] as [string, unknown][]) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<[string, unknown][]>(
          [['text', 'dup #x']],
          [['id', '1']],
          [['entities', null]],
          [['created_at', '2020-01-01T00:00:00.000Z']],
        ),
      },
    ),
  });

/** A v2 tweet as the X API sends most: a digit id, a canonical time, no long text, a right entity list. */
const cleanV2TweetArb = (text: fc.Arbitrary<string>) =>
  fc.record({
    id: fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String),
    text,
    created: fc
      .integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 })
      .map((t) => new Date(t).toISOString()),
    list: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
    note: fc.constant(false),
    extra: fc.constant([] as [string, unknown][]),
  });

/**
 * Raw X API v2 stream lines: plain tweets, replies, quotes and retweets with or without their
 * original; `clean` keeps to what the X API sends (`data` first, no whitespace, digit ids, canonical
 * times, right entity lists), else ids, times, lists, keys and layout go wrong too.
 */
export const v2LineWith = (text: fc.Arbitrary<string>, clean = false): fc.Arbitrary<string> =>
  fc
    .record({
      tweet: clean ? cleanV2TweetArb(text) : v2TweetArb(text),
      original: clean ? cleanV2TweetArb(text) : v2TweetArb(text),
      kind: fc.constantFrom('plain', 'plain', 'retweet', 'retweet', 'quote', 'retweet of a missing original'),
      spaced: clean
        ? fc.constant(false)
        : fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      top: clean
        ? fc.constantFrom('data first', 'with errors')
        : fc.constantFrom('data first', 'includes first', 'with errors', 'watermark'),
    })
    .map((r) => {
      const originalId = typeof r.original.id === 'string' ? r.original.id : '77';
      const refs =
        r.kind === 'plain'
          ? undefined
          : [
              {
                type: r.kind === 'quote' ? 'quoted' : 'retweeted',
                id: r.kind.includes('missing') ? '1' : originalId,
              },
            ];
      const data = v2Tweet({ ...r.tweet, refs });
      const includes = `{"users":[{"id":"9","username":"jane"}],"tweets":[${v2Tweet({ ...r.original, refs: undefined })}]}`;
      const parts = [`"data":${data}`, `"includes":${includes}`, `"matching_rules":[{"id":"5","tag":"t"}]`];
      if (r.top === 'includes first') parts.reverse();
      if (r.top === 'with errors') parts.push('"errors":[{"title":"Not Found Error"}]');
      if (r.top === 'watermark') parts.push('"watermark":"2023-01-12T13:03:09.000Z"');
      const line = `{${parts.join(',')}}`;
      // Whitespace between tokens: JSON's own pretty-printing, put back on one line.
      return r.spaced ? JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, ' ') : line;
    });

/** v2 lines with any text. */
export const v2Line = v2LineWith(tweetText);

/** Random damage: bytes replaced, inserted, removed, or the line cut short. */
export const damage = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom('replace', 'insert', 'delete', 'cut'),
    fc.constantFrom(
      0x22,
      0x5c,
      0x7b,
      0x7d,
      0x5b,
      0x5d,
      0x2c,
      0x3a,
      0x23,
      0x20,
      0x00,
      0x0d,
      0x80,
      0xbf,
      0xc3,
      0xe2,
      0xef,
      0xff,
      0x30,
      0x61,
    ),
  ),
  { minLength: 1, maxLength: 3 },
);

export function damaged(line: string, edits: [number, string, number][]): Uint8Array {
  let b = Buffer.from(line);
  for (const [pos, kind, byte] of edits) {
    const i = pos % (b.length + 1);
    if (kind === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.of(byte), b.subarray(i)]);
    else if (kind === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    else if (kind === 'cut') b = b.subarray(0, i);
    else if (i < b.length) b = Buffer.concat([b.subarray(0, i), Buffer.of(byte), b.subarray(i + 1)]);
  }
  return b;
}
