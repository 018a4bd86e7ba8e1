// twitter-text's URL grammar, rebuilt as regexes. Where it decides which text a URL covers, a regex is
// the only faithful model: the outcome depends on the engine's backtracking order (TLD alternatives tried
// in list order, greedy path segments), so the structure below keeps that order on purpose.
import {
  BIDI_RANGES,
  CYRILLIC_RANGES,
  LATIN_ACCENT_RANGES,
  NONCHAR_RANGES,
  PUNCT_RANGES,
  SPACE_RANGES,
  classBody,
} from './charsets.ts';
import { COUNTRY_TLDS, GENERIC_TLDS } from './tld-data.ts';

const latin = classBody(LATIN_ACCENT_RANGES);
const cyrillic = classBody(CYRILLIC_RANGES);
const nonchars = classBody(NONCHAR_RANGES);

/** Any character but punctuation, whitespace, noncharacters and bidi controls: IDNs are welcome. */
const domainChar = `[^${classBody(PUNCT_RANGES)}${classBody(SPACE_RANGES)}${nonchars}${classBody(BIDI_RANGES)}]`;
/** One label and its dot; `inner` is what may appear inside but not at either end. */
const label = (inner: string): string => `(?:(?:${domainChar}(?:${inner}|${domainChar})*)?${domainChar}\\.)`;

const tldEnd = '(?=[^0-9a-zA-Z@+-]|$)';
const tld = `(?:(?:${GENERIC_TLDS})${tldEnd}|(?:${COUNTRY_TLDS})${tldEnd}|xn--[\\-0-9a-z]+)`;
const domain = `${label('[_-]')}*${label('-')}${tld}`;

const pathChar = `[a-z${cyrillic}0-9!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&${latin}]`;
/** Up to two levels of balanced parentheses, as in `/wiki/Primer_(film)`. */
const parens = `\\((?:${pathChar}+|(?:${pathChar}*\\(${pathChar}+\\)${pathChar}*))\\)`;
/** So that `/foo.` does not swallow the sentence's full stop. */
const pathEnd = `[+\\-a-z${cyrillic}0-9=_#/${latin}]`;
/** A path segment ends on an ending character, or is a lone parenthesised group, or an `@name/` part. */
const pathSegment = `(?:${pathChar}*(?:${parens}${pathChar}*)*${pathEnd}|${parens}|@${pathChar}+/)`;

const queryChar = "[a-z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]";
const queryEnd = '[a-z0-9\\-_&=#/]';
const query = `\\?${queryChar}*${queryEnd}`;

/**
 * A URL candidate. Groups: 1 the consumed preceding character (empty at the start), 2 the URL,
 * 3 the protocol, 4 the host, 5 the path. Global: callers reset `lastIndex`.
 */
export const URL_PATTERN = new RegExp(
  `([^A-Za-z0-9@\\uff20$#\\uff03${nonchars}]|^)((https?://)?(${domain})(?::[0-9]+)?(/${pathSegment}*)?(?:${query})?)`,
  'gi',
);

/** Host names twitter-text accepts without a protocol (ASCII and accented Latin only). Global. */
export const ASCII_DOMAIN = new RegExp(`(?:[\\-a-z0-9${latin}]+\\.)+${tld}`, 'gi');

/** A t.co link, whose slug twitter-text caps and after which it allows no path. Group 1: the slug. */
export const TCO_URL = new RegExp(`^https?://t\\.co/([a-z0-9]+)(?:${query})?`, 'i');

/** Characters that, right before a protocol-less URL, make twitter-text ignore it. */
export const BAD_BEFORE_BARE_URL = /[-_./]$/;
