/**
 * The ingestor's durable log (DESIGN.md §8, "the log is the buffer"): every line it emits, in
 * order, each with an offset one more than the line before it, kept within an age and a size
 * bound. Consumers read from an offset; the source is paced by how fast the log takes lines,
 * never by a consumer. `LmdbLineLog` is the embedded implementation; a Redis Streams one can
 * stand behind the same interface.
 */
export interface LineLog {
  /** This log's identity, kept across restarts: an offset means something only in its own log. */
  readonly id: string;
  /** Offset of the oldest line still held (equal to `end` when the log is empty). */
  first(): number;
  /** Offset the next appended line will get: one past the newest committed line. */
  end(): number;
  /**
   * Appends lines (`text` holds `lines` lines, each `\n`-terminated) at wall time `now`; `bytes`,
   * when the caller has them, are `text` as UTF-8 (encoded once for the log and the sockets).
   * Resolves with the offset of the first once they are committed, readable and survive a crash
   * of this process; appends commit in the order they were made.
   */
  append(text: string, lines: number, now: number, bytes?: Buffer): Promise<number>;
  /** UTF-8 bytes appended but not committed yet: what a fast source waits on. */
  uncommittedBytes(): number;
  /**
   * Committed lines from offset `from` (clamped to `first()`) on, about `maxBytes` of them (at
   * least one line), each `\n`-terminated; `from` tells where the slice really starts.
   */
  read(from: number, maxBytes: number): LogSlice;
  stats(): LineLogStats;
  close(): Promise<void>;
}

/** Consecutive lines of the log. */
export interface LogSlice {
  from: number;
  lines: number;
  text: string;
}

export interface LineLogStats {
  first: number;
  end: number;
  bytes: number;
  /** Lines dropped by the bounds since this process opened the log. */
  trimmed: number;
}

/** How much the log keeps: lines older than maxAgeMs, or past maxBytes, are dropped oldest first. */
export interface LogBounds {
  maxAgeMs: number;
  maxBytes: number;
}

export const DEFAULT_LOG_BOUNDS: LogBounds = { maxAgeMs: 60 * 60_000, maxBytes: 1024 * 1024 * 1024 };
