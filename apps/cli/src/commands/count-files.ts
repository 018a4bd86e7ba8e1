import { stat } from 'node:fs/promises';
import {
  DEFAULT_MAX_LINE_BYTES,
  openRecordingContent,
  readRecording,
  recordingFailure,
} from '@tagstream/recordings';
import { ByteLineReader, emptyLineTally, EventTimeOrder, type CountingSession } from '@tagstream/stream';

/** Read size for recordings read as bytes: a few large reads, where 64 KiB ones cost an await each. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Recorded files (DESIGN.md §4): every tweet first, then all counted in event-time order, so
 * none is late. JSON Lines and text recordings are read as bytes (`ByteLineReader`): the lines
 * the byte-level reader reads are held as what it read, beside their bytes, and sorted by time
 * without a `Tweet` each (`EventTimeOrder`); whole JSON documents and CSV files go through
 * `readRecording`. Malformed and oversized lines are counted in the first window.
 */
export async function countFiles(paths: string[], session: CountingSession): Promise<void> {
  const held = new EventTimeOrder(session.takesScanned, await expectedTweets(paths));
  for (const path of paths) await holdFile(path, held);
  held.countInto(session);
}

/** A file read to its end into `held` (a `RecordingError` when it cannot be). */
export async function holdFile(path: string, held: EventTimeOrder): Promise<void> {
  const content = await openRecordingContent(path, { chunkBytes: CHUNK_BYTES });
  if (content.format !== 'jsonl' && content.format !== 'text') {
    await content.close();
    await holdRecording(path, held);
    return;
  }
  const tally = emptyLineTally();
  const reader = new ByteLineReader(held, tally, {
    mode: content.format === 'jsonl' ? 'json' : 'auto',
    maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  });
  try {
    for await (const chunk of content.chunks) reader.push(chunk);
  } catch (error) {
    // As `readRecording` reports it: the lines read so far, the incomplete last one dropped.
    throw recordingFailure(path, error, tally.lines + tally.oversized);
  } finally {
    await content.close();
  }
  reader.end();
}

/**
 * About how many tweets the files hold, from their sizes (a gzip file as eight times its size),
 * at 128 bytes a line: enough that the columns holding them rarely grow (each growth copies them
 * all), and no harm when it is more (untouched pages of a large array cost no memory).
 */
export async function expectedTweets(paths: string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    bytes += /\.gz(ip)?$/i.test(path) ? 8 * size : size;
  }
  return Math.min(Math.ceil(bytes / 128), 1 << 26);
}

/** A recording of another format, through `readRecording`, into `held`. */
async function holdRecording(path: string, held: EventTimeOrder): Promise<void> {
  for await (const event of readRecording(path)) {
    if (event.kind === 'tweet') held.add(event.tweet);
    else if (event.kind === 'malformed' || event.kind === 'oversized') held.malformed();
  }
}
