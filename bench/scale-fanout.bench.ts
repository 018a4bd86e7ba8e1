import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis } from '@tagstream/redis/testing';
import { ClientFleet, latencies, memory, startBare, type LatencyFigures } from './fanout.bench.ts';
import { round } from './measure.ts';
import { sampleResult } from './sample-result.ts';

export interface ScaleFanoutFigures {
  clients: number;
  results: number;
  /** Result appended to Redis → `batch` in each client, one web node holding every client. */
  oneNode: LatencyFigures;
  /** The same, the clients split between two web nodes. */
  twoNodes: LatencyFigures;
  /** A bare socket.io server emitting a result-sized event to as many clients: the transport's own latency. */
  baseline: LatencyFigures;
  loadavg: [number, number];
}

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/cli/bin/tagstream.js');
const now = (): number => performance.timeOrigin + performance.now();

/** `tagstream serve --redis URL --port 0`, resolved with its URL once it listens. */
async function webNode(url: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--redis', url, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', TAGSTREAM_ADMIN_TOKEN: '' },
  });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      log += d;
      const m = /dashboard at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', () => reject(new Error(`web node exited:\n${log.slice(-2000)}`)));
  });
}

/** A window result of dashboard size: ten entries with their related tags, totals. */
/**
 * `npm run bench -- --only scale` (fan-out half): web nodes on Redis (`tagstream serve --redis`,
 * each its own process) with socket.io clients in child processes. Results are appended to the
 * results stream here, as the emitter appends them, 300 ms apart (beyond the nodes' 200 ms
 * coalescing gap); the latency is from the append to the `batch` in each client. One node with
 * every client, then two nodes with half each, then a bare socket.io server with every client
 * (in this process), all in the same run.
 */
export async function benchScaleFanout(o: { clients: number; rounds: number }): Promise<ScaleFanoutFigures> {
  const redis = await startTestRedis();
  const writer = connectRedis(redis.url);
  const keys = keyspace();
  const fleet = new ClientFleet(4);
  const nodes = await Promise.all([webNode(redis.url), webNode(redis.url)]);
  const loadStart = os.loadavg()[0]!;
  let seq = 0;
  const zero = { heap: 0, rss: 0 };
  const measure = async (urls: string[]): Promise<LatencyFigures> => {
    for (const url of urls) await fleet.connect(url, 0, o.clients / urls.length);
    const closed = new Map<number, number>();
    for (let k = 0; k < o.rounds; k++) {
      const r = sampleResult(++seq);
      const text = JSON.stringify(r);
      closed.set(r.seq, now());
      await writer.xadd(keys.results, 'MAXLEN', '~', '2000', '*', 'n', String(r.seq), 'r', text);
      await sleep(300);
    }
    await sleep(500);
    return latencies(closed, (await fleet.collect()).flat(), zero, []);
  };
  try {
    const oneNode = await measure([nodes[0]!.url]);
    const twoNodes = await measure(nodes.map((n) => n.url));
    const baseline = await bare(fleet, o.clients, o.rounds, sampleResult(0));
    return {
      clients: o.clients,
      results: o.rounds,
      oneNode,
      twoNodes,
      baseline,
      loadavg: [round(loadStart, 2), round(os.loadavg()[0]!, 2)],
    };
  } finally {
    fleet.close();
    for (const n of nodes) n.child.kill('SIGKILL');
    writer.disconnect();
    await redis.stop();
  }
}

/** The baseline: a bare socket.io server emitting a result-sized event to the same clients. */
async function bare(
  fleet: ClientFleet,
  clients: number,
  rounds: number,
  sample: BatchResult,
): Promise<LatencyFigures> {
  const server = await startBare();
  const before = memory();
  await fleet.connect(server.url, 0, clients);
  const after = memory();
  const closed = new Map<number, number>();
  const emitMs: number[] = [];
  for (let seq = 0; seq < rounds; seq++) {
    const t = now();
    closed.set(seq, t);
    server.io.emit('batch', { ...sample, seq });
    emitMs.push(now() - t);
    await sleep(300);
  }
  await sleep(500);
  const receipts = (await fleet.collect()).flat();
  await server.close();
  return latencies(closed, receipts, { heap: after.heap - before.heap, rss: after.rss - before.rss }, emitMs);
}
