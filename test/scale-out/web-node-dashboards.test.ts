import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll } from '../chaos/support/processes.ts';
import { Balancer } from './balancer.ts';
import { resultNumbered, resultsWriter } from './results-writer.ts';
import { inProcessWebNode, webNode } from './support.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A dashboard behind the balancer: reconnects by itself, as the page does. */
class Dashboard {
  readonly batches: number[] = [];
  readonly snapshots: Snapshot[] = [];
  readonly socket: Client;
  constructor(url: string) {
    this.socket = connect(url, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
    });
    this.socket.on('batch', (r) => this.batches.push(r.seq));
    this.socket.on('snapshot', (s) => this.snapshots.push(s));
  }
  /** Every seq it was shown: the batches and the history of each snapshot. */
  seen(): Set<number> {
    return new Set([...this.batches, ...this.snapshots.flatMap((s) => s.history.map((r) => r.seq))]);
  }
  async until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const increasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe('web nodes joined by the socket.io Redis adapter', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    killAll();
    await redis.stop();
  });

  const inProcessNode = () => inProcessWebNode(redis.url);

  it('a node SIGKILLed: its dashboard reconnects through the balancer to the other and misses no batch; each batch reaches each dashboard once', async () => {
    const a = await webNode(redis.url);
    const b = await inProcessNode();
    const { balancer, url } = await Balancer.start([a.url, b.url]);
    const writer = resultsWriter(redis.url);
    const moving = new Dashboard(url);
    const staying = new Dashboard(b.url);
    try {
      await moving.until(
        () => moving.snapshots.length === 1 && staying.snapshots.length === 1,
        'the snapshots',
      );
      expect(balancer.routed).toEqual([0]);
      // Spaced beyond node A's coalescing gap (200 ms), so that each batch is sent on its own.
      let written = 0;
      const writeUpTo = async (to: number): Promise<void> => {
        for (; written < to; written++) {
          await writer.write(resultNumbered(written + 1));
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      await writeUpTo(8);
      await moving.until(() => moving.batches.at(-1) === 8, 'batch 8 through node A');

      await a.proc.kill();
      await writeUpTo(14);
      await moving.until(() => moving.snapshots.length === 2, 'a snapshot from node B');
      expect(balancer.routed.at(-1)).toBe(1);
      await writeUpTo(20);
      await moving.until(() => moving.batches.at(-1) === 20, 'batch 20 through node B');
      await staying.until(() => staying.batches.at(-1) === 20, 'batch 20 on node B');

      // Nothing missed across the move: what the batches did not bring, the snapshot's history did.
      expect([...moving.seen()].sort((x, y) => x - y)).toEqual(range(1, 20));
      expect(increasing(moving.batches)).toBe(true);
      // Both nodes read every result, and neither sends it to the other's dashboards: once each.
      expect(staying.batches).toEqual(range(1, 20));
    } finally {
      moving.socket.close();
      staying.socket.close();
      writer.close();
      await balancer.stop();
      await b.app.close();
    }
  }, 60_000);

  it('counting started afresh (a new replay): dashboards get a fresh snapshot without the old results, as from the single process; WebSocket only', async () => {
    const n = await inProcessNode();
    const writer = resultsWriter(redis.url);
    const keys = keyspace();
    const raw = connectRedis(redis.url);
    await raw.del(keys.results);
    const dashboard = new Dashboard(n.url);
    try {
      await dashboard.until(() => dashboard.snapshots.length === 1, 'the first snapshot');
      for (const seq of range(1, 5)) await writer.write(resultNumbered(seq));
      await dashboard.until(() => dashboard.batches.at(-1) === 5, 'batch 5');
      // The emitter met a `begin` mark: its results number from 1 again.
      for (const seq of range(1, 2)) await writer.write(resultNumbered(seq));
      await dashboard.until(() => dashboard.snapshots.length === 2, 'a fresh snapshot');
      await dashboard.until(() => dashboard.batches.at(-1) === 2, 'the second batch of the new stream');
      expect(dashboard.snapshots[1]!.history.every((r) => r.seq <= 2)).toBe(true);
      // WebSocket only: a polling session could not stay on one node behind a balancer without sticky sessions.
      expect((await fetch(`${n.url}/socket.io/?EIO=4&transport=polling`)).status).toBe(400);
      const history = (await (await fetch(`${n.url}/api/history`)).json()) as { seq: number }[];
      expect(history.map((r) => r.seq)).toEqual([1, 2]);
    } finally {
      dashboard.socket.close();
      writer.close();
      raw.disconnect();
      await n.app.close();
    }
  }, 30_000);

  it('/api/health says whether the node reaches Redis, and the node reads on once Redis is back', async () => {
    const own = await startTestRedis({ aof: true });
    const n = await inProcessWebNode(own.url, { broadcastIntervalMs: 200 });
    type Health = { status: string; redis: { connected: boolean; readingResults: boolean } };
    const health = async (): Promise<Health> =>
      (await fetch(`${n.url}/api/health`)).json() as Promise<Health>;
    const writer = resultsWriter(own.url);
    try {
      expect(await health()).toMatchObject({
        status: 'ok',
        redis: { connected: true, readingResults: true },
      });
      // Redis goes away (it exits; restart() starts it again on its port and files).
      const admin = connectRedis(own.url);
      // Not awaited: the client retries a command whose connection closed, and this one closes it.
      void admin.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      await waitFor(async () => (await health()).redis.connected === false, 'Redis reported down');
      admin.disconnect();
      expect((await health()).redis.readingResults).toBe(false);
      await own.restart();
      await waitFor(async () => (await health()).redis.connected, 'Redis reported back');
      await writer.write(resultNumbered(1));
      await waitFor(
        async () => (await fetch(`${n.url}/api/top`)).status === 200,
        'the result written after the restart',
      );
      expect((await health()).redis.readingResults).toBe(true);
    } finally {
      writer.close();
      await n.app.close();
      await own.stop();
    }
  }, 30_000);
});

async function waitFor(test: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
