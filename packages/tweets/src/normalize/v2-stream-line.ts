import type { Tweet } from '../tweet.ts';
import type { JsonObject } from './json.ts';
import { fromV2Tweet, readIncludes } from './v2-tweet.ts';

/**
 * Normalizes an X API v2 filtered-stream line,
 * `{"data":{…},"includes":{…},"matching_rules":[…]}`, whose `data` is one
 * tweet object resolved against that line's `includes`. A line that carries
 * `errors` beside its `data` (a partial error, e.g. a deleted referenced
 * tweet) still yields the tweet. Returns null when `data` has no text.
 */
export function fromV2StreamLine(line: JsonObject & { data: JsonObject }): Tweet | null {
  return fromV2Tweet(line.data, readIncludes(line.includes));
}
