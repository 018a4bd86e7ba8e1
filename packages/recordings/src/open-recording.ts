import { open, type FileHandle } from 'node:fs/promises';
import { fromFsError, RecordingError } from './recording-error.ts';

/** Read size by default: large enough for throughput, small against the 1 MiB line cap. */
const CHUNK_BYTES = 64 * 1024;

/** An opened recording: its raw bytes, and a way to read them again from the start when that is possible. */
export interface OpenedRecording {
  chunks: AsyncIterable<Buffer>;
  /** A fresh pass over the raw bytes (regular files only; pipes cannot be re-read). */
  reopen: (() => Promise<AsyncIterable<Buffer>>) | undefined;
  /** Closes the file if iteration never started or was abandoned. */
  close(): Promise<void>;
}

/**
 * Opens a recording for reading, with clear errors: missing, a directory,
 * not readable. Regular files, FIFOs and character devices are accepted (a
 * process substitution like `<(zcat …)` is a FIFO).
 */
export async function openRecording(path: string, chunkBytes = CHUNK_BYTES): Promise<OpenedRecording> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fromFsError(path, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      throw new RecordingError('NOT_A_FILE', path, 'is a directory, not a recording file');
    if (!stat.isFile() && !stat.isFIFO() && !stat.isCharacterDevice()) {
      throw new RecordingError('NOT_A_FILE', path, 'is not a regular file');
    }
    const regular = stat.isFile();
    return {
      chunks: handle.createReadStream({ highWaterMark: chunkBytes }),
      reopen: regular ? () => reopenRaw(path, chunkBytes) : undefined,
      close: () => handle.close().catch(() => undefined),
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw fromFsError(path, error);
  }
}

async function reopenRaw(path: string, chunkBytes: number): Promise<AsyncIterable<Buffer>> {
  const handle = await open(path, 'r');
  return handle.createReadStream({ highWaterMark: chunkBytes });
}
