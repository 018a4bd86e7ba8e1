import { DEFAULT_MAX_LINE_BYTES, readRecording, RecordingError } from '@tagstream/recordings';
import { formatBytes } from './format-bytes.ts';
import { UploadRejected } from './recording-upload.ts';

/**
 * Reads a stored upload back exactly as a replay will (readRecording: the same format rules,
 * line cap and errors) and says why a replay could not use it, or returns null. A line over
 * the cap, which a replay drops, refuses the upload with its line number (a 10 MiB one-line
 * file used to be accepted and could never be replayed); so do an error the reader raises
 * and a file with no tweet at all, which a replay refuses to start.
 *
 * Reading costs about as much as parsing (some 75 MB/s of JSON Lines on one core here), once
 * per upload; the first line over the cap stops it.
 *
 * `file` is the stored upload, named with the recording's extension (the format follows the
 * name, as in a replay); `shown` is the name the client knows it by.
 */
export async function replayProblem(file: string, shown: string): Promise<UploadRejected | null> {
  let tweets = 0;
  let lines = 0;
  let malformed = 0;
  let skipped = 0;
  try {
    for await (const event of readRecording(file, { maxLineBytes: DEFAULT_MAX_LINE_BYTES })) {
      switch (event.kind) {
        case 'oversized':
          return new UploadRejected(
            413,
            `${shown}: line ${event.line} is ${formatBytes(event.bytes)} long, and a replay reads lines of at most ` +
              `${formatBytes(DEFAULT_MAX_LINE_BYTES)}; keep one tweet per line`,
          );
        case 'tweet':
          tweets++;
          break;
        case 'malformed':
          malformed++;
          break;
        case 'skipped':
          skipped++;
          break;
        case 'end':
          lines = event.lines;
          break;
      }
    }
  } catch (err) {
    if (!(err instanceof RecordingError)) throw err;
    return new UploadRejected(400, err.message.split(file).join(shown));
  }
  if (tweets > 0) return null;
  const found = [
    malformed > 0 ? `${malformed} malformed` : '',
    skipped > 0 ? `${skipped} not tweets (notices, watermarks, empty rows)` : '',
  ].filter((s) => s !== '');
  return new UploadRejected(
    400,
    `${shown} holds no tweet to replay (${lines} line${lines === 1 ? '' : 's'}${found.length > 0 ? `: ${found.join(', ')}` : ''})`,
  );
}
