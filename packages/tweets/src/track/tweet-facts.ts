import { extractCashtags, extractHashtags, extractMentions } from '../hashtags.ts';
import type { Tweet } from '../tweet.ts';
import { foldCase, tokenizeText } from './text-tokens.ts';

/**
 * What rules ask of one tweet, each part computed on first use and then kept:
 * a track list of many rules tokenizes the text at most once per tweet, and a
 * rule that only looks at hashtags never tokenizes it at all.
 */
export class TweetFacts {
  readonly tweet: Tweet;
  #tokenSet: Set<string> | undefined;
  #tokens: string[] | undefined;
  #hashtags: Set<string> | undefined;
  #mentions: Set<string> | undefined;
  #cashtags: Set<string> | undefined;

  constructor(tweet: Tweet) {
    this.tweet = tweet;
  }

  /** The folded token sequence of the text (see `text-tokens.ts`). */
  get tokens(): string[] {
    return (this.#tokens ??= tokenizeText(this.tweet.text));
  }

  /** The distinct tokens, so a one-token keyword (most of them) costs one lookup rather than a scan. */
  get tokenSet(): Set<string> {
    return (this.#tokenSet ??= new Set(this.tokens));
  }

  /** Folded hashtags: the source's own entities when it gave them, else extracted from the text. */
  get hashtags(): Set<string> {
    return (this.#hashtags ??= new Set(
      (this.tweet.hashtags ?? extractHashtags(this.tweet.text)).map(foldCase),
    ));
  }

  /** Lowercased mentioned usernames. */
  get mentions(): Set<string> {
    return (this.#mentions ??= new Set(extractMentions(this.tweet.text).map(foldCase)));
  }

  /** Lowercased cashtag symbols. */
  get cashtags(): Set<string> {
    return (this.#cashtags ??= new Set(extractCashtags(this.tweet.text).map(foldCase)));
  }

  /** True when `sequence` (folded tokens, non-empty) occurs contiguously in the text's tokens. */
  hasSequence(sequence: readonly string[]): boolean {
    const head = sequence[0];
    // The set lookup also rejects most multi-token sequences without a scan.
    if (head === undefined || !this.tokenSet.has(head)) return false;
    if (sequence.length === 1) return true;
    const tokens = this.tokens;
    const lastStart = tokens.length - sequence.length;
    for (
      let start = tokens.indexOf(head);
      start !== -1 && start <= lastStart;
      start = tokens.indexOf(head, start + 1)
    ) {
      let i = 1;
      while (i < sequence.length && tokens[start + i] === sequence[i]) i++;
      if (i === sequence.length) return true;
    }
    return false;
  }
}
