import { extractHashtags, type StreamMark, type Tweet } from '@tagstream/tweets';
import { emptyLineTally, feedLine, type LineTarget } from './line-input.ts';

/**
 * A line's digest: what `feedLine` would do to a session, done once by whoever reads the line
 * (a worker of the scale-out mode, DESIGN.md §9) and replayed on the session later, in the
 * line's place in the stream, by another process. The parsing and the hashtag extraction (the
 * costly part of a line) happen in the digest; feeding it is as if the line itself was fed, so
 * the counting, which depends on the order of the input, stays the session's own.
 *
 * A digest is JSON: an array of steps, `["t", id, time, retweet, tags, text, author, lang]` for
 * a tweet (text only when it has tags: only samples read it), `["w", time, mark]` for a
 * watermark, `["m"]` for a malformed line; `[]` for a line that does nothing (blank, not a tweet).
 */
type Step =
  | ['t', string | null, number | null, 0 | 1, readonly string[], string, string | null, string | null]
  | ['w', number, StreamMark | null]
  | ['m'];

class Recorder implements LineTarget {
  readonly steps: Step[] = [];
  /** A digest records decoded tweets: `feedLine` never hands it a scanned one. */
  readonly takesScanned = false;
  addScanned(): void {
    throw new Error('a line digest records decoded tweets only');
  }
  add(tweet: Tweet): void {
    const tags = tweet.hashtags ?? extractHashtags(tweet.text);
    const text = tags.length > 0 ? tweet.text : '';
    this.steps.push(['t', tweet.id, tweet.time, tweet.retweet ? 1 : 0, tags, text, tweet.author, tweet.lang]);
  }
  malformed(): void {
    this.steps.push(['m']);
  }
  watermark(time: number, mark?: StreamMark): void {
    this.steps.push(['w', time, mark ?? null]);
  }
}

/** The digest of one wire line (DESIGN.md §3): never throws for bad input, as `feedLine`. */
export function digestLine(line: string): string {
  const r = new Recorder();
  feedLine(r, line, 'auto', emptyLineTally());
  return JSON.stringify(r.steps);
}

/** Feeds a digest to the session: the same calls, in the same order, as feeding its line. */
export function feedDigest(
  session: Pick<LineTarget, 'add' | 'watermark' | 'malformed'>,
  digest: string,
): void {
  for (const s of JSON.parse(digest) as Step[]) {
    switch (s[0]) {
      case 't':
        session.add({
          id: s[1],
          time: s[2],
          retweet: s[3] === 1,
          hashtags: [...s[4]],
          text: s[5],
          author: s[6],
          lang: s[7],
        });
        break;
      case 'w':
        if (s[2] === null) session.watermark(s[1]);
        else session.watermark(s[1], s[2]);
        break;
      case 'm':
        session.malformed();
        break;
    }
  }
}
