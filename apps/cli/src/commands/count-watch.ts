import { RecordingError, watchFolder } from '@tagstream/recordings';
import { EventTimeOrder, type CountingSession } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import type { Logger } from 'pino';
import { expectedTweets, holdFile } from './count-files.ts';

/**
 * `tagstream count --watch DIR`: counts every recording that appears in the folder, one after
 * another as they come (Spark's `textFileStream`), until SIGINT or SIGTERM; the caller then ends
 * the session, which closes every batch and prints the trailing windows, as at the end of a file.
 *
 * Each file's tweets are counted in event-time order, as for `count FILE`; the folder is one
 * stream, so a file whose tweets lie before batches already closed has them counted as late, and
 * its malformed lines in the window open when it is read. A file that cannot be read (damaged
 * gzip, a CSV without a text column, binary data…) is reported and skipped whole: the stream goes on.
 */
export async function countWatchedFolder(
  dir: string,
  session: CountingSession,
  opts: { settleMs: number; logger: Logger },
): Promise<void> {
  const { logger } = opts;
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const events = await watchFolder(dir, {
      settleMs: opts.settleMs,
      timers: systemClock,
      signal: stop.signal,
    });
    logger.info(`watching ${dir} for new recordings (Ctrl+C ends the count)`);
    for await (const event of events) {
      if (event.kind === 'changed-after-read') {
        logger.warn({ file: event.path }, `${event.path} changed after it was read; it is not read again`);
        continue;
      }
      const read = await readWhole(event.path, session.takesScanned);
      // Stopped while reading: that file is not counted.
      if (stop.signal.aborted) break;
      if (read instanceof RecordingError) {
        logger.error({ file: event.path, code: read.code }, `skipped ${read.message}`);
        continue;
      }
      const [tweets, malformed] = [read.size, read.malformedLines];
      read.countInto(session);
      logger.info({ file: event.path, tweets, malformed }, `counted ${event.path}`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A recording read to its end (as `count FILE` reads it: bytes where it can), or why it could not be (nothing of it is counted then). */
async function readWhole(file: string, takesScanned: boolean): Promise<EventTimeOrder | RecordingError> {
  const held = new EventTimeOrder(takesScanned, await expectedTweets([file]));
  try {
    await holdFile(file, held);
  } catch (err) {
    if (err instanceof RecordingError) return err;
    throw err;
  }
  return held;
}
