import { Command } from 'commander';
import { RecordingError } from '@tagstream/recordings';
import type { BatchResult } from '@tagstream/protocol';
import type { Logger } from 'pino';
import { addCounterFlags, settingsFromFlags, type CounterFlagValues } from '../counter-flags.ts';
import { parseDuration, parseIntFlag } from '../duration.ts';
import { formatResultTable } from '../print-result.ts';
import { UsageError } from '../usage-error.ts';
import { countFiles } from './count-files.ts';
import { countingSession, trackFilter, type Counting } from './count-session.ts';
import { checkpointedSession, countStdin, countTcp } from './count-streams.ts';
import { countWatchedFolder } from './count-watch.ts';

interface CountFlags extends CounterFlagValues {
  json: boolean;
  track: string[];
  checkpoint?: string;
  checkpointEvery: string;
  watch?: string;
  settle: string;
}

/** `tagstream count`: the console sink (DESIGN.md §5, §7a). */
export function countCommand(logger: () => Promise<Logger>): Command {
  const cmd = new Command('count')
    .summary('count hashtags in files, stdin or a TCP line source and print each window’s top K')
    .description(
      [
        'Counts hashtags as twitter-text finds them (a tag counts once per tweet, keyed by its lower-case NFC form) and prints one result per window, like Spark’s pprint().',
        'Files (jsonl, json, csv, txt, optionally .gz) are read to the end and counted in event time; "-" (stdin) streams until closed.',
        'tcp://HOST:PORT connects to a line source (the ingestor, `nc -lk PORT`) and streams until the source closes the connection. While nothing listens there, count says so at once and keeps retrying (after 0.1 s, doubling up to 5 s) until Ctrl+C: it may be started before its source.',
        'On connecting it sends one request line (`{"from":"stream"}`, or its checkpoint’s log offset): our ingestor answers with the lines from the start of its current replay (or from that offset), so nothing sent before count connected is missed and, with --checkpoint, nothing is counted twice after a restart; lines that left the ingestor’s log meanwhile are counted as lost. A source that knows nothing of offsets (nc shows the request once) is read as it comes.',
        '--watch DIR counts every recording that appears in DIR after the start, one file after another in the order they appear (like Spark’s textFileStream), until Ctrl+C (or SIGTERM), which closes every batch and prints the trailing windows. A file is taken once its size and time have not changed for --settle (write elsewhere and move it in, or write under a name starting with "." or ending in .tmp or .part, then rename it); a file that cannot be read is reported and skipped.',
      ].join('\n\n'),
    )
    .argument('[inputs...]', 'files, "-" for stdin, or tcp://HOST:PORT (none with --watch)')
    .option(
      '--track <rule>',
      'count only tweets matching this track rule (repeatable: any rule matches)',
      collect,
      [],
    )
    .option(
      '--json',
      'print each result as one line of JSON (seq, batch, window, top, stats, totals) and nothing else',
      false,
    )
    .option('--checkpoint <file>', 'streams only: keep state in this file and resume from it after a restart')
    .option('--checkpoint-every <n>', 'write the checkpoint every N results (and at the end)', '10')
    .option('--watch <dir>', 'count each recording that appears in this folder, until Ctrl+C')
    .option('--settle <duration>', 'with --watch: how long a new file must stay unchanged to be read', '2s');
  addCounterFlags(cmd, { batch: '10s', window: '20s', related: '0' });
  return cmd.action(async (inputs: string[], flags: CountFlags) => {
    const { settings, latenessMs } = settingsFromFlags(flags);
    const filter = trackFilter(flags.track);
    const print = flags.json
      ? (r: BatchResult) => process.stdout.write(JSON.stringify(r) + '\n')
      : (r: BatchResult) => process.stdout.write(formatResultTable(r));
    if (flags.watch !== undefined) {
      if (inputs.length > 0) throw new UsageError('count takes either --watch DIR or inputs, not both');
      if (flags.checkpoint !== undefined)
        throw new UsageError('--checkpoint is for "-" and tcp:// streams, not --watch');
      const settleMs = parseDuration(flags.settle, '--settle');
      const session = countingSession({ settings, latenessMs, filter }, print);
      let failure: unknown = null;
      try {
        await countWatchedFolder(flags.watch, session, { settleMs, logger: await logger() });
      } catch (err) {
        failure = err;
      }
      // Whatever stopped the watch (Ctrl+C, or the folder gone), what was counted ends its windows.
      session.end();
      if (failure instanceof RecordingError) throw new UsageError(`--watch: ${failure.message}`);
      if (failure !== null) throw failure;
      return;
    }
    if (inputs.length === 0) throw new UsageError('count needs files, "-", tcp://HOST:PORT or --watch DIR');
    const streams = inputs.filter((i) => i === '-' || i.startsWith('tcp://'));
    if (streams.length > 0 && inputs.length > 1) {
      throw new UsageError('count takes either files, or one stream ("-" or tcp://HOST:PORT), not both');
    }
    if (flags.checkpoint !== undefined && streams.length === 0) {
      throw new UsageError(
        '--checkpoint is for streams ("-" or tcp://): files are always counted from the start',
      );
    }
    const counting: Counting = { settings, latenessMs, filter };
    if (streams.length === 0) {
      const session = countingSession(counting, print);
      await countFiles(inputs, session);
      session.end();
      return;
    }
    const every = parseIntFlag(flags.checkpointEvery, '--checkpoint-every', 1, 1_000_000);
    const state = await checkpointedSession(counting, print, flags.checkpoint, every);
    if (inputs[0] === '-') await countStdin(state.session, state.afterInput);
    else await countTcp(inputs[0]!, state.session, await logger(), state.afterInput, state.reader);
    state.session.end();
    await state.finish();
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
