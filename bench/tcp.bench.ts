import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ingestor } from '@tagstream/ingestor';
import { LogReader, TcpLineSource } from '@tagstream/server/tcp-line-source';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { ByteLineReader, CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { LineSplitter } from '@tagstream/recordings';
import { ManualClock } from '@tagstream/time';
import { pino } from 'pino';
import { cpuSeconds, interleaved, median, rates, round } from './measure.ts';
import { normalizedLines } from './workloads.ts';

export interface TcpFigures {
  tweets: number;
  /**
   * Ours, as the server reads: ingestor replay at max speed → TCP → TcpLineSource reading the log
   * by offset → the bytes to ByteLineReader (the byte-level path) → WindowedCounter; per CPU second.
   */
  tweetsPerSec: number;
  /** The same replay and transport into a consumer that only JSON.parses each line. */
  parseFloorPerSec: number;
  ratio: number;
  wallTweetsPerSec: number;
  wallParseFloorPerSec: number;
  /** The path before the byte splitter, in the same run: a string per line to `feedLine`. */
  linesPerSec: number;
  /** Ours ÷ the string path. */
  bytesVsLines: number;
  /**
   * The consumer's side alone: the chunks one replay delivered (offset lines included), kept, and
   * fed again in-process to each reader, alternating; tweets per CPU second.
   */
  consumer: {
    bytes: number;
    lines: number;
    floor: number;
    chunks: number;
    bytesVsFloor: number;
    bytesVsLines: number;
  };
}

/** What reads the replay: ours from bytes, ours from a string per line (before), or the floor. */
export type TcpConsumer = 'bytes' | 'lines' | 'floor';

const silent = pino({ level: 'silent' });

/**
 * One replay of `file` through a real ingestor and a real TCP connection to a
 * consumer in this process (so CPU time covers both ends, on one thread), until
 * the consumer has seen all `tweets`. Returns CPU and wall seconds.
 */
export async function replayOnce(
  file: string,
  tweets: number,
  consume: TcpConsumer,
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
  const floor = (line: string): void => {
    const v = JSON.parse(line) as { text?: string };
    if (v.text !== undefined && ++seen === tweets) done();
    sink += v.text?.length ?? 0;
  };
  const source = new TcpLineSource({
    address: { host: '127.0.0.1', port },
    logger: silent,
    // Ours reads the ingestor's log by offset, as the server does; the floor reads plain lines.
    ...(consume === 'floor' ? {} : { reader: new LogReader() }),
    ...(consume === 'bytes' ? { lines: { target: session, tally } } : {}),
    events: {
      line:
        consume === 'floor'
          ? floor
          : (line) => {
              feedLine(session, line, 'auto', tally);
              if (tally.tweets === tweets) done();
            },
      handled: () => {
        if (tally.tweets === tweets) done();
      },
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

/** The chunks a replay of `file` delivers to a consumer reading offsets, as they arrived. */
export async function captureChunks(file: string, tweets: number): Promise<Buffer[]> {
  const ingestor = new Ingestor({ host: '127.0.0.1', port: 0, format: 'json', logger: silent });
  const { port } = await ingestor.listen();
  const chunks: Buffer[] = [];
  const tally = emptyLineTally();
  const counter = new ByteLineReader(
    {
      takesScanned: false,
      addScanned: () => undefined,
      add: () => tally.tweets++,
      malformed: () => undefined,
      watermark: () => undefined,
    },
    emptyLineTally(),
  );
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const source = new TcpLineSource({
    address: { host: '127.0.0.1', port },
    logger: silent,
    reader: new LogReader(),
    events: {
      chunk: (c) => {
        chunks.push(Buffer.from(c));
        counter.push(c);
        if (tally.tweets >= tweets) done();
      },
      status: () => undefined,
      end: () => undefined,
    },
  });
  source.start();
  await ingestor.startReplay({ files: [file], speed: 'max', loop: false });
  await finished;
  source.stop();
  await ingestor.close();
  return chunks;
}

/** Each reader of the consumer's side, fed the captured chunks as the socket gave them. */
export function consumers(chunks: Buffer[]): Record<'bytes' | 'lines' | 'floor', () => void> {
  const session = (): CounterSession =>
    new CounterSession({
      settings: { ...DEFAULT_SETTINGS, related: 0 },
      clock: new ManualClock(0),
      sink: { result: () => undefined },
    });
  let sink = 0;
  return {
    // As the server reads: the log reader (its request sent) as the byte reader's gate.
    bytes: () => {
      const log = new LogReader();
      log.connected();
      const reader = new ByteLineReader(session(), emptyLineTally(), { gate: log });
      for (const c of chunks) reader.push(c);
      reader.end();
    },
    // As the server read before: a string per line, the log reader on each, then feedLine.
    lines: () => {
      const s = session();
      const tally = emptyLineTally();
      const log = new LogReader();
      log.connected();
      const splitter = new LineSplitter({ maxLineBytes: 1024 * 1024 });
      for (const c of chunks)
        for (const line of splitter.push(c)) if (log.line(line) === 'feed') feedLine(s, line, 'auto', tally);
    },
    // The floor: split and JSON.parse every line (offset lines included: a few hundred).
    floor: () => {
      const splitter = new LineSplitter({ maxLineBytes: 1024 * 1024 });
      for (const c of chunks)
        for (const line of splitter.push(c)) {
          const v = JSON.parse(line) as { text?: string };
          sink += v.text?.length ?? 0;
        }
      if (sink < 0) console.log(sink);
    },
  };
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
    const runs: Record<TcpConsumer, { cpu: number[]; wall: number[] }> = {
      floor: { cpu: [], wall: [] },
      bytes: { cpu: [], wall: [] },
      lines: { cpu: [], wall: [] },
    };
    for (let r = 0; r < opts.rounds; r++) {
      for (const consumer of ['floor', 'bytes', 'lines'] as const) {
        const [c, w] = await replayOnce(file, opts.tweets, consumer);
        runs[consumer].cpu.push(c);
        runs[consumer].wall.push(w);
      }
    }
    const n = opts.tweets;
    const { floor, bytes: ours, lines } = runs;
    const chunks = await captureChunks(file, n);
    const alone = interleaved(opts.rounds + 2, consumers(chunks));
    const perSec = (k: 'bytes' | 'lines' | 'floor'): number => rates(n, alone[k]!).perCpuSec;
    return {
      tweets: n,
      tweetsPerSec: Math.round(n / median(ours.cpu)),
      parseFloorPerSec: Math.round(n / median(floor.cpu)),
      ratio: round(median(floor.cpu) / median(ours.cpu)),
      wallTweetsPerSec: Math.round(n / median(ours.wall)),
      wallParseFloorPerSec: Math.round(n / median(floor.wall)),
      linesPerSec: Math.round(n / median(lines.cpu)),
      bytesVsLines: round(median(lines.cpu) / median(ours.cpu)),
      consumer: {
        bytes: perSec('bytes'),
        lines: perSec('lines'),
        floor: perSec('floor'),
        chunks: chunks.length,
        bytesVsFloor: round(perSec('bytes') / perSec('floor')),
        bytesVsLines: round(perSec('bytes') / perSec('lines')),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
