import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '@tagstream/protocol';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { systemClock } from '@tagstream/time';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebNode } from '../../apps/server/src/scale/web-node.ts';
import { killAll } from '../chaos/support/processes.ts';
import { Balancer } from './balancer.ts';
import { resultNumbered, resultsWriter } from './results-writer.ts';
import { webNode } from './support.ts';

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

  const inProcessNode = () =>
    startWebNode({
      url: redis.url,
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      allowedOrigins: [],
      settings: { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10, retweets: true, related: 5 },
      webDist: null,
      broadcastIntervalMs: 0,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });

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
});
