import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ingestor } from '@tagstream/ingestor';
import { TcpLineSource } from '@tagstream/server';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { pino } from 'pino';
import { cpuSeconds, median, round } from './measure.ts';
import { normalizedLines } from './workloads.ts';

export interface TcpFigures {
  tweets: number;
  /** Ours: ingestor replay at max speed → TCP → TcpLineSource → feedLine → WindowedCounter; per CPU second of the process. */
  tweetsPerSec: number;
  /** The same replay and transport into a consumer that only JSON.parses each line. */
  parseFloorPerSec: number;
  ratio: number;
  wallTweetsPerSec: number;
  wallParseFloorPerSec: number;
}

const silent = pino({ level: 'silent' });

/**
 * One replay of `file` through a real ingestor and a real TCP connection to a
 * consumer in this process (so CPU time covers both ends, on one thread), until
 * the consumer has seen all `tweets`. Returns CPU and wall seconds.
 */
export async function replayOnce(
  file: string,
  tweets: number,
  consume: 'core' | 'floor',
): Promise<[number, number]> {
  const ingestor = new Ingestor({ host: '127.0.0.1', port: 0, format: 'json', logger: silent });
  const { port } = await ingestor.listen();
  const session = new CounterSession({
    settings: { ...DEFAULT_SETTINGS, related: 0 },
    clock: new ManualClock(0),
    sink: { result: () => undefined },
  });
  const tally = emptyLineTally();
  let seen = 0;
  let sink = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const source = new TcpLineSource({
    address: { host: '127.0.0.1', port },
    logger: silent,
    events: {
      line:
        consume === 'core'
          ? (line) => {
              feedLine(session, line, 'auto', tally);
              if (tally.tweets === tweets) done();
            }
          : (line) => {
              const v = JSON.parse(line) as { text?: string };
              if (v.text !== undefined && ++seen === tweets) done();
              sink += v.text?.length ?? 0;
            },
      oversized: () => undefined,
      status: () => undefined,
      end: () => undefined,
    },
  });
  source.start();
  // Loading (reading and sorting the recording) is not part of the measure: start after it.
  await ingestor.startReplay({ files: [file], speed: 'max', loop: false });
  const c0 = cpuSeconds();
  const w0 = performance.now();
  await finished;
  const result: [number, number] = [cpuSeconds() - c0, (performance.now() - w0) / 1000];
  source.stop();
  await ingestor.close();
  if (sink < 0) console.log(sink);
  return result;
}

export async function benchTcp(opts: {
  tweets: number;
  distinct: number;
  rounds: number;
}): Promise<TcpFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-tcp-'));
  try {
    const file = path.join(dir, 'replay.jsonl');
    writeFileSync(file, normalizedLines(opts.tweets, opts.distinct).join('\n') + '\n');
    const ours = { cpu: [] as number[], wall: [] as number[] };
    const floor = { cpu: [] as number[], wall: [] as number[] };
    for (let r = 0; r < opts.rounds; r++) {
      const [fc, fw] = await replayOnce(file, opts.tweets, 'floor');
      floor.cpu.push(fc);
      floor.wall.push(fw);
      const [oc, ow] = await replayOnce(file, opts.tweets, 'core');
      ours.cpu.push(oc);
      ours.wall.push(ow);
    }
    const n = opts.tweets;
    return {
      tweets: n,
      tweetsPerSec: Math.round(n / median(ours.cpu)),
      parseFloorPerSec: Math.round(n / median(floor.cpu)),
      ratio: round(median(floor.cpu) / median(ours.cpu)),
      wallTweetsPerSec: Math.round(n / median(ours.wall)),
      wallParseFloorPerSec: Math.round(n / median(floor.wall)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
