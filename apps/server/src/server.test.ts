import path from 'node:path';
import type { BatchResult, ClientToServerEvents, ServerToClientEvents, Snapshot } from '@tagstream/protocol';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from './server.ts';
import { Cleanup, lineSource, tempDir, TESTS_NEVER_SHED } from './testing/harness.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const tweet = (id: number, offsetMs: number, text: string): string =>
  JSON.stringify({ id: String(id), created_at: new Date(T0 + offsetMs).toISOString(), text });
const watermark = (offsetMs: number): string =>
  JSON.stringify({ watermark: new Date(T0 + offsetMs).toISOString() });

let dir: string;
const cleanup = new Cleanup();
beforeEach(async () => {
  dir = await tempDir(cleanup);
});
afterEach(() => cleanup.run());

async function boot(extra: Partial<Parameters<typeof startServer>[0]> = {}) {
  const src = await lineSource(cleanup);
  const started = await startServer({
    host: '127.0.0.1',
    port: 0,
    source: { host: '127.0.0.1', port: src.port },
    controlUrl: null,
    recordingsDir: path.join(dir, 'recordings'),
    webDist: null,
    logger: pino({ level: 'silent' }),
    underPressure: TESTS_NEVER_SHED,
    ...extra,
  });
  cleanup.add(() => started.app.close());
  await src.connected;
  return { src, ...started };
}

function client(url: string, origin?: string): Socket<ServerToClientEvents, ClientToServerEvents> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  cleanup.add(() => socket.disconnect());
  return socket;
}

const nextEvent = <T>(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  event: 'batch' | 'snapshot',
): Promise<T> => new Promise((resolve) => socket.once(event, resolve as never));

describe('server: TCP lines → core → REST and socket.io', () => {
  it('pushes each result to dashboards and serves it over REST', async () => {
    const { src, url } = await boot();
    const dash = client(url);
    const snap = await nextEvent<Snapshot>(dash, 'snapshot');
    expect(snap.latest).toBeNull();
    expect(snap.settings).toMatchObject({ batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10 });

    const batch = nextEvent<BatchResult>(dash, 'batch');
    src.send(tweet(1, 1000, 'loving #Ether and #BTC'));
    src.send(tweet(2, 2000, '#ether again'));
    src.send('{"broken json');
    src.send(tweet(3, 3000, 'no tags'));
    src.send(watermark(10_000));
    const result = await batch;
    expect(result.window).toEqual({ start: '2026-11-22T09:59:50.000Z', end: '2026-11-22T10:00:10.000Z' });
    // Each entry with its related tags (5 at most by default).
    expect(result.top).toEqual([
      {
        tag: 'ether',
        display: '#Ether',
        count: 2,
        rank: 1,
        prevRank: null,
        related: [{ tag: 'btc', count: 1 }],
      },
      {
        tag: 'btc',
        display: '#BTC',
        count: 1,
        rank: 2,
        prevRank: null,
        related: [{ tag: 'ether', count: 1 }],
      },
    ]);
    expect(result.stats).toMatchObject({ tweets: 3, tweetsWithTags: 2, distinctTags: 2, malformed: 1 });

    const top = await fetch(`${url}/api/top`).then((r) => r.json() as Promise<BatchResult>);
    expect(top.seq).toBe(result.seq);
    const history = await fetch(`${url}/api/history?limit=5`).then((r) => r.json() as Promise<BatchResult[]>);
    expect(history.map((r) => r.seq)).toEqual([result.seq]);

    // A new dashboard gets the latest result at once.
    const late = client(url);
    const snap2 = await nextEvent<Snapshot>(late, 'snapshot');
    expect(snap2.latest?.seq).toBe(result.seq);
  });

  it('answers health, settings, a tag drill-down and metrics', async () => {
    const { src, url } = await boot();
    const dash = client(url);
    await nextEvent(dash, 'snapshot');
    const batch = nextEvent<BatchResult>(dash, 'batch');
    src.send(
      JSON.stringify({
        id: '7',
        created_at: new Date(T0 + 1).toISOString(),
        text: 'hello #Eclipse2026',
        author: 'sky',
      }),
    );
    src.send(watermark(10_000));
    await batch;
    expect(await fetch(`${url}/api/health`).then((r) => r.json())).toMatchObject({
      status: 'ok',
      source: { connected: true },
    });
    const tag = (await fetch(`${url}/api/tags/%23eclipse2026`).then((r) => r.json())) as {
      samples: { text: string; author: string }[];
      series: { count: number }[];
    };
    expect(tag.samples[0]).toMatchObject({ text: 'hello #Eclipse2026', author: 'sky' });
    expect(tag.series.at(-1)?.count).toBe(1);
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^tagstream_tweets_total 1$/m);
    expect(metrics).toMatch(/^tagstream_socket_clients 1$/m);
  });

  it('returns 404 from /api/top before the first window closes', async () => {
    const { url } = await boot();
    const res = await fetch(`${url}/api/top`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/no result yet/) });
  });

  it('refuses a foreign origin at the socket.io handshake', async () => {
    const { url } = await boot();
    const foreign = client(url, 'http://evil.example');
    const err = await new Promise<Error>((resolve) => foreign.once('connect_error', resolve));
    expect(err.message).toMatch(/websocket error|origin/i);
    const friendly = client(url, url);
    await nextEvent(friendly, 'snapshot');
  });

  it('requires the admin token for changes when one is set, and never echoes it', async () => {
    const { url } = await boot({ adminToken: 's3cret-token' });
    const denied = await fetch(`${url}/api/track`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"keywords":["a"]}',
    });
    expect(denied.status).toBe(401);
    const body = await denied.text();
    expect(body).not.toContain('s3cret-token');
    const allowed = await fetch(`${url}/api/track`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' },
      body: '{"keywords":["a"]}',
    });
    // Authenticated, but this server reads a plain line source with no ingestor to apply keywords.
    expect(allowed.status).toBe(503);
  });

  it('refuses to listen beyond loopback without an admin token', async () => {
    await expect(
      startServer({
        host: '0.0.0.0',
        port: 0,
        source: { host: '127.0.0.1', port: 1 },
        controlUrl: null,
        recordingsDir: dir,
        webDist: null,
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(/TAGSTREAM_ADMIN_TOKEN/);
  });

  it('resumes from its checkpoint with the same counts after a restart', async () => {
    const checkpointDir = path.join(dir, 'ckpt');
    const first = await boot({ checkpointDir, checkpointEvery: 1 });
    const dash = client(first.url);
    await nextEvent(dash, 'snapshot');
    let batch = nextEvent<BatchResult>(dash, 'batch');
    first.src.send(tweet(1, 1000, '#a #b'));
    first.src.send(tweet(2, 2000, '#a'));
    first.src.send(watermark(10_000));
    await batch;
    await first.app.close();

    const second = await boot({ checkpointDir, checkpointEvery: 1 });
    const dash2 = client(second.url);
    const snap = await nextEvent<Snapshot>(dash2, 'snapshot');
    expect(snap.latest?.top.map((t) => [t.tag, t.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    batch = nextEvent<BatchResult>(dash2, 'batch');
    // A re-delivered tweet is dropped by id; a new one counts in the same window.
    second.src.send(tweet(2, 2000, '#a'));
    second.src.send(tweet(3, 12_000, '#a'));
    second.src.send(watermark(20_000));
    const r = await batch;
    expect(r.top.map((t) => [t.tag, t.count])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(r.stats.duplicates).toBe(1);
    expect(r.totals.top.map((t) => [t.tag, t.count])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('changes settings live, broadcasts them, keeps them for the next start, and refuses bad ones', async () => {
    const checkpointDir = path.join(dir, 'state');
    const { src, url, app } = await boot({ checkpointDir });
    const dash = client(url);
    await nextEvent(dash, 'snapshot');
    const announced = new Promise<unknown>((resolve) => dash.once('settings', resolve));
    const put = (body: unknown) =>
      fetch(`${url}/api/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const ok = await put({ windowMs: 30_000, topK: 1, related: 2 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      windowMs: 30_000,
      topK: 1,
      reset: false,
      message: expect.stringMatching(/next result/),
    });
    expect(await announced).toMatchObject({ windowMs: 30_000, topK: 1 });

    const batch = nextEvent<BatchResult>(dash, 'batch');
    src.send(tweet(1, 1000, '#a #b'));
    src.send(tweet(2, 2000, '#b'));
    src.send(watermark(10_000));
    const r = await batch;
    expect(r.window.start).toBe('2026-11-22T09:59:40.000Z');
    expect(r.top).toEqual([
      { tag: 'b', display: '#b', count: 2, rank: 1, prevRank: null, related: [{ tag: 'a', count: 1 }] },
    ]);

    const bad = await put({ windowMs: 15_000 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/multiple of the batch interval/);
    expect((await put({ topK: 'ten' })).status).toBe(400);
    for (const related of [-1, 51, 2.5]) expect((await put({ related })).status).toBe(400);

    const reset = await put({ batchMs: 5_000, windowMs: 10_000, slideMs: 5_000 });
    expect(await reset.json()).toMatchObject({
      batchMs: 5_000,
      reset: true,
      message: expect.stringMatching(/start again/),
    });

    await app.close();
    const again = await boot({ checkpointDir });
    const settings = await fetch(`${again.url}/api/settings`).then((res) => res.json());
    expect(settings).toMatchObject({ batchMs: 5_000, windowMs: 10_000, slideMs: 5_000, topK: 1, related: 2 });
  });

  it('lists a tag that surges against its own baseline as rising, not the one that is merely big', async () => {
    const { src, url } = await boot({ settings: { batchMs: 1000, windowMs: 2000, slideMs: 1000 } });
    const dash = client(url);
    await nextEvent(dash, 'snapshot');
    const last = new Promise<BatchResult>((resolve) =>
      dash.on('batch', (r) => {
        if (r.window.end === '2026-11-22T10:00:12.000Z') resolve(r);
      }),
    );
    let id = 1;
    // Ten seconds of #big at 20 a second and #surge once in a while, then #surge at 10 a second.
    for (let s = 0; s < 12; s++) {
      for (let i = 0; i < 20; i++) src.send(tweet(id++, s * 1000 + i * 10, '#Big news'));
      if (s < 10 && s % 4 === 0) src.send(tweet(id++, s * 1000 + 500, 'a little #Surge'));
      if (s >= 10) for (let i = 0; i < 10; i++) src.send(tweet(id++, s * 1000 + 300 + i, '#Surge now'));
    }
    src.send(watermark(12_000));
    const r = await last;
    expect(r.window.start).toBe('2026-11-22T10:00:10.000Z');
    expect(r.top.map((t) => [t.tag, t.count])).toEqual([
      ['big', 40],
      ['surge', 20],
    ]);
    // Baseline: the 8 batches before the window (2..9 s) held 2 #Surge → 0.5 per window of 2 batches;
    // score (20 − 0.5) / √1.5. #Big is at its usual rate: not rising.
    expect(r.rising).toEqual([{ tag: 'surge', display: '#Surge', count: 20, baseline: 0.5, score: 15.922 }]);
    const history = await fetch(`${url}/api/history?limit=100`).then(
      (res) => res.json() as Promise<BatchResult[]>,
    );
    expect(history.at(-1)?.rising).toEqual(r.rising);
  });

  it('resumes its checkpoint under a new window length instead of starting over', async () => {
    const checkpointDir = path.join(dir, 'ckpt');
    const first = await boot({ checkpointDir, checkpointEvery: 1 });
    const dash = client(first.url);
    await nextEvent(dash, 'snapshot');
    const batch = nextEvent<BatchResult>(dash, 'batch');
    first.src.send(tweet(1, 1000, '#a'));
    first.src.send(watermark(10_000));
    await batch;
    await first.app.close();

    const second = await boot({ checkpointDir, settings: { windowMs: 30_000 } });
    const dash2 = client(second.url);
    const snap = await nextEvent<Snapshot>(dash2, 'snapshot');
    expect(snap.settings.windowMs).toBe(30_000);
    expect(snap.latest?.top.map((t) => [t.tag, t.count])).toEqual([['a', 1]]);
    const next = nextEvent<BatchResult>(dash2, 'batch');
    second.src.send(tweet(2, 12_000, '#a'));
    second.src.send(watermark(20_000));
    const r = await next;
    expect(r.window).toEqual({ start: '2026-11-22T09:59:50.000Z', end: '2026-11-22T10:00:20.000Z' });
    expect(r.top.map((t) => [t.tag, t.count])).toEqual([['a', 2]]);
  });

  it('keeps counting when a result listener throws', async () => {
    const { src, core, url } = await boot();
    core.onResult(() => {
      throw new Error('a broken listener');
    });
    const dash = client(url);
    await nextEvent(dash, 'snapshot');
    const batch = nextEvent<BatchResult>(dash, 'batch');
    src.send(tweet(1, 1000, '#a'));
    src.send(watermark(10_000));
    expect((await batch).top).toHaveLength(1);
    const again = nextEvent<BatchResult>(dash, 'batch');
    src.send(tweet(2, 11_000, '#b'));
    src.send(watermark(20_000));
    expect((await again).top.map((t) => t.tag)).toEqual(['a', 'b']);
  });
});
