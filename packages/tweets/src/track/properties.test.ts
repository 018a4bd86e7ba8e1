import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { formatRuleError } from './format-error.ts';
import { parseRule } from './parse.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { compileRule, compileTrack } from './track.ts';

// Words chosen so that none is a token sequence inside another: the reference
// evaluator below can then compare whole words instead of tokenizing.
const WORDS = ['ant', 'bee', 'cat', 'café', 'ölü', '東京', 'مرحبا', '🔥'] as const;
const TAGGABLE = ['ant', 'bee', 'café', '東京', 'مرحبا'] as const;
const AUTHORS = ['al', 'bo'] as const;
const LANGS = ['en', 'ja'] as const;

/** A rule as a test-side tree, printed to a string and evaluated independently of the implementation. */
type Expr =
  | { k: 'kw'; w: string }
  | { k: 'phrase'; a: string; b: string }
  | { k: 'tag'; w: string }
  | { k: 'from'; u: string }
  | { k: 'lang'; l: string }
  | { k: 'rt' }
  | { k: 'hasTags' }
  | { k: 'and'; a: Expr; b: Expr }
  | { k: 'or'; a: Expr; b: Expr }
  | { k: 'not'; e: Expr };

/** What a generated tweet is made of, for the reference evaluator. */
interface Model {
  words: { w: string; tag: boolean }[];
  author: string | null;
  lang: string | null;
  retweet: boolean;
}

const word = fc.constantFrom(...WORDS);
const caseVariant = (w: string) =>
  fc.constantFrom(w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1));

/** Standalone positive terms: a rule needs one of these in every alternative. */
const anchorAtom: fc.Arbitrary<Expr> = fc.oneof(
  word.map((w): Expr => ({ k: 'kw', w })),
  fc.tuple(word, word).map(([a, b]): Expr => ({ k: 'phrase', a, b })),
  fc.constantFrom(...TAGGABLE).map((w): Expr => ({ k: 'tag', w })),
  fc.constantFrom(...AUTHORS).map((u): Expr => ({ k: 'from', u })),
);
/** Conjunction-required terms. */
const filterAtom: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(...LANGS).map((l): Expr => ({ k: 'lang', l })),
  fc.constant<Expr>({ k: 'rt' }),
  fc.constant<Expr>({ k: 'hasTags' }),
);

const { anchored } = fc.letrec<{ anchored: Expr; free: Expr }>((tie) => ({
  anchored: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    anchorAtom,
    fc.tuple(tie('anchored'), tie('free')).map(([a, b]): Expr => ({ k: 'and', a, b })),
    fc.tuple(tie('free'), tie('anchored')).map(([a, b]): Expr => ({ k: 'and', a, b })),
    fc.tuple(tie('anchored'), tie('anchored')).map(([a, b]): Expr => ({ k: 'or', a, b })),
  ),
  free: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    anchorAtom,
    filterAtom,
    tie('free').map((e): Expr => ({ k: 'not', e })),
    fc.tuple(tie('free'), tie('free')).map(([a, b]): Expr => ({ k: 'and', a, b })),
    fc.tuple(tie('free'), tie('free')).map(([a, b]): Expr => ({ k: 'or', a, b })),
  ),
}));

/** Prints with as few parentheses as precedence allows, so the parser's precedence is exercised too. */
function print(e: Expr): string {
  switch (e.k) {
    case 'kw':
      return e.w;
    case 'phrase':
      return `"${e.a} ${e.b}"`;
    case 'tag':
      return `#${e.w}`;
    case 'from':
      return `from:${e.u.toUpperCase()}`;
    case 'lang':
      return `lang:${e.l}`;
    case 'rt':
      return 'is:retweet';
    case 'hasTags':
      return 'has:hashtags';
    case 'and':
      return `${e.a.k === 'or' ? `(${print(e.a)})` : print(e.a)} ${e.b.k === 'or' ? `(${print(e.b)})` : print(e.b)}`;
    case 'or':
      return `${print(e.a)} OR ${print(e.b)}`;
    case 'not':
      // `--x` is a syntax error: a double negation needs its parentheses.
      return e.e.k === 'and' || e.e.k === 'or' || e.e.k === 'not' ? `-(${print(e.e)})` : `-${print(e.e)}`;
  }
}

function evaluate(e: Expr, m: Model): boolean {
  const lower = m.words.map((x) => x.w.toLowerCase());
  switch (e.k) {
    case 'kw':
      return lower.includes(e.w);
    case 'phrase':
      return lower.some((w, i) => w === e.a && lower[i + 1] === e.b);
    case 'tag':
      return m.words.some((x) => x.tag && x.w.toLowerCase() === e.w);
    case 'from':
      return m.author === e.u;
    case 'lang':
      return m.lang === e.l;
    case 'rt':
      return m.retweet;
    case 'hasTags':
      return m.words.some((x) => x.tag);
    case 'and':
      return evaluate(e.a, m) && evaluate(e.b, m);
    case 'or':
      return evaluate(e.a, m) || evaluate(e.b, m);
    case 'not':
      return !evaluate(e.e, m);
  }
}

const modelWord = fc.oneof(
  fc.record({ w: word.chain(caseVariant), tag: fc.constant(false) }),
  fc.record({ w: fc.constantFrom(...TAGGABLE).chain(caseVariant), tag: fc.constant(true) }),
);
const model: fc.Arbitrary<Model> = fc.record({
  words: fc.array(modelWord, { maxLength: 8 }),
  author: fc.constantFrom(null, ...AUTHORS),
  lang: fc.constantFrom(null, ...LANGS),
  retweet: fc.boolean(),
});
const separator = fc.constantFrom(' ', ', ', '! ', ' — ', '\n');

/** Renders a model as a tweet, words separated by punctuation and spaces. */
const modelTweet: fc.Arbitrary<[Model, Tweet]> = model.chain((m) =>
  fc.array(separator, { minLength: m.words.length, maxLength: m.words.length }).map((seps) => {
    const text = m.words.map((x, i) => `${x.tag ? '#' : ''}${x.w}${seps[i] ?? ' '}`).join('');
    const t: Tweet = { id: null, time: null, text, retweet: m.retweet, author: m.author, lang: m.lang };
    return [m, t];
  }),
);
const tweets = modelTweet.map(([, t]) => t);
const rule = anchored.map(print);

// fast-check runs thousands of cases; leave room on a loaded CI machine.
const SLOW = 30_000;

describe('track rule properties', () => {
  /** Whatever happens to `text`, only a RuleSyntaxError may come out, and its span must fit the rule. */
  function parsesOrExplains(text: string): void {
    try {
      parseRule(text);
    } catch (err) {
      if (!(err instanceof RuleSyntaxError)) throw err;
      expect(err.position).toBeGreaterThanOrEqual(0);
      expect(err.length).toBeGreaterThanOrEqual(0);
      expect(err.position + err.length).toBeLessThanOrEqual(text.length);
      expect(formatRuleError(text, err)).toContain('^');
    }
  }

  it(
    'parsing token soup throws nothing but RuleSyntaxError, with a span inside the rule',
    () => {
      const soup = fc
        .array(
          fc.constantFrom(
            ...[
              '(',
              ')',
              '"',
              '\\',
              '-',
              'OR',
              'or',
              ' ',
              '  ',
              '\t',
              'a',
              'ß',
              '東',
              '😀',
              '\uD800',
              '#',
              '#x',
              '@',
              '@u',
            ],
            ...[
              '$',
              '$AB',
              '$1',
              'from:',
              'from:a',
              'lang:en',
              'is:retweet',
              'has:hashtags',
              'foo:',
              ':',
              '.',
              '\u0301',
            ],
          ),
          { maxLength: 200 },
        )
        .map((parts) => parts.join(''));
      fc.assert(fc.property(soup, parsesOrExplains), { numRuns: 1000 });
    },
    SLOW,
  );

  it(
    'parsing arbitrary strings throws nothing but RuleSyntaxError',
    () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), parsesOrExplains), {
        numRuns: 200,
      });
    },
    SLOW,
  );

  it(
    'generated rules parse and match as a reference evaluator says',
    () => {
      fc.assert(
        fc.property(anchored, modelTweet, (e, [m, t]) => {
          expect(compileRule(print(e))(t)).toBe(evaluate(e, m));
        }),
        { numRuns: 2000 },
      );
    },
    SLOW,
  );

  it(
    'a OR b matches iff a or b matches',
    () => {
      fc.assert(
        fc.property(rule, rule, tweets, (a, b, t) => {
          expect(compileRule(`(${a}) OR (${b})`)(t)).toBe(compileRule(a)(t) || compileRule(b)(t));
          expect(compileTrack([a, b])(t)).toBe(compileRule(a)(t) || compileRule(b)(t));
        }),
      );
    },
    SLOW,
  );

  it(
    'p -a matches iff p matches and a does not',
    () => {
      fc.assert(
        fc.property(rule, rule, tweets, (p, a, t) => {
          expect(compileRule(`(${p}) -(${a})`)(t)).toBe(compileRule(p)(t) && !compileRule(a)(t));
        }),
      );
    },
    SLOW,
  );

  it(
    "De Morgan's laws hold under negation",
    () => {
      fc.assert(
        fc.property(rule, rule, rule, tweets, (p, a, b, t) => {
          expect(compileRule(`${p} -((${a}) OR (${b}))`)(t)).toBe(compileRule(`${p} -(${a}) -(${b})`)(t));
          expect(compileRule(`${p} -((${a}) (${b}))`)(t)).toBe(compileRule(`${p} (-(${a}) OR -(${b}))`)(t));
        }),
      );
    },
    SLOW,
  );
});
