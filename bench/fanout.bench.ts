import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { BatchResult } from '@tagstream/protocol';
import { startServer } from '@tagstream/server';
import { toWireLine } from '@tagstream/tweets';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { percentile, round } from './measure.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const now = (): number => performance.timeOrigin + performance.now();

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Deliveries measured (clients × results) and those that never arrived. */
  deliveries: number;
  missed: number;
  /** Heap and RSS growth of the serving process per connected client. */
  heapKiBPerClient: number;
  rssKiBPerClient: number;
  /** Median time the serving process spent in the emit call itself (writing the frame to every socket). */
  emitMs: number;
}

export interface FanoutFigures extends LatencyFigures {
  clients: number;
  processes: number;
  results: number;
  /** The same clients on a bare socket.io server emitting a result-sized event: the transport's own latency. */
  baseline: LatencyFigures;
  /** Our p99 / the bare server's p99. */
  p99VsBaseline: number;
  /** Our p50 / the bare server's p50. */
  p50VsBaseline: number;
  /** The size of one `batch` frame's payload (the result as JSON), median over the rounds. */
  frameBytes: number;
}

/** A full-heap collection, so that per-client memory is not lost in garbage. */
function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

export function memory(): { heap: number; rss: number } {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** Child processes holding the clients, driven over IPC (bench/fanout-client.ts). */
export class ClientFleet {
  private readonly children: ChildProcess[] = [];

  constructor(processes: number) {
    for (let i = 0; i < processes; i++) {
      this.children.push(
        fork(path.join(HERE, 'fanout-client.ts'), [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        }),
      );
    }
  }

  /**
   * Connects `clients` in all to `url` (contender `server`), spread over the processes; resolves
   * once each has its snapshot. Called once per contender: every process then holds clients of each.
   */
  async connect(url: string, server: number, clients: number): Promise<void> {
    const per = Math.ceil(clients / this.children.length);
    await Promise.all(
      this.children.map(async (child, i) => {
        const n = Math.max(0, Math.min(per, clients - i * per));
        if (n === 0) return;
        const ready = new Promise<void>((resolve, reject) => {
          const onMessage = (m: { cmd: string; message?: string }): void => {
            if (m.cmd === 'ready') {
              child.off('message', onMessage);
              resolve();
            } else if (m.cmd === 'error') {
              child.off('message', onMessage);
              reject(new Error(`fan-out client: ${m.message}`));
            }
          };
          child.on('message', onMessage);
        });
        child.send({ cmd: 'connect', url, server, clients: n });
        await ready;
      }),
    );
  }

  /** Each contender's clients' receipts (seq → time), then they disconnect. */
  async collect(): Promise<Map<number, number>[][]> {
    const all = await Promise.all(
      this.children.map(async (child) => {
        const reply = once(child, 'message') as Promise<[{ receipts: [number, number][][][] }]>;
        child.send({ cmd: 'collect' });
        const [m] = await reply;
        return m.receipts.map((server) => server.map((pairs) => new Map(pairs)));
      }),
    );
    const servers = Math.max(...all.map((r) => r.length));
    return Array.from({ length: servers }, (_, k) => all.flatMap((r) => r[k] ?? []));
  }

  close(): void {
    for (const c of this.children) c.kill();
  }
}

export function latencies(
  closed: Map<number, number>,
  receipts: Map<number, number>[],
  memoryGrowth: { heap: number; rss: number },
  emitMs: number[],
): LatencyFigures {
  const ms: number[] = [];
  let missed = 0;
  // Only results that reached someone were broadcast (the server coalesces results closer than 200 ms).
  const sent = [...closed.keys()].filter((seq) => receipts.some((r) => r.has(seq)));
  for (const r of receipts) {
    for (const seq of sent) {
      const at = r.get(seq);
      if (at === undefined) missed++;
      else ms.push(at - closed.get(seq)!);
    }
  }
  const clients = receipts.length;
  return {
    p50Ms: round(percentile(ms, 50), 2),
    p99Ms: round(percentile(ms, 99), 2),
    maxMs: round(Math.max(...ms), 2),
    deliveries: ms.length,
    missed,
    heapKiBPerClient: round(memoryGrowth.heap / 1024 / clients, 1),
    rssKiBPerClient: round(memoryGrowth.rss / 1024 / clients, 1),
    emitMs: round(percentile(emitMs, 50), 2),
  };
}

/** The baseline: a bare socket.io server on its own HTTP server, emitting what ours emitted. */
export async function startBare(): Promise<{ io: Server; url: string; close: () => Promise<void> }> {
  const server = http.createServer();
  const ioServer = new Server(server, { serveClient: false });
  ioServer.on('connection', (s) => s.emit('snapshot', {}));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return { io: ioServer, url: `http://127.0.0.1:${port}`, close: () => ioServer.close() };
}

/**
 * Ours: a real server (startServer) fed over TCP by a line source here. Each round sends tweets
 * into one 10 s batch of tweet time, then the watermark that closes it, and resolves with the
 * result once the core has announced it; the close time is taken as the core announces it,
 * before any listener (the broadcast among them) runs.
 */
async function startOurs(): Promise<{
  url: string;
  /** Sends round `k`'s lines; resolves with its result and its close time. */
  round: (k: number) => Promise<{ result: BatchResult; closedAt: number; emitMs: number }>;
  close: () => Promise<void>;
}> {
  const lineServer = net.createServer();
  const consumers: net.Socket[] = [];
  lineServer.on('connection', (s) => consumers.push(s));
  lineServer.listen(0, '127.0.0.1');
  await once(lineServer, 'listening');
  const linePort = (lineServer.address() as net.AddressInfo).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-fanout-'));
  const { app, core, url } = await startServer({
    host: '127.0.0.1',
    port: 0,
    source: { host: '127.0.0.1', port: linePort },
    controlUrl: null,
    recordingsDir: dir,
    webDist: null,
    checkpointDir: null,
    logger: pino({ level: 'silent' }),
  });
  while (consumers.length === 0) await sleep(20);
  const socket = consumers[0]!;
  // The close time must be taken before the result is broadcast, and the app's own listener
  // (the broadcast) was registered first: wrap the core's announcement, which the counter calls.
  const target = core as unknown as { published?: (r: BatchResult) => void };
  if (typeof target.published !== 'function')
    throw new Error('LiveCore.published is gone: update the fan-out bench');
  const announce = target.published.bind(core);
  let waiting: ((v: { result: BatchResult; closedAt: number; emitMs: number }) => void) | null = null;
  target.published = (r) => {
    const t = now();
    announce(r);
    const emitMs = now() - t;
    waiting?.({ result: r, closedAt: t, emitMs });
    waiting = null;
  };
  const B = 10_000;
  const t0 = Math.ceil(Date.parse('2026-11-22T10:00:00.000Z') / B) * B;
  let id = 1_700_000_000_000_000_000n;
  return {
    url,
    round: (k) => {
      let chunk = '';
      for (let i = 0; i < 200; i++) {
        const text = `round ${k} #Tag${i % 25} #Round${k % 7} #all`;
        chunk +=
          toWireLine({
            id: String(id++),
            time: t0 + k * B + i * 40,
            text,
            retweet: false,
            author: null,
            lang: 'en',
          }) + '\n';
      }
      chunk += `{"watermark":"${new Date(t0 + (k + 1) * B).toISOString()}"}\n`;
      const announced = new Promise<{ result: BatchResult; closedAt: number; emitMs: number }>(
        (resolve) => (waiting = resolve),
      );
      socket.write(chunk);
      return announced;
    },
    close: async () => {
      await app.close();
      for (const s of consumers) s.destroy();
      lineServer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const GAP_MS = 300;

/**
 * Ours and the bare server side by side, the same clients connected to both, rounds alternating:
 * each round our server closes a batch and broadcasts its result, then (after a pause) the bare
 * server emits that same result to its clients. Both see the same load and the same payloads.
 */
async function alternating(
  fleet: ClientFleet,
  clients: number,
  rounds: number,
): Promise<{ ours: LatencyFigures; bare: LatencyFigures; results: number; frameBytes: number }> {
  const mine = await startOurs();
  const bare = await startBare();
  try {
    const m0 = memory();
    await fleet.connect(mine.url, 0, clients);
    const m1 = memory();
    await fleet.connect(bare.url, 1, clients);
    const m2 = memory();
    const closed = [new Map<number, number>(), new Map<number, number>()] as const;
    const emitMs: [number[], number[]] = [[], []];
    const frames: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const { result, closedAt, emitMs: ms } = await mine.round(k);
      closed[0].set(result.seq, closedAt);
      frames.push(Buffer.byteLength(JSON.stringify(result)));
      emitMs[0].push(ms);
      await sleep(GAP_MS);
      const t = now();
      closed[1].set(result.seq, t);
      bare.io.emit('batch', result);
      emitMs[1].push(now() - t);
      await sleep(GAP_MS);
    }
    await sleep(500);
    const [ours = [], theirs = []] = await fleet.collect();
    const growth = (a: { heap: number; rss: number }, b: { heap: number; rss: number }) => ({
      heap: b.heap - a.heap,
      rss: b.rss - a.rss,
    });
    return {
      ours: latencies(closed[0], ours, growth(m0, m1), emitMs[0]),
      bare: latencies(closed[1], theirs, growth(m1, m2), emitMs[1]),
      results: closed[0].size,
      frameBytes: percentile(frames, 50),
    };
  } finally {
    await mine.close();
    await bare.close();
  }
}

export async function benchFanout(opts: {
  clients: number;
  processes: number;
  rounds: number;
}): Promise<FanoutFigures> {
  const fleet = new ClientFleet(opts.processes);
  try {
    const run = await alternating(fleet, opts.clients, opts.rounds);
    return {
      clients: opts.clients,
      processes: opts.processes,
      results: run.results,
      ...run.ours,
      baseline: run.bare,
      p99VsBaseline: round(run.ours.p99Ms / run.bare.p99Ms, 2),
      p50VsBaseline: round(run.ours.p50Ms / run.bare.p50Ms, 2),
      frameBytes: run.frameBytes,
    };
  } finally {
    fleet.close();
  }
}
