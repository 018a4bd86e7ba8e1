import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents, Settings, SourceStatus } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebNodeOptions } from '../../apps/server/src/scale/web-node.ts';
import { killAll } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';
import { Balancer } from './balancer.ts';
import { inProcessWebNode, ingestToRedis } from './support.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const SETTINGS: Settings = {
  batchMs: 2000,
  windowMs: 6000,
  slideMs: 2000,
  topK: 10,
  retweets: true,
  related: 5,
};
const TOKEN = 'a-long-admin-token-for-the-web-node-tests-0123456789';

async function call(
  url: string,
  method: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(get: () => Promise<T>, test: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await get();
    if (test(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('control requests through Redis: any web node takes them', () => {
  let redis: TestRedis;
  let dir: string;
  let recording: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(path.join(tmpdir(), 'tagstream-control-'));
    recording = path.join(dir, 'two-minutes.jsonl.gz');
    await demoRecording(recording, 2);
  });
  afterAll(async () => {
    killAll();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const node = (extra: Partial<WebNodeOptions> = {}) =>
    inProcessWebNode(redis.url, { settings: SETTINGS, sourceIntervalMs: 200, ...extra });

  it('track, replay and settings taken by one node reach the ingestor and every node; bad input is a 400, as in the single process', async () => {
    const ingestor = ingestToRedis(recording, redis.url, '1');
    await ingestor.waitFor(/taking control requests/);
    const [a, b] = await Promise.all([node(), node()]);
    const onB: Client = connect(b.url, { transports: ['websocket'] });
    const settingsSeen: Settings[] = [];
    onB.on('settings', (s) => settingsSeen.push(s));
    try {
      // Track keywords through A; B reads the ingestor's.
      expect(await call(`${a.url}/api/track`, 'PUT', { keywords: ['#ether OR #bitcoin'] })).toMatchObject({
        status: 200,
        body: { keywords: ['#ether OR #bitcoin'] },
      });
      expect((await call(`${b.url}/api/track`, 'GET')).body).toEqual({ keywords: ['#ether OR #bitcoin'] });
      const bad = await call(`${b.url}/api/track`, 'PUT', { keywords: ['(#ether'] });
      expect(bad.status).toBe(400);
      expect(bad.body.rule).toMatchObject({ index: 0 });
      expect((await call(`${a.url}/api/track`, 'GET')).body).toEqual({ keywords: ['#ether OR #bitcoin'] });

      // The replay paused and slowed through A: B's source shows it.
      const paused = await call(`${a.url}/api/replay/pause`, 'POST', {});
      expect(paused).toMatchObject({ status: 200, body: { kind: 'replay', replay: { paused: true } } });
      await call(`${a.url}/api/replay/speed`, 'POST', { speed: 4 });
      const seen = await until(
        () => fetch(`${b.url}/api/source`).then((r) => r.json() as Promise<SourceStatus>),
        (s) => s.replay?.paused === true && s.replay.speed === 4,
        'the pause and speed on node B',
      );
      expect(seen.replay!.files).toEqual(['two-minutes.jsonl.gz']);
      expect((await call(`${b.url}/api/replay/speed`, 'POST', { speed: -1 })).status).toBe(400);
      expect((await call(`${b.url}/api/replay`, 'POST', { file: '../etc/passwd' })).status).toBe(400);
      // A replay started through B, at another speed: A sees it running.
      const started = await call(`${b.url}/api/replay`, 'POST', { file: 'two-minutes.jsonl.gz', speed: 8 });
      expect(started).toMatchObject({ status: 200, body: { replay: { paused: false, speed: 8 } } });
      await until(
        () => fetch(`${a.url}/api/source`).then((r) => r.json() as Promise<SourceStatus>),
        (s) => s.replay?.speed === 8 && s.replay.paused === false,
        'the new replay on node A',
      );

      // Settings through A: written for the workers, shown by B, announced to B's dashboards once.
      const changed = await call(`${a.url}/api/settings`, 'PUT', { windowMs: 8000 });
      expect(changed).toMatchObject({ status: 200, body: { windowMs: 8000, reset: false } });
      expect((await call(`${b.url}/api/settings`, 'GET')).body).toMatchObject({
        windowMs: 8000,
        batchMs: 2000,
      });
      const raw = connectRedis(redis.url);
      expect(JSON.parse((await raw.hget(keyspace().settings, 'json'))!)).toMatchObject({ windowMs: 8000 });
      const refused = await call(`${b.url}/api/settings`, 'PUT', { windowMs: 7000 });
      expect(refused.status).toBe(400);
      expect(String(refused.body.message)).toMatch(/multiple/);
      expect(JSON.parse((await raw.hget(keyspace().settings, 'json'))!)).toMatchObject({ windowMs: 8000 });
      raw.disconnect();
      await until(
        async () => settingsSeen.length,
        (n) => n >= 1,
        'the settings event on node B',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(settingsSeen.map((s) => s.windowMs)).toEqual([8000]);
      // Two changes at once on two nodes: both kept.
      await Promise.all([
        call(`${a.url}/api/settings`, 'PUT', { topK: 5 }),
        call(`${b.url}/api/settings`, 'PUT', { retweets: false }),
      ]);
      expect((await call(`${a.url}/api/settings`, 'GET')).body).toMatchObject({
        windowMs: 8000,
        topK: 5,
        retweets: false,
      });
    } finally {
      onB.close();
      await Promise.all([a.app.close(), b.app.close()]);
      await ingestor.kill();
    }
  }, 60_000);

  it('no ingestor reading: 502 at once; one that does not answer: 504; the admin token guards every change', async () => {
    const prefix = 'alone:';
    const n = await node({ prefix, adminToken: TOKEN, controlTimeoutMs: 500 });
    try {
      expect(await call(`${n.url}/api/replay/pause`, 'POST', {})).toMatchObject({ status: 401 });
      expect(await call(`${n.url}/api/settings`, 'PUT', { topK: 5 })).toMatchObject({ status: 401 });
      const none = await call(`${n.url}/api/replay/pause`, 'POST', {}, TOKEN);
      expect(none.status).toBe(502);
      expect(String(none.body.message)).toMatch(/no ingestor reads control requests/);
      // A reader's key without a reader (an ingestor that stalled): the request waits, then 504.
      const raw = connectRedis(redis.url);
      await raw.set(keyspace(prefix).controlReader, 'stalled', 'PX', 10_000);
      const late = await call(`${n.url}/api/track`, 'PUT', { keywords: ['#ether'] }, TOKEN);
      expect(late).toMatchObject({ status: 504, body: { error: 'Gateway Timeout' } });
      raw.disconnect();
      expect(await call(`${n.url}/api/settings`, 'PUT', { topK: 5 }, TOKEN)).toMatchObject({
        status: 200,
        body: { topK: 5 },
      });
    } finally {
      await n.app.close();
    }
  }, 30_000);

  it('a node closed: its dashboard recovers its session on the other and gets what was broadcast meanwhile', async () => {
    const [a, b] = await Promise.all([node(), node()]);
    const { balancer, url } = await Balancer.start([a.url, b.url]);
    const client: Client = connect(url, { transports: ['websocket'], reconnectionDelay: 100 });
    const settingsSeen: number[] = [];
    client.on('settings', (s) => settingsSeen.push(s.topK));
    try {
      await until(async () => client.connected, Boolean, 'the connection');
      await call(`${b.url}/api/settings`, 'PUT', { topK: 7 });
      await until(
        async () => settingsSeen.length,
        (k) => k === 1,
        'the first settings event',
      );

      balancer.hold();
      await a.app.close();
      await until(
        async () => client.connected,
        (c) => !c,
        'the disconnect',
      );
      await call(`${b.url}/api/settings`, 'PUT', { topK: 8 });
      balancer.release();
      await until(async () => client.connected, Boolean, 'the reconnection');
      expect(balancer.routed.at(-1)).toBe(1);
      expect(client.recovered).toBe(true);
      await until(
        async () => settingsSeen.length,
        (k) => k === 2,
        'the missed settings event',
      );
      expect(settingsSeen).toEqual([7, 8]);
    } finally {
      client.close();
      await balancer.stop();
      await b.app.close();
    }
  }, 30_000);
});
