import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { LineFormat } from '@tagstream/ingestor';
import type { ReplaySpeed } from '@tagstream/protocol';
import { RecordingError } from '@tagstream/recordings';
import type { Logger } from 'pino';
import { parseDuration, parseSpeed } from '../duration.ts';
import { UsageError } from '../usage-error.ts';
import {
  addFanoutFlags,
  applyTrack,
  fanoutOptions,
  startControl,
  type FanoutFlags,
} from '../ingestor-startup.ts';
import { liveCommand } from './ingest-live.ts';

interface ReplayFlags extends FanoutFlags {
  speed: string;
  loop: boolean;
  linger: string;
  format: LineFormat;
  controlPort: string;
  controlHost: string;
  maxGap: string;
  track: string[];
  recordings?: string;
  progress: boolean;
  watch?: string;
  settle: string;
}

/** `tagstream ingest`: the ingestor (DESIGN.md §7). */
export function ingestCommand(logger: () => Promise<Logger>): Command {
  const ingest = new Command('ingest').summary(
    'serve tweets on a TCP socket, one per line, from a replay or the live X stream',
  );
  ingest.addCommand(replayCommand(logger));
  ingest.addCommand(liveCommand(logger));
  return ingest;
}

function replayCommand(logger: () => Promise<Logger>): Command {
  const cmd = new Command('replay')
    .summary('replay recorded tweet files in event-time order, paced by their own timestamps')
    .description(
      [
        'Replays recordings in event-time order, paced by their own timestamps times --speed, as one stream of lines on a TCP socket.',
        '--watch DIR replays instead every recording that appears in DIR after the start, one after another in the order they appear (like Spark’s textFileStream), as one stream, until Ctrl+C (or SIGTERM) ends it with an end mark (consumers close every batch). A file is taken once its size and time have not changed for --settle (write elsewhere and move it in, or write under a name starting with "." or ending in .tmp or .part, then rename it); a file that cannot be read is reported and skipped.',
      ].join('\n\n'),
    )
    .argument('[files...]', 'recordings: .jsonl, .json, .csv, .txt, each optionally .gz (none with --watch)')
    .option('--speed <n|max>', 'replay speed: a factor of real time, or max', '1')
    .option('--loop', 'start again at the end (each pass shifted forward in time)', false)
    .option('--max-gap <duration>', 'longest wall-clock wait between tweets; longer gaps are skipped', '5s')
    .option('--recordings <dir>', 'folder the control API may replay from (default: the first file’s folder)')
    .option('--no-progress', 'no progress bar on a terminal')
    .option(
      '--linger <duration>',
      'at the end of a replay (without --loop), how long to wait for consumers that read offsets (our server) to read the log to its end',
      '60s',
    )
    .option('--watch <dir>', 'replay each recording that appears in this folder, until Ctrl+C')
    .option('--settle <duration>', 'with --watch: how long a new file must stay unchanged to be read', '2s')
    .addHelpText(
      'after',
      [
        '',
        'Lifetime: without --loop the command exits when its replay has run to its end, but first waits until every',
        'connected consumer that asked for an offset (our server) has been sent the whole log, or --linger has passed;',
        'if such a consumer was connected earlier and none is now, it waits for one to come back, up to --linger.',
        'Plain consumers (nc, Spark) are not waited for. A replay started over the control API (the dashboard) in',
        'place of this one never ends the process: it serves until Ctrl+C.',
      ].join('\n'),
    );
  addFanoutFlags(cmd);
  return cmd.action(async (files: string[], flags: ReplayFlags) => {
    const speed = parseSpeed(flags.speed);
    const maxGapMs = parseDuration(flags.maxGap, '--max-gap');
    if (flags.watch !== undefined) {
      if (files.length > 0) throw new UsageError('replay takes either --watch DIR or files, not both');
      if (flags.loop) throw new UsageError('--loop is for files: a watched folder has no end to loop from');
      return replayFolder(flags.watch, flags, { speed, maxGapMs }, await logger());
    }
    if (files.length === 0) throw new UsageError('replay needs recording files or --watch DIR');
    const lingerMs = parseDuration(flags.linger, '--linger');
    const fanout = fanoutOptions(flags);
    for (const f of files) await checkReadableFile(f);
    const log = await logger();
    // Loaded on use, so `--help` and `count` do not pay for fastify and friends.
    const { Ingestor, ReplayStartError } = await import('@tagstream/ingestor');
    const ingestor = new Ingestor({ ...fanout, format: flags.format, logger: log });
    await applyTrack(ingestor, flags.track);
    await ingestor.listen();
    const control = await startControl(
      ingestor,
      flags,
      flags.recordings ?? path.dirname(path.resolve(files[0]!)),
      log,
    );
    try {
      await ingestor.startReplay({ files, speed, loop: flags.loop, maxGapMs });
    } catch (err) {
      await Promise.all([ingestor.close(), control.close()]);
      // A file read in part (a truncated gzip) is still refused as a whole: say so.
      if (err instanceof RecordingError)
        throw new UsageError(err.linesRead > 0 ? `${err.message}; nothing was replayed` : err.message);
      if (err instanceof ReplayStartError) throw new UsageError(err.message);
      throw err;
    }
    const stopBar =
      flags.progress && process.stderr.isTTY
        ? (await import('../progress.ts')).attachProgressBar(ingestor)
        : () => undefined;
    const shutdown = async (): Promise<void> => {
      stopBar();
      await Promise.all([ingestor.close(), control.close()]);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    const outcome = await ingestor.replayOutcome();
    stopBar();
    if (outcome === 'replaced') {
      // The dashboard started another replay: this process serves it (and any after it) until stopped.
      log.info('a replay started over the control API took over; serving until stopped (Ctrl+C)');
      return;
    }
    if (outcome === 'finished') {
      const readers = ingestor.lines.hadOffsetReader;
      const all = await ingestor.lines.drained(lingerMs, readers);
      if (!all)
        log.warn(
          { lingerMs },
          'replay finished; consumers reading offsets had not read the whole log when --linger passed',
        );
      else
        log.info('replay finished and every consumer reading offsets has the whole log; closing consumers');
    }
    await shutdown();
  });
}

/** `ingest replay --watch DIR`: the replay of a watched folder, ended (with its end mark) by Ctrl+C or SIGTERM. */
async function replayFolder(
  dir: string,
  flags: ReplayFlags,
  pace: { speed: ReplaySpeed; maxGapMs: number },
  log: Logger,
): Promise<void> {
  const settleMs = parseDuration(flags.settle, '--settle');
  const { Ingestor } = await import('@tagstream/ingestor');
  const ingestor = new Ingestor({ ...fanoutOptions(flags), format: flags.format, logger: log });
  await applyTrack(ingestor, flags.track);
  try {
    await ingestor.startFolderReplay({ dir, settleMs, ...pace });
  } catch (err) {
    if (err instanceof RecordingError) throw new UsageError(`--watch: ${err.message}`);
    throw err;
  }
  await ingestor.listen();
  const control = await startControl(ingestor, flags, flags.recordings ?? dir, log);
  log.info(`watching ${dir} for new recordings (Ctrl+C ends the replay)`);
  // A watched folder has no end, and a replay started over the control API in its place never
  // ends the process (the ingestor's lifetime is its own): only Ctrl+C or SIGTERM end it.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await ingestor.endReplay();
  await Promise.all([ingestor.close(), control.close()]);
}

async function checkReadableFile(file: string): Promise<void> {
  const s = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(
      err.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${err.message}`,
    );
  });
  if (s.isDirectory()) throw new UsageError(`${file}: is a directory, not a recording file`);
  // A FIFO is a process substitution (`<(zcat …)`), a character device /dev/stdin: both readable once.
  if (!s.isFile() && !s.isFIFO() && !s.isCharacterDevice()) throw new UsageError(`not a file: ${file}`);
}
