import type { WireTweet } from '@tagstream/protocol';
import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { eventTime } from './event-time.ts';
import { normalizeId } from './ids.ts';
import { nonEmptyString, type JsonObject } from './json.ts';
import { verifiedHashtags } from './x-text.ts';

/**
 * Reads the normalized wire form (DESIGN §3), by the keys of its one definition
 * (`WireTweet` in @tagstream/protocol):
 * `{"id","created_at","text", lang?, author?, rt?, hashtags?, trackers?}`. Also serves
 * bare tweets from other tools that only carry `id`/`created_at`/`text`.
 * Its text is taken as is (it was already decoded by whoever normalized it).
 * Returns null when `text` is not a string.
 */
export function fromNormalized(json: JsonObject): Tweet | null {
  const o = json as { [K in keyof WireTweet]?: unknown };
  const text = o.text;
  if (typeof text !== 'string') return null;
  const id = normalizeId(o.id);
  const author = nonEmptyString(o.author);
  const tweet = buildTweet(
    id,
    eventTime(o.created_at, id),
    text,
    o.rt === true,
    author === undefined ? null : author.startsWith('@') ? author.slice(1) || null : author,
    nonEmptyString(o.lang) ?? null,
    o.hashtags === undefined ? undefined : verifiedHashtags(o.hashtags, text),
  );
  const trackers = stringList(o.trackers);
  if (trackers !== undefined) tweet.trackers = trackers;
  return tweet;
}

/** A list of strings as sent, or undefined for anything else (a routing we cannot read is no routing). */
function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const v of value) if (typeof v !== 'string') return undefined;
  return value as string[];
}
