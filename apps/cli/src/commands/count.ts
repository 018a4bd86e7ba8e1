import { Command } from 'commander';
import { LineSplitter, readRecording } from '@tagstream/recordings';
import { CheckpointFile } from '@tagstream/server/checkpoint-file';
import type { BatchResult, Settings } from '@tagstream/protocol';
import { parseTcpUrl, TcpLineSource } from '@tagstream/server/tcp-line-source';
import {
  CounterOptionsError,
  CounterSession,
  emptyLineTally,
  feedLine,
  assertReadableCheckpoint,
  type CountingSession,
} from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import {
  compileTrack,
  formatRuleError,
  RuleSyntaxError,
  sortByEventTime,
  type Tweet,
} from '@tagstream/tweets';
import type { Logger } from 'pino';
import { addCounterFlags, settingsFromFlags, type CounterFlagValues } from '../counter-flags.ts';
import { parseIntFlag } from '../duration.ts';
import { formatResultTable } from '../print-result.ts';
import { UsageError } from '../usage-error.ts';

interface CountFlags extends CounterFlagValues {
  json: boolean;
  track: string[];
  checkpoint?: string;
  checkpointEvery: string;
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
      ].join('\n\n'),
    )
    .argument('<inputs...>', 'files, "-" for stdin, or tcp://HOST:PORT')
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
    .option('--checkpoint-every <n>', 'write the checkpoint every N results (and at the end)', '10');
  addCounterFlags(cmd, { batch: '10s', window: '20s' });
  return cmd.action(async (inputs: string[], flags: CountFlags) => {
    const { settings, latenessMs } = settingsFromFlags(flags);
    const filter = trackFilter(flags.track);
    const print = flags.json
      ? (r: BatchResult) => process.stdout.write(JSON.stringify(r) + '\n')
      : (r: BatchResult) => process.stdout.write(formatResultTable(r));
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
    else await countTcp(inputs[0]!, state.session, await logger(), state.afterInput);
    state.session.end();
    await state.finish();
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** How the user asked to count. */
interface Counting {
  settings: Settings;
  latenessMs: number;
  filter: ((t: Tweet) => boolean) | null;
}

/** A session for one stream (a `begin` mark is a plain watermark to it); settings it cannot honour are usage errors. */
function countingSession(c: Counting, print: (r: BatchResult) => void): CountingSession {
  try {
    return new CounterSession({
      settings: c.settings,
      base: { latenessMs: c.latenessMs },
      clock: systemClock,
      sink: { result: print },
      filter: c.filter ?? undefined,
      restartOnBegin: false,
    });
  } catch (err) {
    if (err instanceof CounterOptionsError) throw new UsageError(err.message);
    throw err;
  }
}

function trackFilter(rules: string[]): ((t: Tweet) => boolean) | null {
  if (rules.length === 0) return null;
  try {
    return compileTrack(rules);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      const rule = rules[(err as RuleSyntaxError & { index?: number }).index ?? 0] ?? rules[0]!;
      throw new UsageError(`--track: ${err.message}\n${formatRuleError(rule, err)}`);
    }
    throw err;
  }
}

/** Recorded files: every tweet first, ordered by event time (DESIGN.md §4), then counted; nothing is late. */
async function countFiles(paths: string[], session: CountingSession): Promise<void> {
  const tweets: Tweet[] = [];
  let malformed = 0;
  for (const path of paths) {
    for await (const event of readRecording(path)) {
      if (event.kind === 'tweet') tweets.push(event.tweet);
      else if (event.kind === 'malformed' || event.kind === 'oversized') malformed++;
    }
  }
  // Malformed lines have no time of their own; they are reported in the first window.
  for (let i = 0; i < malformed; i++) session.malformed();
  for (const t of sortByEventTime(tweets)) session.add(t);
}

/** Plain-text lines (nc) run on wall time: something must close their batches when no line arrives. */
function startTicking(session: CountingSession): () => void {
  const ticker = systemClock.setInterval(() => session.tick(), 250);
  return () => systemClock.clearTimeout(ticker);
}

async function countStdin(session: CountingSession, afterInput: () => void): Promise<void> {
  const tally = emptyLineTally();
  const stopTicking = startTicking(session);
  const splitter = new LineSplitter();
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      const before = splitter.oversized;
      for (const line of splitter.push(chunk)) feedLine(session, line, 'auto', tally);
      for (let i = before; i < splitter.oversized; i++) session.malformed();
      afterInput();
    }
    for (const line of splitter.end()) feedLine(session, line, 'auto', tally);
  } finally {
    stopTicking();
  }
}

/**
 * A session for a stream, resumed from `file` when it holds a checkpoint made with
 * the same settings. Checkpoints are written between input chunks (never from
 * inside an emission), every `every` results, and once more at the end.
 */
async function checkpointedSession(
  counting: Counting,
  print: (r: BatchResult) => void,
  path: string | undefined,
  every: number,
): Promise<{ session: CountingSession; afterInput: () => void; finish: () => Promise<void> }> {
  let sinceCheckpoint = 0;
  const sink = (r: BatchResult): void => {
    sinceCheckpoint++;
    print(r);
  };
  if (path === undefined)
    return {
      session: countingSession(counting, sink),
      afterInput: () => undefined,
      finish: async () => undefined,
    };
  const file = new CheckpointFile(path);
  const read = await file.read((v) => assertReadableCheckpoint(v, systemClock));
  if (read.kind === 'set-aside') {
    process.stderr.write(
      `tagstream: checkpoint unreadable (${read.reason}); moved to ${read.movedTo}, starting fresh\n`,
    );
  }
  const session = countingSession(counting, sink);
  if (read.kind === 'ok' && !session.restore(read.value, { sameSettings: true }).resumed) {
    process.stderr.write('tagstream: the checkpoint was made with other settings; starting fresh\n');
  }
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    sinceCheckpoint = 0;
    const value = session.checkpoint();
    writing = writing.then(() => file.write(value));
    return writing;
  };
  return {
    session,
    afterInput: () => {
      if (sinceCheckpoint >= every) void write();
    },
    finish: () => write(),
  };
}

async function countTcp(
  url: string,
  session: CountingSession,
  logger: Logger,
  afterInput: () => void,
): Promise<void> {
  const address = parseTcpUrl(url);
  if (address === null) throw new UsageError(`not a TCP address: ${url} (use tcp://HOST:PORT)`);
  const tally = emptyLineTally();
  // Said once per outage, at warn level: a count that waits in silence looks hung.
  let warned = false;
  await new Promise<void>((resolve) => {
    const source = new TcpLineSource({
      address,
      logger,
      endOnClose: true,
      events: {
        line: (line) => feedLine(session, line, 'auto', tally),
        handled: afterInput,
        oversized: () => session.malformed(),
        status: (connected) => {
          if (connected) warned = false;
          else if (!warned) {
            warned = true;
            logger.warn(`nothing is listening at ${url}; retrying until a source does (Ctrl+C to stop)`);
          }
        },
        end: () => {
          stopTicking();
          source.stop();
          resolve();
        },
      },
    });
    const stopTicking = startTicking(session);
    const stop = (): void => {
      stopTicking();
      source.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    source.start();
  });
}
