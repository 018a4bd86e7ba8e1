import { isoTimeAt } from './iso-time-bytes.ts';
import { readIdDigits } from './id-digits.ts';
import { bytesOf, isName, skipValue, walkObject } from './json-bytes.ts';
import type { ScannedTweet } from './scanned-tweet.ts';
import { DECLINE, scanTextTags } from './text-tags.ts';
import { sameEntityTags } from './v2-entity-tags.ts';
import { findIncluded, NO_RETWEET, retweetedId } from './v2-references.ts';
import { readV2Tweet, V2TweetFields } from './v2-tweet-fields.ts';

const QUOTE = 0x22;
const DATA = bytesOf('data');
const INCLUDES = bytesOf('includes');
const WATERMARK = bytesOf('watermark');

const tweet = new V2TweetFields();
const included = new V2TweetFields();

// Where the line's top-level values lie (module variables: no object per line).
let dataSeen = false;
let includesStart = -1;
let includesEnd = -1;

/**
 * Reads a raw X API v2 filtered-stream line, `{"data":{…},"includes":{…},"matching_rules":[…]}`,
 * from bytes into `out`, as `fromV2StreamLine` reads it after JSON.parse: the tweet's id and
 * `created_at`, the retweet flag (a `referenced_tweets` entry of type `retweeted`), and the
 * hashtags of the full text (for a retweet, the retweeted tweet's, found in `includes.tweets`).
 * Returns the position past the closing `}` (the whole line was checked as JSON on the way), or
 * DECLINE for what the exact path reads better: long posts (`note_tweet`), a text holding `&`
 * (HTML-escaped by X), an entity list that is not exactly the hashtags found, an id that is not
 * a digit string, a missing or unusual `created_at`, a key given twice, a watermark key, and
 * whatever `scanTextTags` declines.
 */
export function scanV2Bytes(buf: Uint8Array, start: number, end: number, out: ScannedTweet): number {
  dataSeen = false;
  includesStart = -1;
  const close = walkObject(buf, start, end, readTopField);
  if (close < 0 || !dataSeen || tweet.hasNote) return DECLINE;

  // The id: a string of digits, read as numbers.
  const id = tweet.idStart;
  if (id < 0 || buf[id] !== QUOTE || readIdDigits(buf, id + 1, tweet.idEnd, out) !== tweet.idEnd - 1)
    return DECLINE;
  // The time: a canonical created_at (the exact path derives others, and times from ids).
  const created = tweet.createdStart;
  if (created < 0 || buf[created] !== QUOTE) return DECLINE;
  const time = isoTimeAt(buf, created + 1, tweet.createdEnd - created - 2);
  if (time !== time) return DECLINE;
  out.time = time;
  if (tweet.textStart < 0 || buf[tweet.textStart] !== QUOTE) return DECLINE;

  // The text counted: a retweet's is the retweeted tweet's full text, with that tweet's entities.
  let text = tweet.textStart;
  let entities = tweet.entitiesStart;
  let entitiesEnd = tweet.entitiesEnd;
  const retweeted = tweet.refsStart < 0 ? NO_RETWEET : retweetedId(buf, tweet.refsStart, tweet.refsEnd);
  if (retweeted === DECLINE) return DECLINE;
  out.retweet = retweeted !== NO_RETWEET;
  if (out.retweet) {
    // The truncated `RT @x: …` text is counted without its entities unless the original is found.
    entities = -1;
    if (retweeted >= 0 && includesStart >= 0) {
      const found = findIncluded(buf, includesStart, includesEnd, retweeted, included);
      if (found === DECLINE) return DECLINE;
      if (found > 0) {
        if (included.hasNote) return DECLINE;
        if (included.textStart >= 0 && buf[included.textStart] === QUOTE) {
          text = included.textStart;
          entities = included.entitiesStart;
          entitiesEnd = included.entitiesEnd;
        }
      }
    }
  }
  out.tags = 0;
  if (scanTextTags(buf, text + 1, end, out, true) < 0) return DECLINE;
  if (entities >= 0 && !sameEntityTags(buf, entities, entitiesEnd, out)) return DECLINE;
  return close;
}

function readTopField(buf: Uint8Array, keyStart: number, keyEnd: number, v: number, end: number): number {
  if (isName(buf, keyStart, keyEnd, DATA)) {
    // A `data` array is a twarc page, anything else not a stream line: the exact path's.
    if (dataSeen || buf[v] !== 0x7b) return -1;
    dataSeen = true;
    return readV2Tweet(buf, v, end, tweet);
  }
  if (isName(buf, keyStart, keyEnd, WATERMARK)) return -1;
  const next = skipValue(buf, v, end);
  if (isName(buf, keyStart, keyEnd, INCLUDES)) {
    if (includesStart >= 0) return -1;
    includesStart = v;
    includesEnd = next;
  }
  return next;
}
