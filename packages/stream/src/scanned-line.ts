import { LONG_ID, parseLine, type ScannedTweet, type Tweet } from '@tagstream/tweets';

/**
 * The tweet the exact path makes of a line the byte-level reader read (for a filter or the
 * counted-tweet listener, which need the tweet itself). Such a line is one JSON tweet, our
 * normalized form or a raw X API v2 line, so it gives exactly one.
 */
export function tweetOfLine(buf: Uint8Array, start: number, end: number): Tweet {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  const r = parseLine(text, 'json');
  if (r.kind !== 'tweets' || r.tweets.length !== 1) throw new Error(`not one tweet: ${text.slice(0, 80)}`);
  return r.tweets[0]!;
}

/** The digits of an id too long for numbers (`LONG_ID`), as a string: from a view of the bytes, not a copy of the buffer. */
export function longIdOf(t: ScannedTweet, buf: Uint8Array): string {
  if (t.idDigits !== LONG_ID) throw new Error('not a long id');
  return Buffer.from(buf.buffer, buf.byteOffset + t.idStart, t.idEnd - t.idStart).toString('latin1');
}
