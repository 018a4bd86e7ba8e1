import { readRecording, RecordingError, watchFolder } from '@tagstream/recordings';
import type { CountingSession } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import { sortByEventTime, type Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';

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
      const read = await readWhole(event.path, stop.signal);
      if (read === null) break;
      if (read instanceof RecordingError) {
        logger.error({ file: event.path, code: read.code }, `skipped ${read.message}`);
        continue;
      }
      for (let i = 0; i < read.malformed; i++) session.malformed();
      for (const t of sortByEventTime(read.tweets)) session.add(t);
      logger.info(
        { file: event.path, tweets: read.tweets.length, malformed: read.malformed },
        `counted ${event.path}`,
      );
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A recording read to its end, or why it could not be (nothing of it is counted then); null when stopped. */
async function readWhole(
  file: string,
  signal: AbortSignal,
): Promise<{ tweets: Tweet[]; malformed: number } | RecordingError | null> {
  const tweets: Tweet[] = [];
  let malformed = 0;
  try {
    for await (const event of readRecording(file, { signal })) {
      if (event.kind === 'tweet') tweets.push(event.tweet);
      else if (event.kind === 'malformed' || event.kind === 'oversized') malformed++;
    }
  } catch (err) {
    if (signal.aborted) return null;
    if (err instanceof RecordingError) return err;
    throw err;
  }
  return { tweets, malformed };
}
