/** Why a recording could not be read (to the end). */
export type RecordingErrorCode =
  /** No such file (or a path component is not a directory). */
  | 'ENOENT_RECORDING'
  /** A directory, socket or other non-file. */
  | 'NOT_A_FILE'
  | 'PERMISSION_DENIED'
  /** The gzip stream ends early; everything before the cut was read. */
  | 'TRUNCATED_GZIP'
  /** The gzip data is damaged (or followed by garbage). */
  | 'CORRUPT_GZIP'
  /** Binary data, another compression, or a format we cannot tell. */
  | 'UNKNOWN_FORMAT'
  /** A CSV without a `text` column. */
  | 'CSV_NO_TEXT_COLUMN'
  /** A `.json` file that is neither one JSON document nor JSON Lines. */
  | 'INVALID_JSON'
  /** A whole-document JSON file over the size we parse in one piece. */
  | 'DOCUMENT_TOO_LARGE'
  /** Any other I/O failure. */
  | 'READ_FAILED';

/**
 * A recording that cannot be read. The message always names the file and the
 * problem, so it can be shown to the user as is (CLI, control API).
 */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly code: RecordingErrorCode,
    /** The recording's path as given. */
    readonly path: string,
    problem: string,
    /** Complete lines (CSV: records) read before the failure. */
    readonly linesRead = 0,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${problem}`, options);
  }
}

/** Maps a failure of open/stat/read to a RecordingError with a plain-words message. */
export function fromFsError(path: string, error: unknown, linesRead = 0): RecordingError {
  if (error instanceof RecordingError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new RecordingError('ENOENT_RECORDING', path, 'no such recording file', linesRead, {
        cause: error,
      });
    case 'EISDIR':
      return new RecordingError('NOT_A_FILE', path, 'is a directory, not a recording file', linesRead, {
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return new RecordingError(
        'PERMISSION_DENIED',
        path,
        'permission denied (the file is not readable)',
        linesRead,
        {
          cause: error,
        },
      );
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new RecordingError('READ_FAILED', path, `cannot be read: ${reason}`, linesRead, {
        cause: error,
      });
    }
  }
}
