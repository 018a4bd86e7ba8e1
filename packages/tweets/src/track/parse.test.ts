import { describe, expect, it } from 'vitest';
import type { RuleNode } from './ast.ts';
import { MAX_DEPTH, parseRule } from './parse.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';

/** A compact rendering of the tree, so expectations read like the rules themselves. */
function sexpr(node: RuleNode): string {
  switch (node.type) {
    case 'or':
    case 'and':
      return `(${node.type} ${node.children.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(node.child)})`;
    case 'keyword':
      return node.tokens.join('+');
    case 'phrase':
      return `"${node.tokens.join(' ')}"`;
    case 'hashtag':
      return `#${node.tag}`;
    case 'mention':
      return `@${node.user}`;
    case 'cashtag':
      return `$${node.symbol}`;
    case 'from':
      return `from:${node.user}`;
    case 'lang':
      return `lang:${node.lang}`;
    case 'is':
      return `is:${node.what}`;
    case 'has':
      return `has:${node.what}`;
  }
}

function parsed(rule: string): string {
  return sexpr(parseRule(rule));
}

function errorOf(rule: string): { message: string; position: number; length: number } {
  try {
    parseRule(rule);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleSyntaxError);
    const { message, position, length } = err as RuleSyntaxError;
    return { message, position, length };
  }
  throw new Error(`expected ${JSON.stringify(rule)} to be rejected`);
}

describe('parseRule: structure', () => {
  it.each([
    ['ether', 'ether'],
    ['a b c', '(and a b c)'],
    ['a OR b OR c', '(or a b c)'],
    // AND binds tighter than OR, X's documented examples included.
    ['a b OR c d', '(or (and a b) (and c d))'],
    ['apple OR iphone ipad', '(or apple (and iphone ipad))'],
    ['ipad iphone OR android', '(or (and ipad iphone) android)'],
    ['a (b OR c) d', '(and a (or b c) d)'],
    ['(a b) OR (c d)', '(or (and a b) (and c d))'],
    ['((a))', 'a'],
    ['(a OR (b (c OR d)))', '(or a (and b (or c d)))'],
    ['a(b)c', '(and a b c)'],
    // Only uppercase OR is the operator.
    ['a or b', '(and a or b)'],
    ['a Or b', '(and a or b)'],
    ['a ORb', '(and a orb)'],
    ['-a b', '(and (not a) b)'],
    ['b -(a OR c)', '(and b (not (or a c)))'],
    ['b -"foo bar"', '(and b (not "foo bar"))'],
    ['x -is:retweet', '(and x (not is:retweet))'],
    ['  a\t\nb  ', '(and a b)'],
    // A dash inside a word is part of it, and splits it into tokens.
    ['covid-19', 'covid+19'],
    ['node.js', 'node+js'],
    ['a-b -c', '(and a+b (not c))'],
    ['東京', '東+京'],
    ['👍🏽', '👍🏽'],
    ['$100', '$+100'],
  ])('%s → %s', (rule, tree) => {
    expect(parsed(rule)).toBe(tree);
  });

  it('reads every operator', () => {
    expect(
      parsed(
        '#Eth @Vitalik $BTC from:Someone_1 lang:PT-br is:retweet has:hashtags has:mentions has:cashtags',
      ),
    ).toBe(
      '(and #Eth @Vitalik $BTC from:Someone_1 lang:pt-br is:retweet has:hashtags has:mentions has:cashtags)',
    );
    expect(parsed('x FROM:a IS:Retweet HAS:Hashtags')).toBe('(and x from:a is:retweet has:hashtags)');
  });

  it('reads phrases with their escapes', () => {
    expect(parseRule('"exact phrase"')).toMatchObject({
      type: 'phrase',
      text: 'exact phrase',
      tokens: ['exact', 'phrase'],
    });
    expect(parseRule(String.raw`"say \"hi\" now"`)).toMatchObject({
      text: 'say "hi" now',
      tokens: ['say', 'hi', 'now'],
    });
    expect(parseRule(String.raw`"back\\slash"`)).toMatchObject({ text: String.raw`back\slash` });
    // Any other backslash is literal.
    expect(parseRule(String.raw`"a\nb"`)).toMatchObject({ text: String.raw`a\nb` });
    // Operators, OR and parentheses are plain text inside quotes.
    expect(parseRule('"from:x OR (y)"')).toMatchObject({ type: 'phrase', tokens: ['from', 'x', 'or', 'y'] });
    expect(parsed('"a b""c"')).toBe('(and "a b" "c")');
    expect(parsed('x"a b"')).toBe('(and x "a b")');
  });

  it('records spans, closing parentheses included', () => {
    const node = parseRule('x -(a OR b) "p q"');
    expect(node).toMatchObject({ type: 'and', position: 0, length: 17 });
    if (node.type !== 'and') throw new Error('not an and');
    expect(node.children.map((c) => [c.type, c.position, c.length])).toEqual([
      ['keyword', 0, 1],
      ['not', 2, 9],
      ['phrase', 12, 5],
    ]);
    expect(parseRule('(a b) OR c')).toMatchObject({ type: 'or', position: 0, length: 10 });
  });

  it('accepts a rule of exactly 512 characters, counting code points', () => {
    expect(() => parseRule('a'.repeat(512))).not.toThrow();
    // 512 emoji are 1024 UTF-16 units but 512 characters.
    expect(() => parseRule('😀'.repeat(512))).not.toThrow();
    expect(() => parseRule(`${'('.repeat(MAX_DEPTH)}a${')'.repeat(MAX_DEPTH)}`)).not.toThrow();
  });
});

describe('parseRule: errors', () => {
  it.each([
    ['', 'empty rule', 0, 0],
    ['   ', 'empty rule', 0, 3],
    ['a (b OR c', "unbalanced parenthesis: this '(' is never closed", 2, 1],
    ['((a)', "unbalanced parenthesis: this '(' is never closed", 0, 1],
    ['(', "unbalanced parenthesis: this '(' is never closed", 0, 1],
    ['a) b', "unbalanced parenthesis: this ')' has no matching '('", 1, 1],
    [')', "unbalanced parenthesis: this ')' has no matching '('", 0, 1],
    ['(a)) b', "unbalanced parenthesis: this ')' has no matching '('", 3, 1],
    ['a ( ) b', 'empty parentheses', 2, 3],
    ['x "abc', "unterminated quote: this '\"' is never closed", 2, 1],
    [String.raw`x "abc\"`, "unterminated quote: this '\"' is never closed", 2, 1],
    ['x ""', 'empty quoted phrase', 2, 2],
    [
      'x "?!"',
      '"?!" has nothing to match: it needs a letter, digit, symbol or emoji (punctuation is ignored)',
      2,
      4,
    ],
    [
      'x ...',
      "'...' has nothing to match: it needs a letter, digit, symbol or emoji (punctuation is ignored)",
      2,
      3,
    ],
    ['a OR', 'OR needs a term on both sides', 2, 2],
    ['OR a', 'OR needs a term on both sides', 0, 2],
    ['a OR OR b', 'OR needs a term on both sides', 2, 2],
    ['(a OR) b', 'OR needs a term on both sides', 3, 2],
    ['b (OR a)', 'OR needs a term on both sides', 3, 2],
    ['OR', 'OR needs a term on both sides', 0, 2],
    ['a - b', "negation of nothing: '-' must touch the term, phrase or group it negates", 2, 1],
    ['a -', "negation of nothing: '-' must touch the term, phrase or group it negates", 2, 1],
    ['(a -)', "negation of nothing: '-' must touch the term, phrase or group it negates", 3, 1],
    ['a -OR b', "negation of nothing: '-' cannot negate OR", 2, 1],
    ['a --b', 'double negation is not allowed', 2, 2],
    ['a foo:bar', "unknown operator 'foo:'", 2, 4],
    ['a https://x.com', "unknown operator 'https:'", 2, 6],
    ['a url:x.com', "operator 'url:' is not supported in track rules", 2, 4],
    ['a to:me', "operator 'to:' is not supported in track rules", 2, 3],
    ['a from:', "operator 'from:' needs a value", 2, 5],
    ['a from:@me', "'@' cannot appear in a username (write from:user without '@')", 7, 1],
    ['a from:me!', "'!' cannot appear in a username", 9, 1],
    ['a from:abcdefghijklmnopq', 'username longer than 15 characters', 22, 2],
    ['a @', "'@' needs a username after it", 2, 1],
    ['a @x.y', "'.' cannot appear in a username", 4, 1],
    ['a lang:english', "'english' is not a language code (like en, ja or pt-BR)", 7, 7],
    ['a is:reply', "'is:reply' is not supported (only is:retweet is)", 2, 8],
    [
      'a has:media',
      "'has:media' is not supported (supported: has:hashtags, has:mentions, has:cashtags)",
      2,
      9,
    ],
    ['a #', "'#' needs a hashtag name after it", 2, 1],
    ['a #covid-19', "'-' cannot appear in a hashtag", 8, 1],
    ['a #123', 'a hashtag cannot be only digits', 2, 4],
    ['a $TOOLONGX', "'$TOOLONGX' is not a valid cashtag", 2, 9],
    [
      '-a',
      'a rule cannot be only negated terms: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      0,
      2,
    ],
    [
      '-is:retweet -#x',
      'a rule cannot be only negated terms: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      0,
      15,
    ],
    [
      'a OR -b',
      'a rule cannot be only negated terms: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      5,
      2,
    ],
    [
      'a OR (b OR (-c -d))',
      'a rule cannot be only negated terms: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      12,
      5,
    ],
    [
      'lang:en',
      '\'lang:en\' cannot be used alone: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      0,
      7,
    ],
    [
      'a OR is:retweet -b',
      '\'is:retweet\' cannot be used alone: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      5,
      13,
    ],
    [
      '-a has:hashtags',
      '\'has:hashtags\' cannot be used alone: add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user',
      0,
      15,
    ],
  ])('%j: %s at %i+%i', (rule, message, position, length) => {
    expect(errorOf(rule)).toEqual({ message, position, length });
  });

  it('reports the leftmost problem', () => {
    expect(errorOf(') "abc').position).toBe(0);
    expect(errorOf('#123 - a').position).toBe(0);
    expect(errorOf('a - "b').position).toBe(2);
  });

  it('rejects rules over 512 characters, pointing at the excess', () => {
    expect(errorOf('a'.repeat(513))).toEqual({
      message: 'rule longer than 512 characters',
      position: 512,
      length: 1,
    });
    // 😀 is two UTF-16 units: the 513th character starts at index 1024.
    expect(errorOf('😀'.repeat(520))).toEqual({
      message: 'rule longer than 512 characters',
      position: 1024,
      length: 16,
    });
  });

  it('bounds nesting without overflowing the stack', () => {
    const deep = MAX_DEPTH + 1;
    expect(errorOf(`${'('.repeat(deep)}a${')'.repeat(deep)}`)).toEqual({
      message: `parentheses nested more than ${MAX_DEPTH} deep`,
      position: MAX_DEPTH,
      length: 1,
    });
    expect(errorOf('('.repeat(10_000)).message).toBe('rule longer than 512 characters');
    expect(errorOf(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`).position).toBe(512);
    expect(errorOf('-('.repeat(100) + 'a' + ')'.repeat(100)).message).toBe(
      `parentheses nested more than ${MAX_DEPTH} deep`,
    );
  });

  it('throws RuleSyntaxError with name and fields', () => {
    try {
      parseRule('a (');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Error);
      expect(err).toBeInstanceOf(RuleSyntaxError);
      expect(err).toMatchObject({ name: 'RuleSyntaxError', position: 2, length: 1, index: undefined });
    }
  });
});
