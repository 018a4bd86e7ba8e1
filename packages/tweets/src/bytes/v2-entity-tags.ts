import { bytesOf, fieldObjectEnd, fieldOf, isPlainString, walkArray } from './json-bytes.ts';
import type { ScannedTweet } from './scanned-tweet.ts';

const HASHTAGS = bytesOf('hashtags');
const TAG = bytesOf('tag');

// The walk's state (module variables: plain functions, no closures per line).
let listed = 0;
let tweet: ScannedTweet | null = null;

/**
 * Whether a tweet's `entities` (the value at `start`) cannot change which hashtags the exact path
 * counts, given the hashtags found in its text (`out`). The exact path counts the entity list
 * instead of its own extraction when `verifiedHashtags` accepts it; the byte path accepts the line
 * only when that cannot matter: no usable list (not an object, no `hashtags`, not an array), or a
 * list of exactly the hashtags found, in order, each `{"tag": …}` without escapes. Anything else
 * (a list that differs, odd entries, a key given twice) is left to the exact path.
 */
export function sameEntityTags(buf: Uint8Array, start: number, end: number, out: ScannedTweet): boolean {
  if (buf[start] !== 0x7b) return true;
  const hashtagsAt = fieldOf(buf, start, end, HASHTAGS);
  if (hashtagsAt === -1) return false;
  if (hashtagsAt < 0 || buf[hashtagsAt] !== 0x5b) return true;
  listed = 0;
  tweet = out;
  return walkArray(buf, hashtagsAt, end, readEntity) >= 0 && listed === out.tags;
}

function readEntity(buf: Uint8Array, v: number, end: number): number {
  const out = tweet!;
  if (buf[v] !== 0x7b || listed >= out.tags) return -1;
  const tagAt = fieldOf(buf, v, end, TAG);
  const next = fieldObjectEnd;
  if (tagAt < 0 || buf[tagAt] !== 0x22 || !isPlainString(buf, tagAt, end)) return -1;
  // The entry's characters must be the hashtag's bytes, then the closing quote.
  const from = out.tagStart[listed]!;
  const length = out.tagEnd[listed]! - from;
  for (let k = 0; k < length; k++) if (buf[tagAt + 1 + k] !== buf[from + k]) return -1;
  if (buf[tagAt + 1 + length] !== 0x22) return -1;
  listed++;
  return next;
}
