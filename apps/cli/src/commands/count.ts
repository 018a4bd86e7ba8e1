import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { readRecording } from '@tagstream/ingestor/recording';
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
import { formatResultTable } from '../print-result.ts';
import { UsageError } from '../usage-error.ts';

interface CountFlags extends CounterFlagValues {
  json: boolean;
  track: string[];
}

/** `tagstream count`: the console sink (DESIGN.md §5, §7a). */
export function countCommand(logger: () => Logger): Command {
  const cmd = new Command('count')
    .summary('count hashtags in files, stdin or a TCP line source and print each window’s top K')
    .description(
      'Counts hashtags per DESIGN.md §4 and prints one result per window, like Spark’s pprint().\n' +
        'Files (jsonl, json, csv, txt, optionally .gz) are read to the end and counted in event time;\n' +
        '"-" (stdin) and tcp://HOST:PORT stream until closed.',
    )
    .argument('<inputs...>', 'files, "-" for stdin, or tcp://HOST:PORT')
    .option(
      '--track <rule>',
      'count only tweets matching this track rule (repeatable: any rule matches)',
      collect,
      [],
    )
    .option('--json', 'print one JSON result per line (DESIGN.md §5) and nothing else', false);
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
    const counter = makeCounter(options, print, filter);
    if (streams.length === 0) await countFiles(inputs, counter);
    else if (inputs[0] === '-') await countStdin(counter);
    else await countTcp(inputs[0]!, counter, logger());
    counter.end();
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

async function countStdin(counter: WindowedCounter): Promise<void> {
  const tally = emptyLineTally();
  const ticker = setInterval(() => counter.tick(), 250);
  try {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      feedLine(counter, line, 'auto', tally);
    }
  } finally {
    clearInterval(ticker);
  }
}

async function countTcp(url: string, counter: WindowedCounter, logger: Logger): Promise<void> {
  const address = parseTcpUrl(url);
  if (address === null) throw new UsageError(`not a TCP address: ${url} (use tcp://HOST:PORT)`);
  const tally = emptyLineTally();
  await new Promise<void>((resolve) => {
    const source = new TcpLineSource({
      address,
      logger,
      endOnClose: true,
      events: {
        line: (line) => feedLine(counter, line, 'auto', tally),
        oversized: () => counter.malformed(),
        status: () => undefined,
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
