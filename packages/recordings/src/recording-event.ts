import type { RecordingFormat } from './detect-format.ts';
import type { Tweet } from './tweets-api.ts';

/**
 * What reading a recording yields, in file order. `line` is 1-based: the
 * line of a JSON Lines or text record, the starting line of a CSV record.
 */
export type RecordingEvent =
  | { kind: 'tweet'; tweet: Tweet; line: number }
  /** A record that should have been a tweet and is broken (invalid JSON, a shifted CSV row). */
  | { kind: 'malformed'; line: number; reason: string }
  /** A well-formed record that is no tweet (stream notices, watermarks, empty rows). */
  | { kind: 'skipped'; line: number; reason: string }
  /** A line over the byte cap, dropped unread (`bytes`: its length; for a CSV record, in characters). */
  | { kind: 'oversized'; line: number; bytes: number }
  /** The end of the file, read completely: how it was read and how many lines it had. */
  | { kind: 'end'; lines: number; format: RecordingFormat; gzip: boolean };

/** Settings and shared progress for the per-format readers. */
export interface ReadContext {
  maxLineBytes: number;
  maxDocumentBytes: number;
  signal: AbortSignal | undefined;
  /** Lines (CSV: records) read so far, for the error message if reading fails midway. */
  progress: { lines: number };
}
