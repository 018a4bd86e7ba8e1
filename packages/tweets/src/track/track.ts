import type { Tweet } from '../tweet.ts';
import { compileNode, type FactsPredicate } from './match.ts';
import { parseRule } from './parse.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { TweetFacts } from './tweet-facts.ts';

/**
 * Compiles one rule into a tweet filter.
 *
 * @throws {RuleSyntaxError} when the rule does not parse.
 */
export function compileRule(rule: string): (tweet: Tweet) => boolean {
  const match = compileNode(parseRule(rule));
  return (tweet) => match(new TweetFacts(tweet));
}

/**
 * Compiles a track list: a tweet passes when it matches any entry (each entry
 * is one X stream rule); an empty list lets everything through.
 *
 * @throws {RuleSyntaxError} for the first bad entry, with `index` set to it.
 */
export function compileTrack(keywords: readonly string[]): (tweet: Tweet) => boolean {
  if (keywords.length === 0) return () => true;
  const rules = compileEach(keywords);
  return (tweet) => {
    // One facts object for all entries: the text is tokenized once per tweet.
    const facts = new TweetFacts(tweet);
    return rules.some((rule) => rule(facts));
  };
}

/**
 * Compiles several rules to be asked of one tweet together (trackers, each its own rule): the
 * returned function says, for each rule in order, whether the tweet matches it, tokenizing the
 * text at most once for all of them.
 *
 * @throws {RuleSyntaxError} for the first bad rule, with `index` set to it.
 */
export function compileRules(rules: readonly string[]): (tweet: Tweet) => boolean[] {
  const compiled = compileEach(rules);
  return (tweet) => {
    const facts = new TweetFacts(tweet);
    return compiled.map((rule) => rule(facts));
  };
}

function compileEach(rules: readonly string[]): FactsPredicate[] {
  return rules.map((rule, index) => {
    try {
      return compileNode(parseRule(rule));
    } catch (err) {
      throw err instanceof RuleSyntaxError ? err.atIndex(index) : err;
    }
  });
}

/** Where and why a track list is invalid, shaped for a REST error body. */
export interface TrackError {
  /** The bad entry of the list. */
  index: number;
  /** 0-based UTF-16 index into that entry. */
  position: number;
  /** Length of the bad span (0 for something missing at `position`). */
  length: number;
  /** The problem, without the entry prefix. */
  message: string;
}

/** Checks every entry of a track list; returns the first problem, or null when all parse. */
export function validateTrack(keywords: readonly string[]): TrackError | null {
  for (const [index, rule] of keywords.entries()) {
    try {
      parseRule(rule);
    } catch (err) {
      if (!(err instanceof RuleSyntaxError)) throw err;
      return { index, position: err.position, length: err.length, message: err.reason };
    }
  }
  return null;
}
