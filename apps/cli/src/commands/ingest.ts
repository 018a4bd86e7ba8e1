import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { LineFormat } from '@tagstream/ingestor';
import { RecordingError } from '@tagstream/recordings';
import type { Logger } from 'pino';
import { parseDuration, parseIntFlag, parseSpeed } from '../duration.ts';
import { UsageError } from '../usage-error.ts';
import { addFanoutFlags, applyTrack, startControl } from '../ingestor-startup.ts';
import { liveCommand } from './ingest-live.ts';

interface ReplayFlags {
  speed: string;
  loop: boolean;
  host: string;
  port: string;
  format: LineFormat;
  controlPort: string;
  controlHost: string;
  maxGap: string;
  track: string[];
  recordings?: string;
  progress: boolean;
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
    .argument('<files...>', 'recordings: .jsonl, .json, .csv, .txt, each optionally .gz')
    .option('--speed <n|max>', 'replay speed: a factor of real time, or max', '1')
    .option('--loop', 'start again at the end (each pass shifted forward in time)', false)
    .option('--max-gap <duration>', 'longest wall-clock wait between tweets; longer gaps are skipped', '5s')
    .option('--recordings <dir>', 'folder the control API may replay from (default: the first file’s folder)')
    .option('--no-progress', 'no progress bar on a terminal');
  addFanoutFlags(cmd);
  return cmd.action(async (files: string[], flags: ReplayFlags) => {
    const speed = parseSpeed(flags.speed);
    const maxGapMs = parseDuration(flags.maxGap, '--max-gap');
    for (const f of files) await checkReadableFile(f);
    const log = await logger();
    // Loaded on use, so `--help` and `count` do not pay for fastify and friends.
    const { Ingestor, ReplayStartError } = await import('@tagstream/ingestor');
    const ingestor = new Ingestor({
      host: flags.host,
      port: parseIntFlag(flags.port, '--port', 0, 65535),
      format: flags.format,
      logger: log,
    });
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
    await ingestor.replayDone();
    stopBar();
    if (ingestor.status().replay?.done) log.info('replay finished; closing consumers');
    await shutdown();
  });
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
