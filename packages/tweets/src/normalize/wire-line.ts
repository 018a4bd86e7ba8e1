import type { StreamMark, WatermarkLine, WireTweet } from '@tagstream/protocol';
import type { Tweet } from '../tweet.ts';

/** The range of times a Date can represent; beyond it `toISOString` throws. */
const MAX_DATE_MS = 8.64e15;

/**
 * Each key of the normalized line as written, quoted and with its colon: checked
 * by the compiler against the line's one definition (`WireTweet` in
 * @tagstream/protocol), so the writer cannot drift from what readers expect.
 */
const KEY = {
  id: '"id":',
  created_at: '"created_at":',
  text: '"text":',
  lang: '"lang":',
  author: '"author":',
  rt: '"rt":',
  hashtags: '"hashtags":',
  trackers: '"trackers":',
} as const satisfies { [K in keyof WireTweet]-?: `"${K}":` };

/**
 * The normalized JSON line for a tweet (DESIGN §3), without a trailing
 * newline: `{"id","created_at","text",…}`. Unknown fields are left out rather
 * than written as null; `rt` appears only for retweets. JSON.stringify
 * escapes newlines inside the text, so the result is always one line, and
 * `parseLine` reads it back to the same Tweet.
 *
 * Written field by field, each value with JSON.stringify, which gives the
 * same bytes as stringifying the whole object in this key order, without
 * building that object: the ingestor does this for every tweet it sends, and
 * it was the largest cost of a max-speed replay in the profile (issue 7).
 */
export function toWireLine(tweet: Tweet): string {
  let out = tweet.id != null ? `{${KEY.id}${JSON.stringify(tweet.id)},` : '{';
  const time = tweet.time;
  if (time !== null && Number.isFinite(time) && Math.abs(time) <= MAX_DATE_MS) {
    out += `${KEY.created_at}"${isoTime(time)}",`;
  }
  out += `${KEY.text}${JSON.stringify(tweet.text)}`;
  if (tweet.lang != null) out += `,${KEY.lang}${JSON.stringify(tweet.lang)}`;
  if (tweet.author != null) out += `,${KEY.author}${JSON.stringify(tweet.author)}`;
  if (tweet.retweet) out += `,${KEY.rt}true`;
  if (tweet.hashtags !== undefined) out += `,${KEY.hashtags}${JSON.stringify(tweet.hashtags)}`;
  if (tweet.trackers !== undefined) out += `,${KEY.trackers}${JSON.stringify(tweet.trackers)}`;
  return out + '}';
}

/**
 * The watermark line (DESIGN §3) for an event time, with a finite stream's mark
 * when it has one (`{"watermark":"…","stream":"begin"}`), without a trailing
 * newline. `parseLine` reads it back as `{ kind: 'watermark', time, stream }`.
 */
export function toWatermarkLine(time: number, stream?: StreamMark): string {
  const line: WatermarkLine = { watermark: new Date(time).toISOString() };
  if (stream !== undefined) line.stream = stream;
  return JSON.stringify(line);
}

// The minute of the last time written, as `YYYY-MM-DDTHH:MM:` and its first millisecond:
// a replay writes thousands of tweets per minute of tweet time.
let minutePrefix = '';
let minuteStart = Number.NaN;

/** `new Date(time).toISOString()`, for a finite time within the Date range. */
function isoTime(time: number): string {
  const offset = time - minuteStart;
  if (offset >= 0 && offset < 60_000 && Number.isInteger(time)) {
    const second = Math.floor(offset / 1000);
    const ms = offset - second * 1000;
    return `${minutePrefix}${second < 10 ? '0' : ''}${second}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
  }
  const iso = new Date(time).toISOString();
  // Only four-digit years have the fixed layout the cache rebuilds.
  if (iso.length === 24 && Number.isInteger(time)) {
    minutePrefix = iso.slice(0, 17);
    minuteStart = time - (((time % 60_000) + 60_000) % 60_000);
  }
  return iso;
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
