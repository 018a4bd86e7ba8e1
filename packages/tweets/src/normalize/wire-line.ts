import type { Tweet } from '../tweet.ts';

/** The normalized wire object, field order as in DESIGN §3. */
interface WireObject {
  id?: string;
  created_at?: string;
  text: string;
  lang?: string;
  author?: string;
  rt?: true;
  hashtags?: string[];
}

/** The range of times a Date can represent; beyond it `toISOString` throws. */
const MAX_DATE_MS = 8.64e15;

/**
 * The normalized JSON line for a tweet (DESIGN §3), without a trailing
 * newline: `{"id","created_at","text",…}`. Unknown fields are left out rather
 * than written as null; `rt` appears only for retweets. JSON.stringify
 * escapes newlines inside the text, so the result is always one line, and
 * `parseLine` reads it back to the same Tweet.
 */
export function toWireLine(tweet: Tweet): string {
  // Built key by key so that the JSON has the contract's field order (id, created_at, text, …).
  const wire = {} as WireObject;
  if (tweet.id !== null) wire.id = tweet.id;
  if (tweet.time !== null && Number.isFinite(tweet.time) && Math.abs(tweet.time) <= MAX_DATE_MS) {
    wire.created_at = new Date(tweet.time).toISOString();
  }
  wire.text = tweet.text;
  if (tweet.lang !== null) wire.lang = tweet.lang;
  if (tweet.author !== null) wire.author = tweet.author;
  if (tweet.retweet) wire.rt = true;
  if (tweet.hashtags !== undefined) wire.hashtags = tweet.hashtags;
  return JSON.stringify(wire);
}

// CRLF first so that it becomes one space, then every other line break a
// line-oriented consumer (Spark, a terminal, JavaScript's own line splitting) honours.
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/**
 * The plain-text line for `--format text` (DESIGN §3): the tweet's text with
 * every line break replaced by a space, without a trailing newline.
 */
export function toTextLine(tweet: Tweet): string {
  return tweet.text.replace(LINE_BREAKS, ' ');
}
