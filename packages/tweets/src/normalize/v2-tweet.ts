import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { eventTime } from './event-time.ts';
import { normalizeId } from './ids.ts';
import { isObject, nonEmptyString, type JsonObject } from './json.ts';
import { decodeXText, hashtagEntities, verifiedHashtags } from './x-text.ts';

/**
 * The expansions a v2 response sends beside its tweets (`includes.users`,
 * `includes.tweets`). Empty for a flattened twarc2 tweet, whose expansions are
 * inlined instead. Kept as the raw arrays: a stream line holds a handful and a
 * page at most a few hundred, so a linear lookup beats building maps.
 */
export interface V2Includes {
  users: readonly unknown[];
  tweets: readonly unknown[];
}

const NO_INCLUDES: V2Includes = { users: [], tweets: [] };

/** Reads a response's `includes` object; anything unexpected counts as no expansions. */
export function readIncludes(includes: unknown): V2Includes {
  if (!isObject(includes)) return NO_INCLUDES;
  const users = Array.isArray(includes.users) ? (includes.users as unknown[]) : [];
  const tweets = Array.isArray(includes.tweets) ? (includes.tweets as unknown[]) : [];
  return { users, tweets };
}

/**
 * True for a bare or flattened v2 tweet object (twarc2 `flatten` output, or a
 * `data` element handled on its own): it has fields only v2 uses, or an
 * inlined `author` object. Call after ruling out v1.1, which also has
 * `entities`. Named property reads, not a loop over key names: this runs for
 * every normalized line too, and keyed reads are several times slower.
 */
export function looksLikeV2Tweet(o: JsonObject): boolean {
  return (
    o.author_id !== undefined ||
    o.referenced_tweets !== undefined ||
    o.note_tweet !== undefined ||
    o.edit_history_tweet_ids !== undefined ||
    o.conversation_id !== undefined ||
    o.entities !== undefined ||
    o.public_metrics !== undefined ||
    o.__twarc !== undefined ||
    isObject(o.author)
  );
}

/**
 * Normalizes one v2 tweet object. Full text is `note_tweet.text` over `text`;
 * a retweet takes the retweeted tweet's full text, from the inlined
 * referenced tweet (twarc2 flattened) or from `includes.tweets`, and falls
 * back to its own truncated `RT @x: …` text (then without an entity list,
 * since nothing says that list matches the truncation). The author is the
 * inlined `author.username` or the `includes.users` entry for `author_id`.
 * Returns null when the object has no text at all.
 */
export function fromV2Tweet(t: JsonObject, includes: V2Includes): Tweet | null {
  const own = fullText(t);
  if (own === undefined) return null;
  const retweeted = retweetedRef(t);
  let chosen = own;
  if (retweeted !== undefined) {
    const target = typeof retweeted.text === 'string' ? retweeted : findById(includes.tweets, retweeted.id);
    chosen = (target && fullText(target)) ?? { text: own.text, hashtags: undefined };
  }
  const id = normalizeId(t.id);
  return buildTweet(
    id,
    eventTime(t.created_at, id),
    chosen.text,
    retweeted !== undefined,
    authorOf(t, includes),
    nonEmptyString(t.lang) ?? null,
    chosen.hashtags,
  );
}

interface TextAndTags {
  text: string;
  hashtags: string[] | undefined;
}

/** A tweet's full text with the entity list that belongs to that exact text. */
function fullText(t: JsonObject): TextAndTags | undefined {
  const note = t.note_tweet;
  if (isObject(note) && typeof note.text === 'string') {
    const text = decodeXText(note.text);
    return { text, hashtags: verifiedHashtags(hashtagEntities(note.entities), text, 'tag') };
  }
  if (typeof t.text !== 'string') return undefined;
  const text = decodeXText(t.text);
  return { text, hashtags: verifiedHashtags(hashtagEntities(t.entities), text, 'tag') };
}

function retweetedRef(t: JsonObject): JsonObject | undefined {
  if (!Array.isArray(t.referenced_tweets)) return undefined;
  for (const ref of t.referenced_tweets as unknown[]) {
    if (isObject(ref) && ref.type === 'retweeted') return ref;
  }
  return undefined;
}

function authorOf(t: JsonObject, includes: V2Includes): string | null {
  if (isObject(t.author)) {
    const inlined = nonEmptyString(t.author.username);
    if (inlined !== undefined) return inlined;
  }
  const user = findById(includes.users, t.author_id);
  return (user && nonEmptyString(user.username)) ?? null;
}

function findById(list: readonly unknown[], id: unknown): JsonObject | undefined {
  if (typeof id !== 'string') return undefined;
  for (const item of list) if (isObject(item) && item.id === id) return item;
  return undefined;
}
