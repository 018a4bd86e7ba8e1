import {
  binaryReason,
  formatFromName,
  sniffFormat,
  SNIFF_BYTES,
  type RecordingFormat,
} from './detect-format.ts';
import { gunzip, GzipFailure, isGzip } from './gunzip.ts';
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter.ts';
import { openRecording } from './open-recording.ts';
import { Peekable } from './peekable.ts';
import { readCsv } from './read-csv.ts';
import { JsonDocumentError, readJson } from './read-json.ts';
import { readLines } from './read-lines.ts';
import type { ReadContext, RecordingEvent } from './recording-event.ts';
import { fromFsError, RecordingError } from './recording-error.ts';
import { CsvHeaderError } from './tweets-api.ts';

/** Largest `.json` file parsed as one document (it is held in memory whole). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export interface ReadRecordingOptions {
  /** Longest line (CSV: record) kept; longer ones are dropped and reported. Default 1 MiB. */
  maxLineBytes?: number;
  /** Largest whole-document `.json` file. Default 256 MiB. */
  maxDocumentBytes?: number;
  /** Stops reading; the iteration then throws the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads a recording file into events, in file order, never holding more than
 * one line (or one whole-document `.json` file, up to its cap) in memory.
 *
 * Gzip is detected by its magic bytes, whatever the name. The format comes
 * from the extension (`.jsonl`, `.ndjson`, `.json`, `.csv`, `.txt`, each
 * optionally `.gz`) or, for other names, from the first bytes. Every failure
 * is a RecordingError naming the file: missing, a directory, unreadable,
 * binary, a CSV without a `text` column, a damaged gzip stream. A truncated
 * gzip stream first yields everything before the cut (the incomplete last
 * line excepted), then throws TRUNCATED_GZIP with the number of lines read.
 */
export async function* readRecording(
  path: string,
  options: ReadRecordingOptions = {},
): AsyncGenerator<RecordingEvent> {
  const { signal } = options;
  signal?.throwIfAborted();
  const ctx: ReadContext = {
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    signal,
    progress: { lines: 0 },
  };
  const content = await openRecordingContent(path);
  try {
    const { format, gzip, chunks } = content;
    switch (format) {
      case 'jsonl':
        yield* readLines(chunks, 'json', ctx);
        break;
      case 'text':
        yield* readLines(chunks, 'auto', ctx);
        break;
      case 'json':
        yield* readJson(chunks, ctx);
        break;
      case 'csv':
        yield* readCsv(chunks, ctx);
        break;
    }
    yield { kind: 'end', lines: ctx.progress.lines, format, gzip };
  } catch (error) {
    if (signal?.aborted === true && error === signal.reason) throw error;
    throw recordingFailure(path, error, ctx.progress.lines);
  } finally {
    await content.close();
  }
}

/** A recording opened and recognized: its format and its bytes, decompressed. */
export interface RecordingContent {
  format: RecordingFormat;
  gzip: boolean;
  /** The content's bytes, decompressed; iterate once. Errors while reading: see `recordingFailure`. */
  chunks: AsyncIterable<Buffer>;
  /** Closes the file (also when the chunks were not read to the end). */
  close(): Promise<void>;
}

/**
 * Opens a recording and tells its format, as `readRecording` does, for a reader of its bytes
 * (`tagstream count` reads JSON Lines and text as bytes). Throws a RecordingError naming the
 * file when it is missing, a directory, unreadable or binary; an error while reading the chunks
 * becomes one through `recordingFailure`. `chunkBytes` is the read size (64 KiB by default).
 */
export async function openRecordingContent(
  path: string,
  options: { chunkBytes?: number } = {},
): Promise<RecordingContent> {
  const file = await openRecording(path, options.chunkBytes);
  const raw = new Peekable(file.chunks);
  let content: Peekable | undefined;
  const close = async (): Promise<void> => {
    await content?.close();
    await raw.close();
    await file.close();
  };
  try {
    const gzip = isGzip(await raw.peek(2));
    content = gzip ? new Peekable(gunzip(raw, file.reopen)) : raw;
    // At most SNIFF_BYTES: a peek returns whole chunks, and `count` reads 1 MiB ones.
    const head = (await content.peek(SNIFF_BYTES)).subarray(0, SNIFF_BYTES);
    const binary = binaryReason(head);
    if (binary !== undefined) {
      throw new RecordingError('UNKNOWN_FORMAT', path, `is not a tweet recording: ${binary}`);
    }
    const format: RecordingFormat = formatFromName(path) ?? sniffFormat(head);
    return { format, gzip, chunks: content, close };
  } catch (error) {
    await close();
    throw recordingFailure(path, error, 0);
  }
}

/** The RecordingError for a failure while reading `path`, after `lines` lines (records) were read. */
export function recordingFailure(path: string, error: unknown, lines: number): RecordingError {
  return describe(path, error, lines);
}

function describe(path: string, error: unknown, lines: number): RecordingError {
  if (error instanceof RecordingError) return error;
  const cause = { cause: error };
  if (error instanceof GzipFailure) {
    return error.kind === 'truncated'
      ? new RecordingError(
          'TRUNCATED_GZIP',
          path,
          `gzip data ends early (the file is truncated) after ${lines} lines; those were read, the incomplete last line was dropped`,
          lines,
          cause,
        )
      : new RecordingError(
          'CORRUPT_GZIP',
          path,
          `gzip data is corrupt after ${lines} lines (${error.message})`,
          lines,
          cause,
        );
  }
  if (error instanceof CsvHeaderError)
    return new RecordingError('CSV_NO_TEXT_COLUMN', path, error.message, lines, cause);
  if (error instanceof JsonDocumentError)
    return new RecordingError(error.code, path, error.message, lines, cause);
  return fromFsError(path, error, lines);
}
