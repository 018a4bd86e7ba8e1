import { parseLineGeneral, scanNormalizedLine, type LineMode } from '@tagstream/tweets';
import type { WindowedCounter } from './windowed-counter.ts';

/** What became of input lines, for metrics and the `count` summary. */
export interface LineTally {
  lines: number;
  tweets: number;
  watermarks: number;
  skipped: number;
  malformed: number;
  blank: number;
}

const OPEN_BRACE = 0x7b;

export function emptyLineTally(): LineTally {
  return { lines: 0, tweets: 0, watermarks: 0, skipped: 0, malformed: 0, blank: 0 };
}

/**
 * What a reader does when its source marks a new finite stream (a replay started):
 * returns the counter that counts it, fresh, because the new stream's tweets may lie
 * before everything counted so far and would all be late in the old one.
 */
export type StreamBegins = () => WindowedCounter;

/**
 * Feeds one wire line (DESIGN.md §3) to the counter: tweets are counted, watermarks
 * move time, malformed lines are counted and skipped, non-tweet JSON is skipped.
 * A watermark marked `end` closes every batch (the counter's `end`); one marked
 * `begin` goes to the counter `begins` returns, or is a plain watermark without it.
 * Never throws for bad input.
 */
export function feedLine(
  counter: WindowedCounter,
  line: string,
  mode: LineMode,
  tally: LineTally,
  begins?: StreamBegins,
): void {
  tally.lines++;
  // The hot path: a line as our ingestor writes it becomes a Tweet without a LineResult and
  // array around it. Whatever the scanner declines, parseLine reads the general way.
  if (line.charCodeAt(0) === OPEN_BRACE) {
    const tweet = scanNormalizedLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (tweet !== undefined) {
      counter.add(tweet);
      tally.tweets++;
      return;
    }
  }
  const r = parseLineGeneral(line, mode);
  switch (r.kind) {
    case 'tweets':
      for (const t of r.tweets) counter.add(t);
      tally.tweets += r.tweets.length;
      return;
    case 'watermark': {
      tally.watermarks++;
      const target = r.stream === 'begin' && begins ? begins() : counter;
      target.watermarkAt(r.time);
      if (r.stream === 'end') target.end();
      return;
    }
    case 'malformed':
      tally.malformed++;
      counter.malformed();
      return;
    case 'skip':
      tally.skipped++;
      return;
    case 'blank':
      tally.blank++;
      return;
  }
}
