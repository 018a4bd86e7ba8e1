import { DEFAULT_MAX_LINE_BYTES, readRecording } from '@tagstream/recordings';
import { sortByEventTime, type Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';

/** What reading one recording for a replay found besides its tweets. */
export interface ReplayFileStats {
  file: string;
  tweets: number;
  lines: number;
  malformed: number;
  skipped: number;
  oversized: number;
}

/**
 * Reads the recordings one after another and sorts all their tweets by event time (DESIGN.md §4),
 * keeping per-file counts so that problems can be reported by file. Throws the first RecordingError.
 */
export async function loadForReplay(
  paths: readonly string[],
): Promise<{ tweets: Tweet[]; files: ReplayFileStats[] }> {
  const tweets: Tweet[] = [];
  const files: ReplayFileStats[] = [];
  for (const file of paths) {
    const f: ReplayFileStats = { file, tweets: 0, lines: 0, malformed: 0, skipped: 0, oversized: 0 };
    for await (const event of readRecording(file)) {
      switch (event.kind) {
        case 'tweet':
          tweets.push(event.tweet);
          f.tweets++;
          break;
        case 'malformed':
        case 'skipped':
        case 'oversized':
          f[event.kind]++;
          break;
        case 'end':
          f.lines = event.lines;
          break;
      }
    }
    files.push(f);
  }
  return { tweets: sortByEventTime(tweets), files };
}

/** Warns about what each file held besides tweets (`anyTweets`: whether the files held any at all). */
export function reportFileProblems(log: Logger, files: readonly ReplayFileStats[], anyTweets: boolean): void {
  for (const f of files) {
    const name = f.file;
    if (f.oversized > 0)
      log.warn(f, `${name}: ${plural(f.oversized, 'line')} longer than the ${LINE_LIMIT} line limit dropped`);
    if (f.malformed > 0) log.warn(f, `${name}: ${plural(f.malformed, 'malformed line')} skipped`);
    if (f.tweets === 0 && anyTweets) log.warn(f, `${name}: no tweets in this file`);
  }
}

/** Why files hold nothing to replay, in words. */
export function nothingToReplay(files: readonly ReplayFileStats[]): string {
  return files
    .map(
      (f) =>
        `${f.file}: ${f.lines === 0 ? 'empty' : `no tweets in ${plural(f.lines, 'line')}${droppedNote(f)}`}`,
    )
    .join('; ');
}

const LINE_LIMIT = `${DEFAULT_MAX_LINE_BYTES / (1024 * 1024)} MiB`;

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function droppedNote(f: ReplayFileStats): string {
  const parts: string[] = [];
  if (f.oversized > 0) parts.push(`${plural(f.oversized, 'line')} over ${LINE_LIMIT} dropped`);
  if (f.malformed > 0) parts.push(`${plural(f.malformed, 'malformed line')}`);
  if (f.skipped > 0) parts.push(`${plural(f.skipped, 'non-tweet record')}`);
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}
