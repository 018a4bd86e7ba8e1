import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis } from '@tagstream/redis/testing';
import { median, round } from './measure.ts';

/** One way of running the workers, measured over the rounds (medians). */
export interface ScaleContender {
  workers: 1 | 2;
  /** `work --merge`: the counting shared in parts. */
  merge: boolean;
  /** Tweets per wall second from the workers' start to the last result. */
  perSec: number;
  /** CPU seconds per 100,000 tweets: the emitting worker's, and the other's (2 workers). */
  emitterCpu: number;
  otherCpu: number | null;
}

export interface ScaleFigures {
  tweets: number;
  results: number;
  /** Tweets per wall second from the workers' start to the last result, median of the rounds. */
  oneWorkerPerSec: number;
  twoWorkersPerSec: number;
  ratio: number;
  /** 1 and 2 workers, without and with `--merge`, alternating in the same rounds. */
  contenders: ScaleContender[];
  /** Load average (1 min) when the measurement started and ended: the machine is shared. */
  loadavg: [number, number];
}

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/cli/bin/tagstream.js');
const FLAGS = ['--batch', '2s', '--window', '6s'];

function tagstream(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
}

/** Each worker's log so far (stderr). */
const logs = new WeakMap<ChildProcess, { text: string }>();

/** Resolves once a worker says it reads the lines stream (and, having taken it or not, tried the lease). */
function ready(c: ChildProcess): Promise<void> {
  const log = { text: '' };
  logs.set(c, log);
  return new Promise((resolve, reject) => {
    c.stderr!.setEncoding('utf8').on('data', (d: string) => {
      log.text += d;
      if (log.text.includes('reading the lines stream')) resolve();
    });
    c.once('exit', () => reject(new Error(`worker exited:\n${log.text.slice(-2000)}`)));
  });
}

/** A live process's CPU seconds (user and system) from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** How many results `tagstream count` makes of the file with the same flags. */
async function countResults(file: string): Promise<number> {
  const c = spawn(process.execPath, [BIN, 'count', file, ...FLAGS, '--json'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let lines = 0;
  c.stdout!.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) lines++;
  });
  await exited(c);
  return lines;
}

async function exited(c: ChildProcess): Promise<number | null> {
  return c.exitCode ?? new Promise((resolve) => c.once('exit', resolve));
}

/** Normalized tweets a few ms apart, each with two tags of a few hundred, as a gzip recording. */
function recording(file: string, tweets: number): void {
  const start = Date.parse('2026-11-22T10:00:00.000Z');
  const lines: string[] = [];
  for (let i = 0; i < tweets; i++) {
    const at = new Date(start + i * 5).toISOString();
    lines.push(
      JSON.stringify({
        id: String(1_000_000_000 + i),
        created_at: at,
        text: `t #tag${i % 300} #Other${(i * 7) % 500}`,
      }),
    );
  }
  writeFileSync(file, gzipSync(lines.join('\n') + '\n', { level: 1 }));
}

/**
 * `npm run bench -- --only scale`: the lines of one recording put into a Redis stream once, then,
 * alternating, 1 and 2 `tagstream work` processes, without and with `--merge`, count it from the
 * start (a fresh group, emitter and results each round), timed from their start to the last
 * result, with each worker's CPU over the same span.
 */
export async function benchScale(o: { tweets: number; rounds: number }): Promise<ScaleFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-scale-'));
  const redis = await startTestRedis();
  const client = connectRedis(redis.url);
  const keys = keyspace();
  try {
    const file = path.join(dir, 'flood.jsonl.gz');
    recording(file, o.tweets);
    const ingest = tagstream(
      ['ingest', 'replay', file, '--speed', 'max', '--port', '0', '--control-port', '0'].concat([
        '--no-progress',
        '--linger',
        '0s',
        '--redis',
        redis.url,
      ]),
    );
    if ((await exited(ingest)) !== 0) throw new Error('ingest failed');
    await client.copy(keys.lines, 'bench:lines');
    const results = await countResults(file);
    const loadStart = os.loadavg()[0]!;
    const configs: { workers: 1 | 2; merge: boolean }[] = [
      { workers: 1, merge: false },
      { workers: 2, merge: false },
      { workers: 1, merge: true },
      { workers: 2, merge: true },
    ];
    const rounds = configs.map(() => ({
      seconds: [] as number[],
      emitter: [] as number[],
      other: [] as number[],
    }));
    const round1 = async (c: {
      workers: number;
      merge: boolean;
    }): Promise<{ seconds: number; cpu: number[] }> => {
      const old = await client.keys(`${keys.lines.replace(/lines$/, '')}*`);
      if (old.length > 0) await client.del(...old);
      const procs = Array.from({ length: c.workers }, (_, i) =>
        tagstream([
          'work',
          '--redis',
          redis.url,
          '--name',
          `w${i}`,
          ...FLAGS,
          ...(c.merge ? ['--merge'] : []),
        ]),
      );
      // Timed from the moment the lines are there and every worker is waiting for them: process
      // start-up (seconds on a loaded machine) is not counting.
      await Promise.all(procs.map(ready));
      const cpu0 = procs.map((p) => cpuSeconds(p.pid!));
      await client.copy('bench:lines', keys.lines, 'REPLACE');
      const t0 = performance.now();
      while ((await client.xlen(keys.results)) < results) await new Promise((r) => setTimeout(r, 20));
      const seconds = (performance.now() - t0) / 1000;
      // The emitting worker's CPU first.
      const cpu = procs.map((p, i) => cpuSeconds(p.pid!) - cpu0[i]!);
      const lead = procs.findIndex((p) => logs.get(p)!.text.includes('took the emitter lease'));
      if (lead > 0) cpu.unshift(...cpu.splice(lead, 1));
      for (const p of procs) p.kill('SIGKILL');
      await Promise.all(procs.map(exited));
      return { seconds, cpu };
    };
    await round1(configs[0]!); // warm-up
    for (let r = 0; r < o.rounds; r++) {
      for (const [i, c] of configs.entries()) {
        const { seconds, cpu } = await round1(c);
        rounds[i]!.seconds.push(seconds);
        rounds[i]!.emitter.push((cpu[0]! * 100_000) / o.tweets);
        if (cpu[1] !== undefined) rounds[i]!.other.push((cpu[1] * 100_000) / o.tweets);
      }
    }
    const contenders: ScaleContender[] = configs.map((c, i) => ({
      ...c,
      perSec: Math.round(o.tweets / median(rounds[i]!.seconds)),
      emitterCpu: round(median(rounds[i]!.emitter), 2),
      otherCpu: rounds[i]!.other.length > 0 ? round(median(rounds[i]!.other), 2) : null,
    }));
    const one = contenders[0]!.perSec;
    const two = contenders[1]!.perSec;
    return {
      tweets: o.tweets,
      results,
      oneWorkerPerSec: one,
      twoWorkersPerSec: two,
      ratio: round(two / one, 2),
      contenders,
      loadavg: [round(loadStart, 2), round(os.loadavg()[0]!, 2)],
    };
  } finally {
    client.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
