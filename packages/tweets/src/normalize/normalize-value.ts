import type { StreamMark, WatermarkLine } from '@tagstream/protocol';
import type { Tweet } from '../tweet.ts';
import { parseCreatedAt } from './event-time.ts';
import { isObject, type JsonObject } from './json.ts';
import { fromNormalized } from './normalized.ts';
import { fromTwarcPage } from './twarc.ts';
import { fromV1Status, looksLikeV1Status } from './v1-status.ts';
import { fromV2StreamLine } from './v2-stream-line.ts';
import { fromV2Tweet, looksLikeV2Tweet, readIncludes } from './v2-tweet.ts';

/**
 * A watermark line's mark that a finite stream (a replay) begins or has ended
 * (DESIGN §3): `{"watermark":"…","stream":"begin"}`, defined with the line in
 * @tagstream/protocol. A consumer that does not know marks reads the line as a
 * plain watermark.
 */
export type { StreamMark };

// Every mark of the protocol's definition, and no other: the compiler holds this table to it.
// Types only from @tagstream/protocol: the reader runs without loading its schemas.
const STREAM_MARKS = { begin: true, end: true } as const satisfies Record<StreamMark, true>;

function isStreamMark(value: unknown): value is StreamMark {
  return typeof value === 'string' && Object.hasOwn(STREAM_MARKS, value);
}

/** What one parsed JSON value amounts to. */
export type JsonResult =
  | { kind: 'tweets'; tweets: Tweet[] }
  | { kind: 'watermark'; time: number; stream?: StreamMark }
  | { kind: 'skip'; reason: string }
  | { kind: 'malformed'; reason: string };

// Stream notices that carry no tweet (v1.1 streaming and user streams); named in the skip reason.
const NOTICE_KEYS = [
  'limit',
  'delete',
  'status_withheld',
  'user_withheld',
  'scrub_geo',
  'disconnect',
  'warning',
  'event',
  'friends',
  'friends_str',
  'direct_message',
  'control',
] as const;

/** `{"statuses":[{"statuses":…}]}` and the like may nest; real formats need two levels, hostile input gets no more. */
const MAX_NESTING = 4;

/**
 * Normalizes one parsed JSON value of any supported format (DESIGN §3, §7):
 * a watermark, the normalized form, a v2 stream line, a twarc2 page, a bare
 * or flattened v2 tweet, a v1.1 status, a v1.1 search result
 * (`{"statuses":[…]}`) or an array of any of these. JSON that is not a tweet
 * (stream notices, errors-only responses, scalars, arrays without tweets) is
 * a skip; a watermark whose time cannot be read is malformed.
 */
export function normalizeValue(value: unknown): JsonResult {
  return normalizeAt(value, 0);
}

function normalizeAt(value: unknown, depth: number): JsonResult {
  if (Array.isArray(value)) return fromArray(value as unknown[], depth);
  if (!isObject(value))
    return { kind: 'skip', reason: `JSON ${value === null ? 'null' : typeof value} is not a tweet` };
  const o = value;
  const mark = o as { [K in keyof WatermarkLine]?: unknown };
  if (mark.watermark !== undefined && o.text === undefined) return watermark(mark.watermark, mark.stream);
  if (Array.isArray(o.data))
    return tweetsOrSkip(fromTwarcPage(o as JsonObject & { data: unknown[] }), 'page');
  if (isObject(o.data)) return single(fromV2StreamLine(o as JsonObject & { data: JsonObject }), 'v2 data');
  if (Array.isArray(o.statuses)) return fromArray(o.statuses as unknown[], depth);
  if (looksLikeV1Status(o)) return single(fromV1Status(o), 'v1.1 status');
  if (looksLikeV2Tweet(o)) return single(fromV2Tweet(o, readIncludes(o.includes)), 'v2 tweet');
  if (typeof o.text === 'string') return single(fromNormalized(o), 'object');
  return { kind: 'skip', reason: notTweetReason(o) };
}

function fromArray(items: unknown[], depth: number): JsonResult {
  const tweets: Tweet[] = [];
  if (depth < MAX_NESTING) {
    for (const item of items) {
      // Only objects: arrays inside arrays are not a recording format, and
      // skipping them keeps the work linear in the input.
      if (!isObject(item)) continue;
      const result = normalizeAt(item, depth + 1);
      if (result.kind === 'tweets') for (const t of result.tweets) tweets.push(t);
    }
  }
  return tweetsOrSkip(tweets, 'array');
}

function watermark(value: unknown, stream: unknown): JsonResult {
  const time = parseCreatedAt(value);
  if (time === null) return { kind: 'malformed', reason: 'watermark is not an ISO 8601 time' };
  // An unknown mark is a later protocol's business: the line still promises its time.
  return isStreamMark(stream) ? { kind: 'watermark', time, stream } : { kind: 'watermark', time };
}

function single(tweet: Tweet | null, what: string): JsonResult {
  return tweet === null
    ? { kind: 'skip', reason: `${what} without text` }
    : { kind: 'tweets', tweets: [tweet] };
}

function tweetsOrSkip(tweets: Tweet[], what: string): JsonResult {
  return tweets.length === 0
    ? { kind: 'skip', reason: `${what} without tweets` }
    : { kind: 'tweets', tweets };
}

function notTweetReason(o: JsonObject): string {
  // Keyed reads are slow, but only lines that are no tweet get here.
  for (const key of NOTICE_KEYS) if (o[key] !== undefined) return `${key} notice`;
  if (Array.isArray(o.errors)) return 'errors-only response';
  return 'JSON object is not a tweet';
}
