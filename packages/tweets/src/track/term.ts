import { extractCashtags, extractHashtags } from '../hashtags.ts';
import type { RuleNode } from './ast.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { tokenizeText } from './text-tokens.ts';

const USERNAME_CHAR = /[A-Za-z0-9_]/;
const MAX_USERNAME = 15;
const LANG_CODE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const OPERATOR = /^([A-Za-z_]+):/;
const HAS_VALUES = ['hashtags', 'mentions', 'cashtags'] as const;

/**
 * X operators this matcher cannot evaluate on a replayed tweet (no URLs,
 * replies, places or profiles in our tweet shape). Naming them apart from
 * typos tells the user the rule is fine for X but not here.
 */
const UNSUPPORTED_OPERATORS = new Set([
  'to',
  'url',
  'retweets_of',
  'context',
  'entity',
  'conversation_id',
  'bio',
  'bio_name',
  'bio_location',
  'place',
  'place_country',
  'point_radius',
  'bounding_box',
  'sample',
  'source',
  'in_reply_to_tweet_id',
  'retweets_of_tweet_id',
  'quotes_of_tweet_id',
  'followers_count',
  'following_count',
  'tweets_count',
  'listed_count',
  'url_title',
  'url_description',
  'url_contains',
  'embedding',
  'embedding_threshold',
]);

/** Turns one bare word of a rule (`ether`, `#eth`, `@user`, `$BTC`, `from:user`…) into its node, or explains why it is not one. */
export function parseWord(text: string, position: number): RuleNode {
  const length = text.length;
  const sign = text[0];
  if (sign === '#') return { type: 'hashtag', tag: checkHashtag(text, position), position, length };
  if (sign === '@')
    return { type: 'mention', user: checkUsername(text.slice(1), position + 1, '@'), position, length };
  // `$` before a digit or symbol is money or maths, not a cashtag: leave it to keyword tokenization.
  if (sign === '$' && /^\$[A-Za-z]/.test(text)) {
    return { type: 'cashtag', symbol: checkCashtag(text, position), position, length };
  }
  const op = OPERATOR.exec(text);
  if (op) return parseOperator(op[1] ?? '', text, position);
  return {
    type: 'keyword',
    text,
    tokens: keywordTokens(text, position, length, `'${text}'`),
    position,
    length,
  };
}

/** A quoted phrase's node; `length` spans the quotes. */
export function parsePhrase(text: string, position: number, length: number): RuleNode {
  if (text === '') throw new RuleSyntaxError('empty quoted phrase', position, length);
  return {
    type: 'phrase',
    text,
    tokens: keywordTokens(text, position, length, `"${text}"`),
    position,
    length,
  };
}

function keywordTokens(text: string, position: number, length: number, shown: string): string[] {
  const tokens = tokenizeText(text);
  if (tokens.length === 0) {
    throw new RuleSyntaxError(
      `${shown} has nothing to match: it needs a letter, digit, symbol or emoji (punctuation is ignored)`,
      position,
      length,
    );
  }
  return tokens;
}

/** A rule hashtag is valid when the tweet-side extractor would find exactly it, so the rule can match at all. */
function checkHashtag(text: string, position: number): string {
  const tag = text.slice(1);
  if (tag === '') throw new RuleSyntaxError("'#' needs a hashtag name after it", position, 1);
  const found = extractHashtags(text);
  if (found.length === 1 && found[0] === tag) return tag;
  const prefix = found[0];
  if (found.length === 1 && prefix !== undefined && prefix !== '' && tag.startsWith(prefix)) {
    const bad = String.fromCodePoint(tag.codePointAt(prefix.length) ?? 0);
    throw new RuleSyntaxError(
      `'${bad}' cannot appear in a hashtag`,
      position + 1 + prefix.length,
      bad.length,
    );
  }
  if (/^\p{N}+$/u.test(tag))
    throw new RuleSyntaxError('a hashtag cannot be only digits', position, text.length);
  throw new RuleSyntaxError(`'${text}' is not a valid hashtag`, position, text.length);
}

/** As for hashtags: the cashtag must be exactly what the extractor finds (`$BTC`, letters only). */
function checkCashtag(text: string, position: number): string {
  const symbol = text.slice(1);
  const found = extractCashtags(text);
  if (found.length === 1 && found[0] === symbol) return symbol;
  throw new RuleSyntaxError(`'${text}' is not a valid cashtag`, position, text.length);
}

/** X usernames: 1 to 15 of `A-Z a-z 0-9 _`. `what` names the syntax in messages (`@`, `from:`). */
function checkUsername(user: string, position: number, what: string): string {
  if (user === '')
    throw new RuleSyntaxError(`'${what}' needs a username after it`, position - what.length, what.length);
  for (let i = 0; i < user.length; i++) {
    const ch = String.fromCodePoint(user.codePointAt(i) ?? 0);
    if (!USERNAME_CHAR.test(ch)) {
      const hint = ch === '@' && i === 0 ? ` (write ${what}user without '@')` : '';
      throw new RuleSyntaxError(`'${ch}' cannot appear in a username${hint}`, position + i, ch.length);
    }
  }
  if (user.length > MAX_USERNAME) {
    throw new RuleSyntaxError(
      `username longer than ${MAX_USERNAME} characters`,
      position + MAX_USERNAME,
      user.length - MAX_USERNAME,
    );
  }
  return user;
}

function parseOperator(name: string, text: string, position: number): RuleNode {
  const op = name.toLowerCase();
  const nameLength = name.length + 1;
  const value = text.slice(nameLength);
  const valuePosition = position + nameLength;
  const length = text.length;
  const known = op === 'from' || op === 'lang' || op === 'is' || op === 'has';
  if (!known) {
    const message = UNSUPPORTED_OPERATORS.has(op)
      ? `operator '${name}:' is not supported in track rules`
      : `unknown operator '${name}:'`;
    throw new RuleSyntaxError(message, position, nameLength);
  }
  if (value === '') throw new RuleSyntaxError(`operator '${name}:' needs a value`, position, nameLength);
  switch (op) {
    case 'from':
      return { type: 'from', user: checkUsername(value, valuePosition, 'from:'), position, length };
    case 'lang':
      if (!LANG_CODE.test(value)) {
        throw new RuleSyntaxError(
          `'${value}' is not a language code (like en, ja or pt-BR)`,
          valuePosition,
          value.length,
        );
      }
      return { type: 'lang', lang: value.toLowerCase(), position, length };
    case 'is':
      if (value.toLowerCase() !== 'retweet') {
        throw new RuleSyntaxError(`'is:${value}' is not supported (only is:retweet is)`, position, length);
      }
      return { type: 'is', what: 'retweet', position, length };
    default: {
      const what = HAS_VALUES.find((v) => v === value.toLowerCase());
      if (what === undefined) {
        throw new RuleSyntaxError(
          `'has:${value}' is not supported (supported: ${HAS_VALUES.map((v) => `has:${v}`).join(', ')})`,
          position,
          length,
        );
      }
      return { type: 'has', what, position, length };
    }
  }
}
