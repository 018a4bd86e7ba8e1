import { expect } from 'vitest';
import { extractHashtags } from '../../hashtags.ts';
import { parseLine } from '../../normalize/parse-line.ts';
import { scanLineBytes } from '../scan-line-bytes.ts';
import { hashBytes, LONG_ID, ScannedTweet } from '../scanned-tweet.ts';
import { DECLINE } from '../text-tags.ts';

/** What counting takes from a line: the facts the byte path must give exactly as the exact path does. */
export interface Reading {
  id: string | null;
  time: number | null;
  retweet: boolean;
  /** Every hashtag counted, in order, duplicates included (surface forms, without the sign). */
  tags: string[];
}

/**
 * The exact path's reading of one line's bytes, as a consumer sees it: decoded as the line
 * splitter decodes (invalid UTF-8 to U+FFFD, a trailing `\r` dropped), `parseLine`, then the
 * tweet's own hashtags or `extractHashtags` of its text, as the counter takes them.
 */
export function exactReading(bytes: Uint8Array): Reading | 'no tweet' {
  let line = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (line.endsWith('\n')) line = line.slice(0, -1);
  const r = parseLine(line, 'auto');
  if (r.kind !== 'tweets' || r.tweets.length !== 1) return 'no tweet';
  const t = r.tweets[0]!;
  return { id: t.id, time: t.time, retweet: t.retweet, tags: t.hashtags ?? extractHashtags(t.text) };
}

const scanned = new ScannedTweet();

/** The byte path's reading of a line (the whole of `bytes`), checking its own invariants on the way. */
export function byteReading(bytes: Uint8Array): Reading | 'declined' {
  const next = scanLineBytes(bytes, 0, bytes.length, scanned);
  if (next === DECLINE) return 'declined';
  if (next !== bytes.length) expect(next, 'a line read whole').toBe(bytes.length);
  const s = scanned;
  const text = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('utf8');
  let id: string | null = null;
  if (s.idDigits !== 0) {
    id = text(s.idStart, s.idEnd);
    if (s.idDigits !== LONG_ID) {
      const n = s.idDigits;
      const rebuilt =
        n <= 9
          ? String(s.idLow).padStart(n, '0')
          : String(s.idHigh).padStart(n - 9, '0') + String(s.idLow).padStart(9, '0');
      if (rebuilt !== id) expect(rebuilt, 'id numbers').toBe(id);
    }
  }
  const tags: string[] = [];
  for (let k = 0; k < s.tags; k++) {
    const start = s.tagStart[k]!;
    const end = s.tagEnd[k]!;
    const hash = hashBytes(bytes, start, end);
    if (s.tagHash[k] !== hash) expect(s.tagHash[k], 'tag hash').toBe(hash);
    tags.push(text(start, end));
  }
  return { id, time: s.time, retweet: s.retweet, tags };
}

/** Asserts that the byte path declines `bytes` or reads them as the exact path does; returns which. */
export function expectAgreement(bytes: Uint8Array): 'read' | 'declined' {
  const fast = byteReading(bytes);
  if (fast === 'declined') return fast;
  const exact = exactReading(bytes);
  // expect() only on a difference: the demo recording alone is 75,000 comparisons.
  if (JSON.stringify(fast) !== JSON.stringify(exact)) {
    expect(fast, Buffer.from(bytes).toString('utf8').slice(0, 400)).toEqual(exact);
  }
  return 'read';
}
