import { RecordingError, watchFolder } from '@tagstream/recordings';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import { loadForReplay, reportFileProblems } from './load-for-replay.ts';
import type { ReplaySource } from './replay-source.ts';

/** What a replay of a watched folder has read so far, for the ingestor's status. */
export interface FolderFeed {
  /** The files read, in order (grows as files come). */
  readonly files: string[];
  /** Lines its files held besides tweets. */
  readonly counts: { skipped: number; malformed: number; oversized: number };
  /** Stops watching; the replay is the caller's to finish or close. */
  stop(): void;
  /** Settles when watching stops: stopped, or the folder could no longer be listed (rejects then). */
  readonly done: Promise<void>;
}

export interface FolderFeedOptions {
  dir: string;
  /** How long a new file must stay unchanged to be read (see FolderWatch). */
  settleMs: number;
  timers: Timers;
  logger: Logger;
  /** An open replay (`open: true`) that takes each file's tweets in turn. */
  source: ReplaySource;
}

/**
 * Feeds every recording that appears in a folder to an open replay (`tagstream ingest replay
 * --watch DIR`, like Spark's `textFileStream`): each file once complete, in the order of
 * appearance, its tweets in event-time order after the previous file's. A file that cannot be read
 * is reported and skipped whole; the stream goes on. Resolves once the folder is watched; throws
 * the RecordingError of a folder that cannot be.
 */
export async function feedFolder(o: FolderFeedOptions): Promise<FolderFeed> {
  const { logger: log, source } = o;
  const stopper = new AbortController();
  const events = await watchFolder(o.dir, { settleMs: o.settleMs, timers: o.timers, signal: stopper.signal });
  const files: string[] = [];
  const counts = { skipped: 0, malformed: 0, oversized: 0 };
  const done = (async () => {
    for await (const event of events) {
      if (event.kind === 'changed-after-read') {
        log.warn({ file: event.path }, `${event.path} changed after it was read; it is not read again`);
        continue;
      }
      let loaded;
      try {
        loaded = await loadForReplay([event.path]);
      } catch (err) {
        if (!(err instanceof RecordingError)) throw err;
        log.error({ file: event.path, code: err.code }, `skipped ${err.message}`);
        continue;
      }
      if (stopper.signal.aborted) return;
      reportFileProblems(log, loaded.files, true);
      for (const f of loaded.files) {
        counts.skipped += f.skipped;
        counts.malformed += f.malformed;
        counts.oversized += f.oversized;
      }
      if (loaded.tweets.length === 0) continue;
      files.push(event.path);
      source.append(loaded.tweets);
      log.info({ file: event.path, tweets: loaded.tweets.length }, `replaying ${event.path}`);
    }
  })();
  return { files, counts, stop: () => stopper.abort(), done };
}
