import type { Tweet } from '../tweet.ts';
import { isObject, type JsonObject } from './json.ts';
import { fromV2Tweet, readIncludes } from './v2-tweet.ts';

/**
 * Normalizes a twarc2 page (also any v2 search/timeline response):
 * `{"data":[…],"includes":{…},"meta":{…},"__twarc":{…}}`. Every tweet of
 * `data` is resolved against the page's own `includes`; entries without text
 * are left out. Flattened twarc2 tweets (one tweet per line with inlined
 * `author` and `referenced_tweets`) need no page and go through
 * `fromV2Tweet` directly.
 */
export function fromTwarcPage(page: JsonObject & { data: unknown[] }): Tweet[] {
  const includes = readIncludes(page.includes);
  const tweets: Tweet[] = [];
  for (const item of page.data) {
    if (!isObject(item)) continue;
    const tweet = fromV2Tweet(item, includes);
    if (tweet !== null) tweets.push(tweet);
  }
  return tweets;
}
