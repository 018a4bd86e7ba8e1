import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { compileRule, compileRules, compileTrack, validateTrack } from './track.ts';

function tweet(text: string, fields: Partial<Tweet> = {}): Tweet {
  return { id: null, time: null, text, retweet: false, author: null, lang: null, ...fields };
}

type Case = [rule: string, text: string, fields: Partial<Tweet>, expected: boolean];

const cases: Case[] = [
  // Keywords: whole tokens, case-insensitive.
  ['ether', 'I love ether!', {}, true],
  ['ether', 'I love ETHER', {}, true],
  ['ether', 'buying #ether today', {}, true],
  ['ether', 'ask @ether', {}, true],
  ['ether', "ether's price", {}, true],
  ['ether', 'etherum rises', {}, false],
  ['ether', 'nether', {}, false],
  ['ETHER', 'ether', {}, true],
  // Keywords with punctuation match that token sequence.
  ['covid-19', 'New covid-19 cases', {}, true],
  ['covid-19', 'COVID 19 again', {}, true],
  ['covid-19', 'covid19', {}, false],
  ['covid-19', 'covid-20 and 19', {}, false],
  ['node.js', 'I use Node.js daily', {}, true],
  ['node.js', 'nodejs', {}, false],
  ['c++', 'learning C++ now', {}, true],
  // Phrases: contiguous tokens, punctuation between them ignored.
  ['"exact phrase"', 'an exact phrase here', {}, true],
  ['"exact phrase"', 'Exact, phrase!', {}, true],
  ['"exact phrase"', 'phrase exact', {}, false],
  ['"exact phrase"', 'exact other phrase', {}, false],
  ['"exact phrase"', 'exact exact phrase', {}, true],
  ['"exact phrase"', 'phrase', {}, false],
  ['"say \\"hi\\""', 'they say "hi"', {}, true],
  ['"#hashtag"', 'just hashtag', {}, true],
  // Hashtags: exact hashtag, not substring, not plain words.
  ['#eth', 'To the moon #ETH', {}, true],
  ['#eth', 'To the moon #ether', {}, false],
  ['#eth', 'eth is plain text here', {}, false],
  ['#ETH', 'see #eth', {}, true],
  ['#eth', 'text without tags', { hashtags: ['Eth'] }, true],
  ['#eth', 'text says #eth', { hashtags: [] }, false],
  ['#café', '#cafe\u0301 time', {}, true],
  ['#cafe', '#café time', {}, false],
  ['#東京', '今日は #東京 で', {}, true],
  ['#مرحبا', 'قال #مرحبا للجميع', {}, true],
  // Mentions: mentions only, not the author.
  ['@Vitalik', 'hi @vitalik!', {}, true],
  ['@vitalik', 'hi vitalik', {}, false],
  ['@vitalik', 'gm', { author: 'vitalik' }, false],
  ['@vitalik', 'write to a@vitalik.com', {}, false],
  // Cashtags.
  ['$BTC', 'buy $btc now', {}, true],
  ['$BTC', 'buy BTC now', {}, false],
  // from: the author, case-insensitive.
  ['from:Alice', 'gm', { author: 'alice' }, true],
  ['from:alice', 'gm', { author: 'alice2' }, false],
  ['from:alice', 'gm @alice', { author: null }, false],
  // lang: with subtags.
  ['gm lang:en', 'gm', { lang: 'en' }, true],
  ['gm lang:en', 'gm', { lang: 'EN' }, true],
  ['gm lang:en', 'gm', { lang: 'en-GB' }, true],
  ['gm lang:en', 'gm', { lang: 'eng' }, false],
  ['gm lang:en', 'gm', { lang: null }, false],
  ['gm lang:pt-br', 'gm', { lang: 'pt-BR' }, true],
  ['gm lang:pt-br', 'gm', { lang: 'pt' }, false],
  // is:retweet and has:
  ['gm is:retweet', 'gm', { retweet: true }, true],
  ['gm is:retweet', 'gm', { retweet: false }, false],
  ['gm -is:retweet', 'gm', { retweet: true }, false],
  ['gm -is:retweet', 'gm', { retweet: false }, true],
  ['gm has:hashtags', 'gm #x', {}, true],
  ['gm has:hashtags', 'gm x', {}, false],
  ['gm has:hashtags', 'gm x', { hashtags: ['x'] }, true],
  ['gm has:mentions', 'gm @x', {}, true],
  ['gm has:mentions', 'gm x', {}, false],
  ['gm has:cashtags', 'gm $ABC', {}, true],
  ['gm has:cashtags', 'gm ABC', {}, false],
  // Boolean structure.
  ['a b', 'b then a', {}, true],
  ['a b', 'only a', {}, false],
  ['a OR b', 'only b', {}, true],
  ['a OR b', 'neither', {}, false],
  ['a b OR c d', 'c and d', {}, true],
  ['a b OR c d', 'a and d', {}, false],
  ['a (b OR c) d', 'a c d', {}, true],
  ['a (b OR c) d', 'a d', {}, false],
  ['cat -grumpy', 'a cat', {}, true],
  ['cat -grumpy', 'a grumpy cat', {}, false],
  ['cat -"grumpy cat"', 'grumpy old cat', {}, true],
  ['cat -"grumpy cat"', 'a grumpy cat', {}, false],
  ['skiing -(snow OR day)', 'skiing all day', {}, false],
  ['skiing -(snow OR day)', 'skiing tonight', {}, true],
  ['skiing -(snow day)', 'skiing in snow', {}, true],
  ['skiing -(snow day)', 'snow day skiing', {}, false],
  // Unicode.
  ['café', 'Café!', {}, true],
  ['café', 'cafe', {}, false],
  ['cafe', 'café', {}, false],
  ['café', 'cafe\u0301 au lait', {}, true],
  ['ΟΔΟΣ', 'στην οδος', {}, true],
  ['مرحبا', 'مرحبا بالعالم', {}, true],
  ['بالعالم', 'مرحبا بالعالم!', {}, true],
  ['عالم', 'مرحبا بالعالم', {}, false],
  ['東京', '東京タワーに行った', {}, true],
  ['タワー', '東京タワーに行った', {}, true],
  ['京都', '東京タワー', {}, false],
  ['iphone', 'iPhone買った', {}, true],
  ['ไทย', 'ภาษาไทย', {}, true],
  ['한국어', '한국어 텍스트', {}, true],
  ['한국', '한국어 텍스트', {}, false],
  ['Привет', 'привет, мир', {}, true],
  ['🔥', 'so hot🔥🔥', {}, true],
  ['🔥', 'so hot', {}, false],
  ['❤️', 'I ❤ you', {}, true],
  ['❤', 'I ❤️ you', {}, true],
  ['👍', 'ok 👍🏽', {}, false],
  ['👍🏽', 'ok 👍🏽', {}, true],
  ['🇯🇵', 'trip 🇯🇵!', {}, true],
  ['"🔥 sale"', 'hot 🔥 SALE', {}, true],
];

describe('compileRule', () => {
  it.each(cases)('%s on %j %j → %s', (rule, text, fields, expected) => {
    expect(compileRule(rule)(tweet(text, fields))).toBe(expected);
  });

  it('throws RuleSyntaxError for a bad rule', () => {
    expect(() => compileRule('a (')).toThrow(RuleSyntaxError);
  });
});

/** A tweet whose `text` reads are counted, to prove the work is shared. */
function countingTweet(text: string, fields: Partial<Tweet> = {}): { tweet: Tweet; reads: () => number } {
  let reads = 0;
  const t = tweet(text, fields);
  Object.defineProperty(t, 'text', {
    get: () => {
      reads++;
      return text;
    },
  });
  return { tweet: t, reads: () => reads };
}

describe('compileTrack', () => {
  it('matches when any entry matches', () => {
    const match = compileTrack(['#eth', 'bitcoin -scam', 'from:alice']);
    expect(match(tweet('gm #ETH'))).toBe(true);
    expect(match(tweet('bitcoin to the moon'))).toBe(true);
    expect(match(tweet('bitcoin scam'))).toBe(false);
    expect(match(tweet('gm', { author: 'Alice' }))).toBe(true);
    expect(match(tweet('gm'))).toBe(false);
  });

  it('lets everything through when empty', () => {
    expect(compileTrack([])(tweet(''))).toBe(true);
  });

  it('names the bad entry', () => {
    let error: unknown;
    try {
      compileTrack(['ok', 'fine', 'a OR']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleSyntaxError);
    expect(error).toMatchObject({
      index: 2,
      position: 2,
      length: 2,
      reason: 'OR needs a term on both sides',
      message: 'track entry 2: OR needs a term on both sides',
    });
  });

  it('tokenizes a tweet once for the whole list, and only when a rule needs it', () => {
    const words = compileTrack(['alpha', 'beta gamma', '"delta epsilon"', 'zeta -eta']);
    const counted = countingTweet('nothing here matches');
    expect(words(counted.tweet)).toBe(false);
    expect(counted.reads()).toBe(1);

    const tags = compileTrack(['#a', '#b']);
    const tagged = countingTweet('#a', { hashtags: ['a'] });
    expect(tags(tagged.tweet)).toBe(true);
    expect(tagged.reads()).toBe(0);
  });
});

describe('compileRules', () => {
  it('says for each rule whether the tweet matches it, as each rule alone would', () => {
    const rules = ['#eth OR ether', '#btc', '#btc lang:de', '-#eth scam'];
    const each = compileRules(rules);
    const texts = ['ether is up #ETH', '#BTC and #eth', 'nothing', 'a scam #btc'];
    for (const text of texts) {
      for (const lang of [null, 'de']) {
        const t = tweet(text, { lang });
        expect(each(t)).toEqual(rules.map((r) => compileRule(r)(t)));
      }
    }
    expect(compileRules([])(tweet('x'))).toEqual([]);
  });

  it('tokenizes a tweet once for all the rules', () => {
    const counted = countingTweet('nothing here matches');
    expect(compileRules(['alpha', 'beta gamma', '"delta epsilon"'])(counted.tweet)).toEqual([
      false,
      false,
      false,
    ]);
    expect(counted.reads()).toBe(1);
  });

  it('names the bad rule', () => {
    try {
      compileRules(['#ok', '(open']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RuleSyntaxError);
      expect((err as RuleSyntaxError).index).toBe(1);
    }
  });
});

describe('validateTrack', () => {
  it('accepts a good list and the empty list', () => {
    expect(validateTrack(['#eth', 'bitcoin -scam', '"exact phrase" lang:en'])).toBeNull();
    expect(validateTrack([])).toBeNull();
  });

  it('reports the first bad entry', () => {
    expect(validateTrack(['ok', 'x "open', ''])).toEqual({
      index: 1,
      position: 2,
      length: 1,
      message: "unterminated quote: this '\"' is never closed",
    });
    expect(validateTrack(['ok', ''])).toEqual({ index: 1, position: 0, length: 0, message: 'empty rule' });
  });
});
