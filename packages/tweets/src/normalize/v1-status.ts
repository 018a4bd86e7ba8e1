import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { parseCreatedAt } from './event-time.ts';
import { normalizeId, snowflakeTime } from './ids.ts';
import { isObject, nonEmptyString, type JsonObject } from './json.ts';
import { decodeXText, hashtagEntities, verifiedHashtags } from './x-text.ts';

/**
 * True for a v1.1 status object: it has fields neither v2 nor the normalized
 * form use (`id_str`, a `user` object, `retweeted_status`, `extended_tweet`,
 * `full_text`).
 */
export function looksLikeV1Status(o: JsonObject): boolean {
  return (
    typeof o.id_str === 'string' ||
    isObject(o.user) ||
    isObject(o.retweeted_status) ||
    isObject(o.extended_tweet) ||
    typeof o.full_text === 'string'
  );
}

/**
 * Normalizes a v1.1 status (stream capture, REST, or search `statuses[]`).
 * Full text: `extended_tweet.full_text` > `full_text` > `text`, and for a
 * retweet the retweeted status's full text. `id_str` is preferred over the
 * numeric `id`, which JSON.parse has already rounded when past 2^53.
 * Event time: `created_at`, else the stream's `timestamp_ms`, else the id.
 * Returns null when the status has no text in any field.
 */
export function fromV1Status(s: JsonObject): Tweet | null {
  const own = fullText(s);
  if (own === undefined) return null;
  const retweet = isObject(s.retweeted_status);
  // A retweet's own text is `RT @x: …` cut at 140 characters; the original's is the real one.
  const chosen = (isObject(s.retweeted_status) && fullText(s.retweeted_status)) || own;
  const id = normalizeId(s.id_str) ?? normalizeId(s.id);
  return buildTweet(
    id,
    parseCreatedAt(s.created_at) ?? timestampMs(s.timestamp_ms) ?? snowflakeTime(id),
    chosen.text,
    retweet,
    (isObject(s.user) && nonEmptyString(s.user.screen_name)) || null,
    nonEmptyString(s.lang) ?? null,
    chosen === own && retweet ? undefined : chosen.hashtags,
  );
}

interface TextAndTags {
  text: string;
  hashtags: string[] | undefined;
}

/** A status's full text with the entity list that belongs to that exact text. */
function fullText(s: JsonObject): TextAndTags | undefined {
  const ext = s.extended_tweet;
  if (isObject(ext) && typeof ext.full_text === 'string') {
    const text = decodeXText(ext.full_text);
    return { text, hashtags: verifiedHashtags(hashtagEntities(ext.entities), text, 'text') };
  }
  if (typeof s.full_text === 'string') {
    // tweet_mode=extended: the top-level entities describe full_text.
    const text = decodeXText(s.full_text);
    return { text, hashtags: verifiedHashtags(hashtagEntities(s.entities), text, 'text') };
  }
  if (typeof s.text !== 'string') return undefined;
  const text = decodeXText(s.text);
  // A truncated compat-mode text ends in `… https://t.co/…`; its entities
  // describe the cut text, which is not the tweet we count. Use the text only.
  const hashtags =
    s.truncated === true ? undefined : verifiedHashtags(hashtagEntities(s.entities), text, 'text');
  return { text, hashtags };
}

function timestampMs(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[0-9]{1,15}$/.test(value)) return null;
  return Number(value);
}
