import {
  parseLineGeneral,
  scanNormalizedLine,
  type LineMode,
  type ScannedTweet,
  type StreamMark,
  type Tweet,
} from '@tagstream/tweets';

/** What became of input lines, for metrics and the `count` summary. */
export interface LineTally {
  lines: number;
  tweets: number;
  watermarks: number;
  skipped: number;
  malformed: number;
  blank: number;
  /** Lines dropped unread for passing the byte cap (by `feedBytes`; the line splitter counts its own). */
  oversized: number;
}

const OPEN_BRACE = 0x7b;

/**
 * Where lines go (DESIGN.md §3): a counting session, or what collects a recording's tweets to
 * count them in event-time order. `feedLine` and `feedBytes` call it.
 */
export interface LineTarget {
  /** Whether `addScanned` is worth calling: false while every tweet is decoded anyway (a filter needs it). */
  readonly takesScanned: boolean;
  /** A tweet the byte-level reader read from the line `[lineStart, lineEnd)` of `buf`. */
  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void;
  add(tweet: Tweet): void;
  /** A line that could not be read. */
  malformed(): void;
  /** A watermark line, with its stream mark if any. */
  watermark(time: number, mark?: StreamMark): void;
}

export function emptyLineTally(): LineTally {
  return { lines: 0, tweets: 0, watermarks: 0, skipped: 0, malformed: 0, blank: 0, oversized: 0 };
}

/**
 * Feeds one wire line (DESIGN.md §3) to a session: tweets are counted, watermarks
 * move time (with their stream marks: `begin` may start counting afresh, `end` closes
 * every batch), malformed lines are counted and skipped, non-tweet JSON is skipped.
 * Never throws for bad input.
 */
export function feedLine(session: LineTarget, line: string, mode: LineMode, tally: LineTally): void {
  tally.lines++;
  feedLineText(session, line, mode, tally);
}

/** `feedLine` for a line already counted in `tally.lines` (`feedBytes` decodes the lines it does not read). */
export function feedLineText(session: LineTarget, line: string, mode: LineMode, tally: LineTally): void {
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
