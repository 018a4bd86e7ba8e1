// Differential tests: generated and hand-written tweets must come out exactly as twitter-text 3.1.0
// (loaded through require, as production Node would load it) extracts them.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as TwitterText from 'twitter-text';
import { extractCashtags, extractHashtags, extractMentions } from '../hashtags.ts';
import { dropTagsInsideUrls, mayLieInUrl } from './hashtag-urls.ts';
import { hashtagSpans } from './hashtags.ts';
import { asciiLabelLength } from './punycode.ts';
import { urlSpans } from './urls.ts';

const load = createRequire(import.meta.url);
const oracle = load('twitter-text') as typeof TwitterText;
/** Node's built-in punycode, the one twitter-text's IDNA check calls. */
const punycode = load('punycode') as { toASCII(domain: string): string };
const oracleUrlSpans = (text: string): number[] =>
  oracle.extractUrlsWithIndices(text).flatMap((u) => u.indices);

/** Pieces that stress the rules: signs, every script class, marks, joiners, digits, URL parts, spaces. */
// prettier-ignore
const PIECES = [
  '#', '#', '#', '＃', '@', '＠', '$', '$', ' ', ' ', ' ', '\n', '\u3000', '\u00a0', '\t', 'a', 'Z', 'tag',
  'rt', 'RT', 'é', 'ñ', 'ſ', 'ⱥ', 'ß', 'İ', 'م', 'عربي', 'ש', 'עִב', '\u05be', '\u05f3', 'क', 'हिन्दी',
  '\u094d', 'ก', 'ไทย', '\u0e31', '漢', '字', 'カ', 'ｶ', 'ﾞ', 'ー', 'ひ', '〃', '〜', '～', '・', '한', '글', 'ж',
  'Ω', '\u13f8', '\u1c90', '\u0301', '\u0308', '1', '2', '٣', '۴', '१', '１', '\u{1d7ce}', '_', '&', '-',
  '+', '~', '*', '!', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202c', '\u2066', '\ufeff', '😀',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u270c\ufe0f', '\u{1f3ff}', '\ufe0e', '\ufe0f', '\u20e3',
  '#\ufe0f\u20e3', '\u{20021}', '\u{16f04}', '\u{16f51}', '\u{104a0}', '\ud800', '\udc00', '.', '.', ',',
  '?', ':', ';', '/', "'", '"', '(', ')', '[', ']', '%', '=', '://', 'http://', 'https://', 'www.',
  '.com', '.co', '.jp', '.みんな', 't.co/', 'x.com/', 'example.com', 'xn--', '/#', '?#', '#!', 'ELPAÍS', '–',
  '@user/list',
];

const pieceText = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...PIECES), { maxLength }).map((parts) => parts.join(''));

/** Mostly URL material, for the overlap rules between hashtags and URLs. */
// prettier-ignore
const URLISH = [
  'http://', 'https://', 'HTTP://', 'example.com', 'x.jp', 't.co/', 'bit.ly', 'a.b', '.com', '.jp', '9',
  '日', '☃', '/', '/#', '?', '#', '＃', '#tag', '＃x', 'tag', '(', ')', '-', '_', '.', ',', ':', ' ', '@',
  '&', 'é', 'ab', '1', '%20', '=', '\u2013', 'ж', 'xn--ls8h', '.la', '.みんな', '日本', '#日本',
];

const urlishText = fc.array(fc.constantFrom(...URLISH), { maxLength: 30 }).map((parts) => parts.join(''));

const anyText = fc.oneof(
  pieceText(40),
  urlishText,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

const RUNS = 4000;

describe('differential against twitter-text', () => {
  it('extractHashtags', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(extractHashtags(text)).toEqual(oracle.extractHashtags(text));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('extractHashtags around URLs', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(urlishText, (text) => {
        expect(extractHashtags(text)).toEqual(oracle.extractHashtags(text));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('URL entity offsets', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(urlishText, pieceText(40)), (text) => {
        expect(urlSpans(text)).toEqual(oracleUrlSpans(text));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('skips the URL pass only when no URL could drop a hashtag', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(urlishText, pieceText(40)), (text) => {
        const spans = hashtagSpans(text);
        if (!mayLieInUrl(text, spans)) expect(dropTagsInsideUrls(text, spans)).toEqual(spans);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('host label lengths after IDNA encoding', () => {
    const label = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc
        .array(fc.constantFrom('a', '-', '\u3002', 'é', '日', '\u{1f600}', '\u{e0001}', '\ud800', '\x7f'), {
          maxLength: 70,
        })
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(label, (text) => {
        const domain = text.replaceAll('@', '').replaceAll('.', '');
        expect(asciiLabelLength(domain)).toBe(punycode.toASCII(domain).length);
      }),
      { numRuns: RUNS },
    );
  });

  it('treats a label Node cannot encode as too long instead of throwing', () => {
    const label = '\u00e9'.repeat(3000) + '\u{e0001}';
    expect(() => punycode.toASCII(label)).toThrow(RangeError);
    expect(asciiLabelLength(label)).toBe(Infinity);
  });

  it('extractMentions', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(extractMentions(text)).toEqual(oracle.extractMentions(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('extractCashtags', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(extractCashtags(text)).toEqual(oracle.extractCashtags(text));
      }),
      { numRuns: RUNS },
    );
  });
});

const TWEETS = [
  'Loving the new release! #javascript #typescript https://t.co/AbCdEf1234',
  'Docs: https://example.com/guide#install and https://example.com/#/route #docs',
  'see example.com/#tag, and example.com/page#frag #real',
  'http://twitter.com/#hashtag twitter.com/#hashtag #kept',
  '#tag, #tag. #tag! #tag? (#tag) [#tag] "#tag" \'#tag\'',
  '#123 #1st #2024election #_ #_x #x_ #a1b2',
  'Crypto talk: #ether#btc #eth #btc#eth $BTC $ETH.X $doge',
  'Fullwidth: ＃ｈａｓｈｔａｇ１２３ ＃日本語 できましたよー！＃ハッシュ。',
  '#http://example.com #https://x.com/y #ftp://nope',
  'A&#39;s #amp&#tag &#x23;',
  'RT @user: great thread on #rust 🦀 via @other_user https://t.co/xyz',
  '@a@b @c/list @d/7x @e_f: @ＦＵＬＬ ＠fullwidth email me@example.com',
  '#شمس #עברית #हिन्दी #ไทย #한국어 #русский #Ελλάδα',
  'Keycap #️⃣ and #\u20e3 and ✌️#peace 👨\u200d👩\u200d👧#family',
  'Mixed #日本語ハッシュタグ。#サッカー #ﾊｯｼｭﾀｸﾞ',
  'url with tag in query http://foo.com?#foo #bar',
  'no protocol bit.ly/abc#frag and t.co/x#y and foo.co.jp/#z',
  'www.example.com/#home ... #end',
  'http://日本.jp/#タグ and http://例え.テスト/#テスト',
  'x.jp9日x.jp/#a x.jp9☃＃x.jp/a ☃＃x.jp/b',
  'Price $5.99 or $AAPL. $BRK.B $GOOG_L $toolong $A:B',
  '#a&b &#c #d& #e',
  'https://en.wikipedia.org/wiki/Hashtag_(disambiguation)#Uses #wiki',
  'https://www.youtube.com/watch?v=abc&list=PL#t=30 #music',
  'trailing slash #tag/ and #tag/#tag2 and a/#b',
  'Emoji ZWJ 🏳️\u200d🌈#pride 👩🏽\u200d💻#dev',
  '#\u{20021}\u{20022} #A\u{104a0} #\u{16f04}\u{16f51}',
  'Line\n#one\n#two\r\n#three\t#four',
  'Bidi \u202a#ltr\u202c \u200f#rtl \u2066#iso\u2069',
  '#tag:// #tag:/ #tag: #tag#',
  'Long www.' + 'a'.repeat(70) + '.com/#x #y',
  'http://' + 'あ'.repeat(70) + '.com/#tag #after',
];

/** URL inputs from twitter-text's conformance suite: the URL pass must place entities as it does. */
const URL_TEXTS = [
  'text http://example.com/path..........................................',
  'text http://example.com/,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,',
  'text http://en.wikipedia.org/wiki/Primer_(film) and /Q(a(b)c)d',
  'test http://example.comだよね.comtest/hogehoge',
  'http://exampleこれは日本語です.com/path/index.html http://' + 'あ'.repeat(80) + '.com/path/index.html',
  'twitter.jp日本語it.so中国語foo.jp it.so foo.jp',
  'Hello http://xn--はじめよう.com/index.html',
  'test http://xn--ls8h.XN--ls8h.la/',
  'text http://domain-dash_2314352345_dfasd.foo-cow_4352.com',
  'test http://leadingdash.-twitter.com http://trailingunderscore.twitter_.com http://a_b.c-d.com',
  'I really like http://t.co/abcdefghijklmnopqrstuvwxyz012345678901234',
  "http://t.co/pbY2NfTZ's http://t.co/2vYHpAc5; http://t.co/8MkmHU0k+c http://t.co/8t7G3ddS#a",
  'http://www.foo.com?referer=https://t.co/abcde http://t.co/xyzzy',
  'text https://t.co/asdfdf?a=b#123 https://t.co/UqIyJAJTfo?amp=1',
  '\u2066\u202atest abcdef.com پاکستان http://twitter.com/\u202c\u2069',
  'This is a test \u2066\u202atwitter.com\u202c\u2069 \u2066\u202ahttp://foobar.پاکستان/\u202c\u2069',
  '$http://twitter.com $twitter.com $t.co/abcde #test.com @test.com #t.co/abcde',
  'long.test.tar.bz2 john.doe.gov@mail.com john.doe.jp@mail.com',
  'http://tn.com.ar/show/00056158/la-estrella?fb_xd_fragment#?=&cb=fe17523f223b7&relation=parent.parent',
  'https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-',
  'Go to https://en.m.wikipedia.org/wiki/Hatfield\u2013McCoy_feud please',
  'http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx',
  'foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.govedu foo.jp',
  'example.comてすとですtwitter.みんなです http://ああ.com http://あ-あ.com',
];

describe('conformance URL inputs', () => {
  it.each(URL_TEXTS)('%s', (text) => {
    expect(urlSpans(text)).toEqual(oracleUrlSpans(text));
    expect(extractHashtags(text)).toEqual(oracle.extractHashtags(text));
  });
});

describe('hand-written tweets', () => {
  it.each(TWEETS)('%s', (text) => {
    expect(extractHashtags(text)).toEqual(oracle.extractHashtags(text));
    expect(extractMentions(text)).toEqual(oracle.extractMentions(text));
    expect(extractCashtags(text)).toEqual(oracle.extractCashtags(text));
    expect(urlSpans(text)).toEqual(oracleUrlSpans(text));
  });
});
