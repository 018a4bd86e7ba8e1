/**
 * Trackers side by side, live: the server's trackers become X stream rules tagged with their
 * names (through our ingestor's control API), the X API's `matching_rules` route each tweet to its
 * trackers on the wire line, and the server counts each tracker from that routing. X is the local
 * HTTPS server that speaks its protocol; everything else is real.
 */
import net from 'node:net';
import type { BatchResult, Tracker } from '@tagstream/protocol';
import { startLiveSource } from '@tagstream/ingestor/live';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeXApi } from '../../apps/ingestor/src/live/testing/fake-x-api.ts';
import { makeTestCertificate, type TestCertificate } from '../../apps/ingestor/src/live/testing/tls.ts';
import { bootServer, Cleanup, eventually, json, tempDir } from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAATrackersLiveSecret%2Btoken0123456789';
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const ETH: Tracker = { name: 'eth', rule: '#eth OR ether' };
const BTC: Tracker = { name: 'btc', rule: '#btc' };

let tls: TestCertificate;
beforeAll(async () => {
  tls = await makeTestCertificate();
});
afterAll(async () => {
  await tls.cleanup();
});
const c = new Cleanup();
afterEach(() => c.run());

/** The fake X API, our ingestor live on it (wired as `tagstream ingest live` wires it), and the server. */
async function liveStack() {
  const api = await FakeXApi.start({
    key: tls.key,
    cert: tls.cert,
    bearerToken: TOKEN,
    keepAliveIntervalMs: 100,
  });
  c.add(() => api.close());
  const recordings = await tempDir(c);
  const ing = await ingestorStack(c, recordings);
  const live = await startLiveSource({
    bearerToken: TOKEN,
    baseUrl: api.baseUrl,
    ca: tls.cert,
    keywords: ['cats'],
    trackers: ing.ingestor.getTrackers(),
    logger: pino({ level: 'silent' }),
    onLine: (raw, trackers) => ing.ingestor.sendLiveLine(raw, trackers),
  });
  ing.ingestor.attachLive(live);
  await ing.ingestor.setKeywords(['cats']);
  const server = await bootServer(c, {
    source: { host: '127.0.0.1', port: ing.port },
    controlUrl: ing.controlUrl,
    recordingsDir: recordings,
  });
  // A plain consumer beside the server, to see the lines themselves.
  const lines: string[] = [];
  const socket = net.connect({ host: '127.0.0.1', port: ing.port });
  c.add(() => void socket.destroy());
  let buffered = '';
  socket.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((l) => l.startsWith('{"id"')));
  });
  await eventually(
    async () => ing.ingestor.status().consumers,
    (n) => n === 2,
  );
  return { api, ing, server, lines };
}

describe('trackers live', { timeout: 60_000 }, () => {
  it("become X stream rules tagged with their names, and each tweet counts for the trackers X's matching_rules name", async () => {
    const { api, ing, server, lines } = await liveStack();
    const put = await fetch(`${server.url}/api/trackers`, {
      method: 'PUT',
      ...json({ trackers: [ETH, BTC] }),
    });
    expect(put.status).toBe(200);
    expect(api.currentRules().map((r) => [r.value, r.tag])).toEqual([
      ['cats', 'tagstream:cats'],
      ['#eth OR ether', 'tagstream-tracker:eth'],
      ['#btc', 'tagstream-tracker:btc'],
    ]);

    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const pushed = [
      api.pushTweet({ text: 'ether is up #ETH', created_at: at(1) }),
      api.pushTweet({ text: '#btc is down', created_at: at(2) }),
      api.pushTweet({ text: '#btc and #eth #crypto', created_at: at(3) }),
      api.pushTweet({ text: 'cats only #meow', created_at: at(4) }),
      api.pushTweet({ text: '#ethereum is not #eth… it is #ETHEREUM', created_at: at(5) }),
    ];
    // Another app's tweets never reach us: no rule of ours matches this one.
    expect(api.pushTweet({ text: 'dogs #woof', created_at: at(6) }).matched).toEqual([]);
    await eventually(
      async () => lines.length,
      (n) => n === 5,
    );
    // Each line says which trackers X matched it for; a keyword's tweet names none.
    expect(lines.map((l) => (JSON.parse(l) as { trackers?: string[] }).trackers)).toEqual([
      ['eth'],
      ['btc'],
      ['eth', 'btc'],
      [],
      ['eth'],
    ]);
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(pushed.map((p) => p.id));

    // Live, the watermark follows the wall clock; here it is moved past the tweets by hand.
    ing.ingestor.sendWatermark(T0 + 20_000);
    const top = (tracker: string) =>
      eventually(
        async () => (await fetch(`${server.url}/api/top?tracker=${tracker}`)).json() as Promise<BatchResult>,
        (r) => r.window?.end === at(20),
      );
    const bars = (r: BatchResult) => r.top.map((t) => `${t.tag}=${t.count}`);
    const [eth, btc, all] = await Promise.all([top('eth'), top('btc'), top('everything')]);
    expect(bars(eth)).toEqual(['eth=3', 'btc=1', 'crypto=1', 'ethereum=1']);
    expect(eth.stats.tweets).toBe(3);
    expect(bars(btc)).toEqual(['btc=2', 'crypto=1', 'eth=1']);
    expect(btc.stats.tweets).toBe(2);
    expect(all.stats.tweets).toBe(5);
  });

  it('gives an ingestor that lost our trackers (a restart) ours again, and X its rules', async () => {
    const { api, ing, server } = await liveStack();
    expect(
      (await fetch(`${server.url}/api/trackers`, { method: 'PUT', ...json({ trackers: [ETH] }) })).status,
    ).toBe(200);
    await ing.ingestor.setTrackers([]);
    expect(api.currentRules().map((r) => r.tag)).toEqual(['tagstream:cats']);
    // The server learns the ingestor's trackers with its status, as when a dashboard watches.
    await eventually(
      async () => {
        await fetch(`${server.url}/api/source`);
        return ing.ingestor.getTrackers();
      },
      (t) => t.length === 1,
    );
    expect(ing.ingestor.getTrackers()).toEqual([ETH]);
    expect(api.currentRules().map((r) => r.tag)).toEqual(['tagstream:cats', 'tagstream-tracker:eth']);
  });
});
