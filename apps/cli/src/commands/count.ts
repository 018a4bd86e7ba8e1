import { Command } from 'commander';
import { LineSplitter, readRecording } from '@tagstream/recordings';
import { CheckpointFile } from '@tagstream/server/checkpoint-file';
import type { BatchResult } from '@tagstream/protocol';
import { parseTcpUrl, TcpLineSource } from '@tagstream/server/tcp-line-source';
import {
  CounterOptionsError,
  emptyLineTally,
  feedLine,
  systemClock,
  WindowedCounter,
  type CounterOptions,
} from '@tagstream/stream';
import {
  compileTrack,
  formatRuleError,
  RuleSyntaxError,
  sortByEventTime,
  type Tweet,
} from '@tagstream/tweets';
import type { Logger } from 'pino';
import { addCounterFlags, counterOptionsFrom, type CounterFlagValues } from '../counter-flags.ts';
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
export function countCommand(logger: () => Logger): Command {
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
    const options = counterOptionsFrom(flags);
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
    if (streams.length === 0) {
      const counter = makeCounter(options, print, filter);
      await countFiles(inputs, counter);
      counter.end();
      return;
    }
    const every = parseIntFlag(flags.checkpointEvery, '--checkpoint-every', 1, 1_000_000);
    const state = await checkpointedCounter(options, print, filter, flags.checkpoint, every);
    if (inputs[0] === '-') await countStdin(state.counter, state.afterInput);
    else await countTcp(inputs[0]!, state.counter, logger(), state.afterInput);
    state.counter.end();
    await state.finish();
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function makeCounter(
  options: Partial<CounterOptions>,
  print: (r: BatchResult) => void,
  filter: ((t: Tweet) => boolean) | null,
): WindowedCounter {
  try {
    return new WindowedCounter(options, systemClock, print, undefined, filter);
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
async function countFiles(paths: string[], counter: WindowedCounter): Promise<void> {
  const tweets: Tweet[] = [];
  let malformed = 0;
  for (const path of paths) {
    for await (const event of readRecording(path)) {
      if (event.kind === 'tweet') tweets.push(event.tweet);
      else if (event.kind === 'malformed' || event.kind === 'oversized') malformed++;
    }
  }
  // Malformed lines have no time of their own; they are reported in the first window.
  for (let i = 0; i < malformed; i++) counter.malformed();
  for (const t of sortByEventTime(tweets)) counter.add(t);
}

async function countStdin(counter: WindowedCounter, afterInput: () => void): Promise<void> {
  const tally = emptyLineTally();
  const ticker = setInterval(() => counter.tick(), 250);
  const splitter = new LineSplitter();
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      const before = splitter.oversized;
      for (const line of splitter.push(chunk)) feedLine(counter, line, 'auto', tally);
      for (let i = before; i < splitter.oversized; i++) counter.malformed();
      afterInput();
    }
    for (const line of splitter.end()) feedLine(counter, line, 'auto', tally);
  } finally {
    clearInterval(ticker);
  }
}

/**
 * A counter for a stream, resumed from `file` when it holds a checkpoint made with
 * the same settings. Checkpoints are written between input chunks (never from
 * inside an emission), every `every` results, and once more at the end.
 */
async function checkpointedCounter(
  options: Partial<CounterOptions>,
  print: (r: BatchResult) => void,
  filter: ((t: Tweet) => boolean) | null,
  path: string | undefined,
  every: number,
): Promise<{ counter: WindowedCounter; afterInput: () => void; finish: () => Promise<void> }> {
  let sinceCheckpoint = 0;
  const sink = (r: BatchResult): void => {
    sinceCheckpoint++;
    print(r);
  };
  if (path === undefined)
    return {
      counter: makeCounter(options, sink, filter),
      afterInput: () => undefined,
      finish: async () => undefined,
    };
  const file = new CheckpointFile(path);
  let counter: WindowedCounter | null = null;
  const read = await file.read((v) => void WindowedCounter.fromCheckpoint(v, systemClock, () => undefined));
  if (read.kind === 'set-aside') {
    process.stderr.write(
      `tagstream: checkpoint unreadable (${read.reason}); moved to ${read.movedTo}, starting fresh\n`,
    );
  } else if (read.kind === 'ok') {
    const restored = WindowedCounter.fromCheckpoint(read.value, systemClock, sink, undefined, filter);
    const fresh = makeCounter(options, () => undefined, filter).options;
    const o = restored.options;
    if (
      o.batchMs === fresh.batchMs &&
      o.windowMs === fresh.windowMs &&
      o.slideMs === fresh.slideMs &&
      o.topK === fresh.topK &&
      o.retweets === fresh.retweets
    ) {
      counter = restored;
    } else {
      process.stderr.write('tagstream: the checkpoint was made with other settings; starting fresh\n');
    }
  }
  counter ??= makeCounter(options, sink, filter);
  const c = counter;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    sinceCheckpoint = 0;
    const value = c.toCheckpoint();
    writing = writing.then(() => file.write(value));
    return writing;
  };
  return {
    counter: c,
    afterInput: () => {
      if (sinceCheckpoint >= every) void write();
    },
    finish: () => write(),
  };
}

async function countTcp(
  url: string,
  counter: WindowedCounter,
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
        line: (line) => feedLine(counter, line, 'auto', tally),
        handled: afterInput,
        oversized: () => counter.malformed(),
        status: (connected) => {
          if (connected) warned = false;
          else if (!warned) {
            warned = true;
            logger.warn(`nothing is listening at ${url}; retrying until a source does (Ctrl+C to stop)`);
          }
        },
        end: () => {
          clearInterval(ticker);
          source.stop();
          resolve();
        },
      },
    });
    // Plain-text lines (nc) run on wall time: close their batches even when no line arrives.
    const ticker = setInterval(() => counter.tick(), 250);
    const stop = (): void => {
      clearInterval(ticker);
      source.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    source.start();
  });
}
