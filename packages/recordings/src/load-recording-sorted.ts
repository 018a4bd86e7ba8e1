import { readRecording, type ReadRecordingOptions } from './read-recording.ts';
import { sortByEventTime, type Tweet } from './tweets-api.ts';

/** Totals over all the files of a load. */
export interface RecordingStats {
  /** Lines (CSV: records) read. */
  lines: number;
  malformed: number;
  skipped: number;
  oversized: number;
}

/**
 * Reads recordings one after another and returns all their tweets in event
 * time order, stable for equal times (DESIGN §4: replays are paced and
 * counted in event-time order, because search tools write newest first).
 * Tweets without a time keep the place of the timed tweet before them.
 * Throws the first file's RecordingError; nothing is returned then.
 */
export async function loadRecordingSorted(
  paths: readonly string[],
  options: ReadRecordingOptions = {},
): Promise<{ tweets: Tweet[]; stats: RecordingStats }> {
  const tweets: Tweet[] = [];
  const stats: RecordingStats = { lines: 0, malformed: 0, skipped: 0, oversized: 0 };
  for (const path of paths) {
    for await (const event of readRecording(path, options)) {
      switch (event.kind) {
        case 'tweet':
          tweets.push(event.tweet);
          break;
        case 'malformed':
          stats.malformed++;
          break;
        case 'skipped':
          stats.skipped++;
          break;
        case 'oversized':
          stats.oversized++;
          break;
        case 'end':
          stats.lines += event.lines;
          break;
      }
    }
  }
  return { tweets: sortByEventTime(tweets), stats };
}
