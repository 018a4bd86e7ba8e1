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

  /** Connects `clients` more in all, spread over the processes; resolves once each has its snapshot. */
  async connect(url: string, clients: number): Promise<void> {
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
        child.send({ cmd: 'connect', url, clients: n });
        await ready;
      }),
    );
  }

  /** Every client's receipts (seq → time), then they disconnect (a `connect` after it starts afresh). */
  async collect(): Promise<Map<number, number>[]> {
    const all = await Promise.all(
      this.children.map(async (child) => {
        const reply = once(child, 'message') as Promise<[{ receipts: [number, number][][] }]>;
        child.send({ cmd: 'collect' });
        const [m] = await reply;
        return m.receipts.map((pairs) => new Map(pairs));
      }),
    );
    return all.flat();
  }

  close(): void {
    for (const c of this.children) c.kill();
  }
}

export function latencies(
  closed: Map<number, number>,
  receipts: Map<number, number>[],
  before: { heap: number; rss: number },
  after: { heap: number; rss: number },
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
    heapKiBPerClient: round((after.heap - before.heap) / 1024 / clients, 1),
    rssKiBPerClient: round((after.rss - before.rss) / 1024 / clients, 1),
    emitMs: round(percentile(emitMs, 50), 2),
  };
}

/** The baseline: a bare socket.io server on its own HTTP server emitting a result-sized event. */
export async function bare(
  fleet: ClientFleet,
  clients: number,
  rounds: number,
  sample: BatchResult,
): Promise<LatencyFigures> {
  const server = http.createServer();
  const ioServer = new Server(server, { serveClient: false });
  ioServer.on('connection', (s) => s.emit('snapshot', {}));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const before = memory();
  await fleet.connect(`http://127.0.0.1:${port}`, clients);
  const after = memory();
  const closed = new Map<number, number>();
  const emitMs: number[] = [];
  for (let seq = 0; seq < rounds; seq++) {
    const t = now();
    closed.set(seq, t);
    ioServer.emit('batch', { ...sample, seq });
    emitMs.push(now() - t);
    await sleep(300);
  }
  await sleep(500);
  const receipts = await fleet.collect();
  await ioServer.close();
  return latencies(closed, receipts, before, after, emitMs);
}

/**
 * Ours: a real server (startServer) fed over TCP by a line source here. Each round sends
 * tweets into one 10 s batch of tweet time, then the watermark that closes it; the close
 * time is taken from the core itself (its result listener), the receipt time in each client.
 */
async function ours(
  fleet: ClientFleet,
  clients: number,
  rounds: number,
): Promise<{ figures: LatencyFigures; sample: BatchResult | null; results: number }> {
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
  try {
    while (consumers.length === 0) await sleep(20);
    const socket = consumers[0]!;
    const closed = new Map<number, number>();
    const emitMs: number[] = [];
    let sample: BatchResult | null = null;
    // The close time must be taken before the result is broadcast, and the app's own listener
    // (the broadcast) was registered first: wrap LiveCore's publish, which the counter calls.
    const target = core as unknown as { publish: (r: BatchResult) => void };
    const publish = target.publish.bind(core);
    target.publish = (r) => {
      const t = now();
      closed.set(r.seq, t);
      sample = r;
      publish(r);
      emitMs.push(now() - t);
    };
    const before = memory();
    await fleet.connect(url, clients);
    const after = memory();
    const B = 10_000;
    const t0 = Math.ceil(Date.parse('2026-11-22T10:00:00.000Z') / B) * B;
    let id = 1_700_000_000_000_000_000n;
    for (let k = 0; k < rounds; k++) {
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
      socket.write(chunk);
      await sleep(300);
    }
    await sleep(500);
    const receipts = await fleet.collect();
    const figures = latencies(closed, receipts, before, after, emitMs);
    return { figures, sample, results: closed.size };
  } finally {
    await app.close();
    for (const s of consumers) s.destroy();
    lineServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFanout(opts: {
  clients: number;
  processes: number;
  rounds: number;
}): Promise<FanoutFigures> {
  const fleet = new ClientFleet(opts.processes);
  try {
    const mine = await ours(fleet, opts.clients, opts.rounds);
    if (mine.sample === null) throw new Error('the server emitted no result');
    const baseline = await bare(fleet, opts.clients, opts.rounds, mine.sample);
    return {
      clients: opts.clients,
      processes: opts.processes,
      results: mine.results,
      ...mine.figures,
      baseline,
      p99VsBaseline: round(mine.figures.p99Ms / baseline.p99Ms, 2),
    };
  } finally {
    fleet.close();
  }
}
