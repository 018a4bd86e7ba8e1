/**
 * Trackers through the real server: `GET/PUT /api/trackers` over HTTP, `?tracker=NAME` on the
 * read endpoints, socket.io rooms per tracker and the compare view's share of voice, and trackers
 * kept across a restart with their counts. The source is a plain line source (`nc -lk`): with no
 * ingestor to route tweets, the server evaluates each tracker's rule itself, as in a replay.
 */
import path from 'node:path';
import {
  MAX_TRACKERS,
  type BatchResult,
  type Snapshot,
  type TagDetail,
  type Tracker,
} from '@tagstream/protocol';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bootServer,
  Cleanup,
  json,
  lineSource,
  nextEvent,
  tempDir,
  type Dashboard,
} from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const tweet = (id: number, offsetMs: number, text: string): string =>
  JSON.stringify({ id: String(id), created_at: new Date(T0 + offsetMs).toISOString(), text });
const watermark = (offsetMs: number): string =>
  JSON.stringify({ watermark: new Date(T0 + offsetMs).toISOString() });

const ETH: Tracker = { name: 'eth', rule: '#eth OR #ether' };
const BTC: Tracker = { name: 'btc', rule: '#btc' };

async function boot(extra: { checkpointDir?: string; adminToken?: string } = {}) {
  const src = await lineSource(c);
  const started = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: path.join(await tempDir(c), 'recordings'),
    checkpointEvery: 1,
    ...extra,
  });
  await src.connected;
  const put = (body: unknown, token?: string) =>
    fetch(`${started.url}/api/trackers`, { method: 'PUT', ...json(body, token) });
  const get = async <T>(p: string): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${started.url}${p}`);
    return { status: r.status, body: (await r.json()) as T };
  };
  return { ...started, src, put, get };
}

function watching(url: string, auth?: { tracker?: string; compare?: boolean }): Dashboard {
  const socket: Dashboard = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  c.add(() => void socket.disconnect());
  return socket;
}

/** Two windows of tweets: eth and btc side by side, one tweet in both, one in neither. */
function sendTwoWindows(send: (line: string) => void): void {
  send(tweet(1, 1_000, 'up #ETH #defi'));
  send(tweet(2, 2_000, '#ether and #eth'));
  send(tweet(3, 3_000, '#btc #sats'));
  send(tweet(4, 4_000, '#btc with #eth'));
  send(tweet(5, 5_000, '#cats'));
  send(watermark(10_000));
  send(tweet(6, 11_000, '#btc again'));
  send(watermark(20_000));
}

describe('trackers over HTTP', () => {
  it('are set with PUT and read with GET; each counts its own top list, read with ?tracker=NAME', async () => {
    const { url, src, put, get } = await boot();
    expect(await get('/api/trackers')).toEqual({ status: 200, body: { trackers: [] } });
    const res = await put({ trackers: [ETH, BTC] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ trackers: [ETH, BTC] });
    expect((await get('/api/trackers')).body).toEqual({ trackers: [ETH, BTC] });

    const dash = watching(url);
    await nextEvent(dash, 'snapshot');
    const second = nextEvent(dash, 'batch', (r) => r.window.end === new Date(T0 + 20_000).toISOString());
    sendTwoWindows(src.send);
    await second;

    const top = async (tracker?: string) =>
      (await get<BatchResult>(`/api/top${tracker ? `?tracker=${tracker}` : ''}`)).body;
    const counts = (r: BatchResult) => r.top.map((t) => `${t.tag}=${t.count}`);
    expect(counts(await top('eth'))).toEqual(['eth=3', 'btc=1', 'defi=1', 'ether=1']);
    expect((await top('eth')).stats.tweets).toBe(3);
    expect(counts(await top('btc'))).toEqual(['btc=3', 'eth=1', 'sats=1']);
    expect((await top('btc')).totals.tweets).toBe(3);
    expect((await top()).totals.tweets).toBe(6);
    expect((await top('everything')).tracker).toBe('everything');
    expect((await top('btc')).tracker).toBe('btc');

    const history = await get<BatchResult[]>('/api/history?tracker=eth&limit=10');
    expect(history.body.map((r) => [r.window.end, r.stats.tweets])).toEqual([
      [new Date(T0 + 10_000).toISOString(), 3],
      [new Date(T0 + 20_000).toISOString(), 3],
    ]);
    const tag = await get<TagDetail>('/api/tags/%23eth?tracker=btc');
    expect(tag.body).toMatchObject({ tag: 'eth', count: 1 });
    expect(tag.body.samples.map((s) => s.text)).toEqual(['#btc with #eth']);

    const unknown = await get<{ message: string }>('/api/top?tracker=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('no tracker named "nope"');
    expect((await get('/api/history?tracker=nope')).status).toBe(404);
    expect((await get('/api/tags/eth?tracker=nope')).status).toBe(404);
    expect((await get('/api/top?tracker=not%20a%20name')).status).toBe(400);

    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^tagstream_tracker_tweets_total\{tracker="eth"\} 3$/m);
    expect(metrics).toMatch(/^tagstream_tracker_tweets_total\{tracker="btc"\} 3$/m);
    expect(metrics).toMatch(/^tagstream_tweets_total 6$/m);
  });

  it('refuse a body they cannot take as it is, a rule that does not parse (as PUT /api/track does), and more than the cap', async () => {
    const { put, get } = await boot();
    expect((await put({ trackers: [ETH] })).status).toBe(200);
    const refused: [unknown, RegExp][] = [
      // The body as written (no coercion, no field dropped), each message naming the field.
      [{ trackers: [{ name: 'eth', rule: 5 }] }, /^body\.trackers\[0\]\.rule must be a string/],
      [{ trackers: [{ name: 'eth', rule: '#eth', colour: 'red' }] }, /^body\.trackers\[0\] .*"colour"/],
      [{ trackers: [ETH], also: 1 }, /^body has a field it does not take: "also"/],
      [{ trackers: '[]' }, /^body\.trackers must be a list/],
      [{ trackers: [{ name: 'two words', rule: '#a' }] }, /^body\.trackers\[0\]\.name must match/],
      [{ trackers: [{ name: 'x'.repeat(33), rule: '#a' }] }, /^body\.trackers\[0\]\.name .* 32 characters/],
      [{ trackers: [{ name: 'a', rule: '#a'.repeat(300) }] }, /^body\.trackers\[0\]\.rule .* 512 characters/],
      [{ trackers: [ETH, { name: 'ETH', rule: '#x' }] }, /two trackers are named "ETH"/],
      [{ trackers: [{ name: 'everything', rule: '#x' }] }, /default tracker/],
      [
        { trackers: Array.from({ length: MAX_TRACKERS + 1 }, (_, i) => ({ name: `t${i}`, rule: `#t${i}` })) },
        /^body\.trackers must NOT have more than 10 items/,
      ],
    ];
    for (const [body, message] of refused) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    const bad = await put({ trackers: [ETH, { name: 'open', rule: '#a (ether' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `tracker "open": unbalanced parenthesis: this '(' is never closed`,
      rule: { index: 1, position: 3, length: 1, message: "unbalanced parenthesis: this '(' is never closed" },
    });
    // Nothing changed.
    expect((await get('/api/trackers')).body).toEqual({ trackers: [ETH] });
    const cap = Array.from({ length: MAX_TRACKERS }, (_, i) => ({ name: `t${i}`, rule: `#t${i}` }));
    expect((await put({ trackers: cap })).status).toBe(200);
  });

  it('need the admin token to change when one is set', async () => {
    const { put, get } = await boot({ adminToken: 'tr4ckers-token' });
    expect((await put({ trackers: [ETH] })).status).toBe(401);
    expect((await put({ trackers: [ETH] }, 'tr4ckers-token')).status).toBe(200);
    expect((await get('/api/trackers')).body).toEqual({ trackers: [ETH] });
  });
});

describe('trackers over socket.io', () => {
  it('send a dashboard the results of the tracker it watches only, and share of voice while it compares', async () => {
    const { url, src, put } = await boot();
    expect((await put({ trackers: [ETH, BTC] })).status).toBe(200);
    const plain = watching(url);
    const eth = watching(url, { tracker: 'eth' });
    const compare = watching(url, { tracker: 'btc', compare: true });
    const lost = watching(url, { tracker: 'gone' });
    const snaps = await Promise.all([plain, eth, compare, lost].map((d) => nextEvent(d, 'snapshot')));
    expect(snaps.map((s) => s.tracker)).toEqual(['everything', 'eth', 'btc', 'everything']);
    expect(snaps.map((s) => s.voice)).toEqual([null, null, [], null]);
    expect(snaps[0]!.trackers).toEqual([ETH, BTC]);

    const seen = new Map<Dashboard, BatchResult[]>();
    for (const d of [plain, eth, compare]) {
      seen.set(d, []);
      d.on('batch', (r) => seen.get(d)!.push(r));
    }
    const voice: unknown[] = [];
    compare.on('voice', (entries) => voice.push(...entries));
    eth.on('voice', () => expect.unreachable('eth does not compare'));
    const lastOf = (d: Dashboard) =>
      nextEvent(d, 'batch', (r) => r.window.end === new Date(T0 + 20_000).toISOString());
    const done = Promise.all([lastOf(plain), lastOf(eth), lastOf(compare)]);
    sendTwoWindows(src.send);
    await done;
    expect(seen.get(plain)!.every((r) => r.tracker === 'everything')).toBe(true);
    expect(seen.get(eth)!.every((r) => r.tracker === 'eth')).toBe(true);
    expect(seen.get(compare)!.every((r) => r.tracker === 'btc')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const windowEnd = (offset: number) => ({
      start: new Date(T0 + offset - 20_000).toISOString(),
      end: new Date(T0 + offset).toISOString(),
    });
    expect(voice).toEqual(
      expect.arrayContaining([
        { tracker: 'eth', window: windowEnd(10_000), tweets: 3 },
        { tracker: 'btc', window: windowEnd(10_000), tweets: 2 },
        { tracker: 'eth', window: windowEnd(20_000), tweets: 3 },
        { tracker: 'btc', window: windowEnd(20_000), tweets: 3 },
      ]) as unknown,
    );
    expect(voice).toHaveLength(4);

    // Switching: a snapshot of the new view, then its results only. Asking for the view it has is no news.
    const snapshots: string[] = [];
    eth.on('snapshot', (s) => snapshots.push(s.tracker));
    eth.emit('watch', { tracker: 'eth', compare: false });
    const switched = nextEvent(eth, 'snapshot');
    eth.emit('watch', { tracker: 'btc', compare: true });
    const snap = await switched;
    expect(snap).toMatchObject({ tracker: 'btc' });
    expect(snap.latest?.tracker).toBe('btc');
    expect(snap.voice?.map((v) => `${v.tracker}:${v.tweets}`)).toEqual(['eth:3', 'eth:3', 'btc:2', 'btc:3']);
    expect(snapshots).toEqual(['btc']);

    // A change of trackers: every dashboard hears of it, and one watching a removed tracker goes back to everything.
    const told = nextEvent(plain, 'trackers');
    const resynced = nextEvent(compare, 'snapshot');
    expect((await put({ trackers: [ETH] })).status).toBe(200);
    expect(await told).toEqual({ trackers: [ETH] });
    expect((await resynced).tracker).toBe('everything');
  });
});

describe('trackers across a restart', () => {
  it('are kept, and resume their counts from the checkpoint', async () => {
    const checkpointDir = path.join(await tempDir(c), 'ckpt');
    const first = await boot({ checkpointDir });
    expect((await first.put({ trackers: [ETH, BTC] })).status).toBe(200);
    const dash = watching(first.url, { tracker: 'btc' });
    await nextEvent(dash, 'snapshot');
    const last = nextEvent(dash, 'batch', (r) => r.window.end === new Date(T0 + 20_000).toISOString());
    sendTwoWindows(first.src.send);
    const before = await last;
    await first.app.close();

    const second = await boot({ checkpointDir });
    expect((await second.get('/api/trackers')).body).toEqual({ trackers: [ETH, BTC] });
    const btc = await second.get<BatchResult>('/api/top?tracker=btc');
    expect(btc.body).toEqual(before);
    const dash2 = watching(second.url, { tracker: 'btc' });
    const snap: Snapshot = await nextEvent(dash2, 'snapshot');
    expect(snap.history.map((r) => r.seq)).toEqual([before.seq - 1, before.seq]);
    // Counting goes on: a re-delivered tweet is a duplicate, a new one adds to the totals.
    const next = nextEvent(dash2, 'batch');
    second.src.send(tweet(6, 11_000, '#btc again'));
    second.src.send(tweet(7, 21_000, '#btc more'));
    second.src.send(watermark(30_000));
    const r = await next;
    expect(r.totals.tweets).toBe(4);
    expect(r.stats.duplicates).toBe(1);
  });
});
