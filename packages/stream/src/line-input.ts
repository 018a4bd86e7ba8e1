import { parseLineGeneral, scanNormalizedLine, type LineMode } from '@tagstream/tweets';
import type { CountingSession } from './counting-session.ts';

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

/**
 * What lines go into, and all reading a line may do to it (count a tweet, move time, count a
 * malformed line): a counting session, several fed from the same lines (a server's trackers), or
 * a recorder of what a line would do (line-digest.ts).
 */
export type LineSink = Pick<CountingSession, 'add' | 'watermark' | 'malformed'>;

export function emptyLineTally(): LineTally {
  return { lines: 0, tweets: 0, watermarks: 0, skipped: 0, malformed: 0, blank: 0 };
}

/**
 * Feeds one wire line (DESIGN.md §3) to a session: tweets are counted, watermarks
 * move time (with their stream marks: `begin` may start counting afresh, `end` closes
 * every batch), malformed lines are counted and skipped, non-tweet JSON is skipped.
 * Never throws for bad input.
 */
export function feedLine(session: LineSink, line: string, mode: LineMode, tally: LineTally): void {
  tally.lines++;
  // The hot path: a line as our ingestor writes it becomes a Tweet without a LineResult and
  // array around it. Whatever the scanner declines, parseLine reads the general way.
  if (line.charCodeAt(0) === OPEN_BRACE) {
    const tweet = scanNormalizedLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (tweet !== undefined) {
      session.add(tweet);
      tally.tweets++;
      return;
    }
  }
  const r = parseLineGeneral(line, mode);
  switch (r.kind) {
    case 'tweets':
      for (const t of r.tweets) session.add(t);
      tally.tweets += r.tweets.length;
      return;
    case 'watermark':
      tally.watermarks++;
      session.watermark(r.time, r.stream);
      return;
    case 'malformed':
      tally.malformed++;
      session.malformed();
      return;
    case 'skip':
      tally.skipped++;
      return;
    case 'blank':
      tally.blank++;
      return;
  }
}
