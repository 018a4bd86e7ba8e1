import type { Socket as NetSocket } from 'node:net';
import { AllowList } from '@tagstream/access';
import type {
  BatchResult,
  ClientToServerEvents,
  DashboardView,
  ServerToClientEvents,
  Snapshot,
} from '@tagstream/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { attachSocketServer, type SocketServer } from './socket-server.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const snapshot: Snapshot = {
  settings: { batchMs: 1000, windowMs: 2000, slideMs: 1000, topK: 10, retweets: true, related: 0 },
  latest: null,
  history: [],
  source: { kind: 'tcp', address: 'tcp://127.0.0.1:1', connected: true, tweetsPerSec: 0, state: 'connected' },
  keywords: [],
  tracker: 'everything',
  trackers: [],
  voice: null,
};

/** A result of about `bytes` of JSON. */
function result(seq: number, bytes = 200): BatchResult {
  const tags = Math.max(1, Math.round(bytes / 600));
  const top = Array.from({ length: tags }, (_, i) => ({
    tag: `t${i}${'x'.repeat(500)}`,
    display: `#t${i}`,
    count: tags - i,
    rank: i + 1,
    prevRank: null,
  }));
  const iso = new Date(1_800_000_000_000 + seq * 1000).toISOString();
  return {
    seq,
    batch: { start: iso, end: iso },
    window: { start: iso, end: iso },
    top,
    stats: {
      tweets: 1,
      tweetsWithTags: 1,
      distinctTags: tags,
      late: 0,
      duplicates: 0,
      malformed: 0,
      processingMs: 0,
    },
    totals: { tweets: 1, top: [] },
  };
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function serve(
  minIntervalMs: number,
): Promise<{ app: FastifyInstance; url: string; sockets: SocketServer; sent: BatchResult[] }> {
  const app = Fastify();
  const sent: BatchResult[] = [];
  const sockets = attachSocketServer(app, {
    snapshot: () => snapshot,
    allowList: new AllowList({ listenHost: '127.0.0.1' }),
    minIntervalMs,
    onSent: (r) => sent.push(r),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => app.close());
  return { app, url, sockets, sent };
}

async function dashboard(url: string): Promise<{ client: Client; got: BatchResult[] }> {
  const client: Client = connect(url, { transports: ['websocket'], reconnection: false });
  cleanup.push(() => void client.disconnect());
  const got: BatchResult[] = [];
  client.on('batch', (r) => got.push(r));
  await new Promise((resolve) => client.once('snapshot', resolve));
  return { client, got };
}

const until = (client: Client, seq: number): Promise<void> =>
  new Promise((resolve) => {
    const check = (r: BatchResult): void => {
      if (r.seq === seq) {
        client.off('batch', check);
        resolve();
      }
    };
    client.on('batch', check);
  });

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('socket.io broadcasting', () => {
  it('coalesces a burst to a few results per second, always ending with the newest', async () => {
    const { url, sockets, sent } = await serve(200);
    const dash = await dashboard(url);
    const N = 400;
    const last = until(dash.client, N - 1);
    const started = performance.now();
    for (let seq = 0; seq < N; seq++) {
      sockets.broadcast(result(seq));
      await tick();
    }
    const burstMs = performance.now() - started;
    await last;
    // One at the start of the burst, then at most one per 200 ms, then the last one after the burst.
    expect(dash.got.length).toBeLessThanOrEqual(Math.ceil(burstMs / 200) + 2);
    expect(dash.got.length).toBeGreaterThanOrEqual(2);
    expect(dash.got.at(-1)!.seq).toBe(N - 1);
    expect(dash.got.map((r) => r.seq)).toEqual([...dash.got.map((r) => r.seq)].sort((a, b) => a - b));
    // The server sent exactly what the dashboard received.
    expect(sent.map((r) => r.seq)).toEqual(dash.got.map((r) => r.seq));
  });

  it('holds back a client that stops reading: the others keep pace, and it later gets only the newest', async () => {
    const { url, sockets } = await serve(0);
    const fast = await dashboard(url);
    const slow = await dashboard(url);
    const tcp = (slow.client.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
    tcp.pause();

    // 40 MB in 100 KB results: far more than the loopback socket buffers hold.
    const N = 400;
    const fastDone = until(fast.client, N - 1);
    let maxHeld = 0;
    for (let seq = 0; seq < N; seq++) {
      sockets.broadcast(result(seq, 100_000));
      maxHeld = Math.max(maxHeld, sockets.held());
      await tick();
    }
    await fastDone;
    // The reading client kept pace (it is only ever held for a moment while its own socket is busy).
    expect(fast.got.length).toBeGreaterThan(N * 0.8);
    // Memory for a stalled client is one result, not a queue of them: at most one per client.
    expect(maxHeld).toBeLessThanOrEqual(2);
    expect(sockets.held()).toBe(1);

    const slowDone = until(slow.client, N - 1);
    tcp.resume();
    await slowDone;
    expect(slow.got.at(-1)!.seq).toBe(N - 1);
    expect(slow.got.length).toBeLessThan(N / 2);
    expect(sockets.held()).toBe(0);
  });

  it('sends a new stream one snapshot per view shown, made once for all of its dashboards, each getting its own view', async () => {
    const app = Fastify();
    const asked: DashboardView[] = [];
    const sockets = attachSocketServer(app, {
      snapshot: (view) => {
        asked.push(view);
        return { ...snapshot, tracker: view.tracker };
      },
      allowList: new AllowList({ listenHost: '127.0.0.1' }),
      minIntervalMs: 0,
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    cleanup.push(() => app.close());
    const open = async (view: DashboardView): Promise<Snapshot[]> => {
      const client: Client = connect(url, { transports: ['websocket'], reconnection: false, auth: view });
      cleanup.push(() => void client.disconnect());
      const got: Snapshot[] = [];
      client.on('snapshot', (s) => got.push(s));
      await new Promise((resolve) => client.once('snapshot', resolve));
      return got;
    };
    const everything = await Promise.all(
      Array.from({ length: 6 }, () => open({ tracker: 'everything', compare: false })),
    );
    const ai = await Promise.all(Array.from({ length: 3 }, () => open({ tracker: 'ai', compare: false })));
    expect(asked).toHaveLength(9); // one each on connecting
    asked.length = 0;

    sockets.resync();
    await expect.poll(() => [...everything, ...ai].every((got) => got.length === 2)).toBe(true);
    expect(asked.map((v) => v.tracker).sort()).toEqual(['ai', 'everything']);
    for (const got of everything) expect(got[1]!.tracker).toBe('everything');
    for (const got of ai) expect(got[1]!.tracker).toBe('ai');
  });
});
