import type { Tweet } from '../tweet.ts';

/**
 * Assembles a Tweet with a fixed property order (one hidden class for the
 * hot path) and without a `hashtags` key when the list is unknown, so that
 * `JSON.stringify` and deep equality see the same shape whatever the source.
 */
export function buildTweet(
  id: string | null,
  time: number | null,
  text: string,
  retweet: boolean,
  author: string | null,
  lang: string | null,
  hashtags: string[] | undefined,
): Tweet {
  const tweet: Tweet = { id, time, text, retweet, author, lang };
  if (hashtags !== undefined) tweet.hashtags = hashtags;
  return tweet;
}
