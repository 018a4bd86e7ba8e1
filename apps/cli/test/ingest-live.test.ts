import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeXApi } from '../../ingestor/src/live/testing/fake-x-api.ts';
import { makeTestCertificate, type TestCertificate } from '../../ingestor/src/live/testing/tls.ts';
import { finished, runTagstream, spawnTagstream, type Finished } from './run-tagstream.ts';

// The real `tagstream ingest live` process against a local TLS server speaking the X API v2
// filtered-stream protocol, read by a plain TCP consumer as `nc` would.

const SECRET = 'AAAAAAAAAAAAAAAAAAAAAtagstreamLiveSecret0x7f3a9cQ2';
let tls: TestCertificate;
let dir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  [tls, dir] = await Promise.all([makeTestCertificate(), mkdtemp(path.join(tmpdir(), 'tagstream-live-'))]);
});
afterAll(async () => {
  await Promise.all([tls.cleanup(), rm(dir, { recursive: true, force: true })]);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The child's output as it comes, with a way to wait for a pattern in its logs. */
function watch(child: ChildProcess) {
  const result = finished(child);
  let stderr = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stderr!.on('data', (d: string) => {
    stderr += d;
    for (const w of [...waiters]) {
      const m = w.re.exec(stderr);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  let exited: Finished | undefined;
  void result.then((r) => (exited = r));
  return {
    result,
    stderr: () => stderr,
    running: () => exited === undefined,
    log(re: RegExp): Promise<RegExpMatchArray> {
      const m = re.exec(stderr);
      if (m) return Promise.resolve(m);
      return Promise.race([
        new Promise<RegExpMatchArray>((resolve) => waiters.push({ re, resolve })),
        result.then((r) => {
          throw new Error(`exited (${String(r.code)}) before ${String(re)}:\n${r.stderr}`);
        }),
      ]);
    },
  };
}

/** A plain TCP reader, like `nc 127.0.0.1 PORT`: collects lines. */
async function lineReader(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  cleanups.push(() => void socket.destroy());
  await new Promise((resolve) => socket.once('connect', resolve));
  const lines: string[] = [];
  let rest = '';
  const waiters: (() => void)[] = [];
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const tweets = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => !('watermark' in o)) as {
      id: string;
      text: string;
      created_at: string;
      author?: string;
    }[];
  return {
    lines,
    tweets,
    async untilTweets(n: number): Promise<void> {
      while (tweets().length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    async untilLine(test: (line: string) => boolean): Promise<string> {
      for (;;) {
        const found = lines.find(test);
        if (found !== undefined) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function startLive(api: FakeXApi, token: string, extra: string[] = []) {
  const child = spawnTagstream(
    ['ingest', 'live', '--track', 'ether,#btc', '--port', '0', '--control-port', '0', ...extra],
    {
      X_BEARER_TOKEN: token,
      TWITTER_BEARER_TOKEN: '',
      TAGSTREAM_ADMIN_TOKEN: '',
      X_API_BASE_URL: api.baseUrl,
      NODE_EXTRA_CA_CERTS: tls.certPath,
    },
  );
  const proc = watch(child);
  cleanups.push(async () => {
    if (proc.running()) child.kill('SIGKILL');
    await proc.result;
  });
  const [, linePort] = await proc.log(/serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const [, control] = await proc.log(/control API on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, proc, linePort: Number(linePort), control: control! };
}

async function startFake(bearerToken: string): Promise<FakeXApi> {
  const api = await FakeXApi.start({ key: tls.key, cert: tls.cert, bearerToken, keepAliveIntervalMs: 100 });
  cleanups.push(() => api.close());
  return api;
}

const STREAM = '/2/tweets/search/stream';

describe('tagstream ingest live against an X API v2 server it has never seen', { timeout: 60_000 }, () => {
  it('sets the rules, delivers every matching tweet across a drop, records, retracks without reconnecting', async () => {
    const api = await startFake(SECRET);
    const recording = path.join(dir, 'live.jsonl.gz');
    const { child, proc, linePort, control } = await startLive(api, SECRET, ['--record', recording]);
    await proc.log(/live stream connected/);

    // The rules equal the track list, tagged as ours.
    expect(api.currentRules().map((r) => [r.value, r.tag])).toEqual([
      ['ether', 'tagstream:ether'],
      ['#btc', 'tagstream:#btc'],
    ]);

    const reader = await lineReader(linePort);
    // A plain consumer gets the lines emitted after the ingestor accepted it: wait for that, or a
    // tweet pushed at once could pass before it and never reach this reader.
    await proc.log(/consumer connected/);
    const pushed = [
      api.pushTweet({ text: 'ether is moving #ETH #crypto' }),
      api.pushTweet({ text: 'stacking sats #btc #crypto' }),
    ];
    expect(api.pushTweet({ text: 'cats #cute' }).matched).toEqual([]);
    await reader.untilTweets(2);

    // X drops the connection; what is posted meanwhile waits at X for the next connection.
    api.dropStreams();
    const whileDown = [
      api.pushTweet({ text: 'ether again\nafter the drop #eth' }),
      api.pushTweet({ text: 'more #btc news #crypto' }),
    ];
    expect(whileDown.map((p) => p.queued)).toEqual([true, true]);
    pushed.push(...whileDown);
    await reader.untilTweets(4);
    expect(api.requestsTo(STREAM, 'GET')).toHaveLength(2);

    // New keywords through the control API: rules follow, the stream stays up.
    const res = await fetch(`${control}/track`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keywords: ['ether', 'solana'] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keywords: ['ether', 'solana'] });
    expect(api.currentRules().map((r) => [r.value, r.tag])).toEqual([
      ['ether', 'tagstream:ether'],
      ['solana', 'tagstream:solana'],
    ]);
    expect(api.pushTweet({ text: 'only #btc now' }).matched).toEqual([]);
    pushed.push(api.pushTweet({ text: 'solana summer #SOL' }));
    await reader.untilTweets(5);
    expect(api.requestsTo(STREAM, 'GET')).toHaveLength(2);
    expect(api.streamConnects).toBe(2);

    // Every matching tweet, once, in order, as a normalized JSON line.
    const got = reader.tweets();
    expect(got.map((t) => t.id)).toEqual(pushed.map((p) => p.id));
    expect(got.map((t) => t.text)).toEqual([
      'ether is moving #ETH #crypto',
      'stacking sats #btc #crypto',
      'ether again\nafter the drop #eth',
      'more #btc news #crypto',
      'solana summer #SOL',
    ]);
    for (const t of got) {
      expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(t.author).toBe('tagstream_test');
    }
    // Watermarks come too: the wall clock less the expected delivery delay (--delay, 5 s).
    const mark = JSON.parse(await reader.untilLine((l) => l.startsWith('{"watermark":'))) as {
      watermark: string;
    };
    expect(Date.parse(mark.watermark)).toBeLessThanOrEqual(Date.now() - 5_000);

    const status = (await (await fetch(`${control}/status`)).json()) as {
      kind: string;
      keywords: string[];
      live: { state: string; tweets: number; reconnects: number };
    };
    expect(status).toMatchObject({
      kind: 'live',
      keywords: ['ether', 'solana'],
      live: { state: 'connected', tweets: 5, reconnects: 1 },
    });

    child.kill('SIGTERM');
    const ended = await proc.result;
    expect(ended.code, ended.stderr).toBe(0);

    // The recording reads back with the same hashtags.
    const counted = await runTagstream(['count', recording, '--json']);
    expect(counted.code, counted.stderr).toBe(0);
    const results = counted.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    const totals = results.at(-1)!.totals;
    expect(totals.tweets).toBe(5);
    expect(Object.fromEntries(totals.top.map((e) => [e.tag, e.count]))).toEqual({
      crypto: 3,
      eth: 2,
      btc: 2,
      sol: 1,
    });

    // The token went to X (the fake) on every request, and nowhere else.
    expect(api.requests.every((r) => r.authorized)).toBe(true);
    for (const text of [ended.stdout, ended.stderr, counted.stdout, counted.stderr, JSON.stringify(status)])
      expect(text).not.toContain(SECRET);
  });

  it('on a 401 stays up, says why, shows the error in the status, never prints the token', async () => {
    const api = await startFake('the-token-X-expects-0000000000');
    const { child, proc, control } = await startLive(api, SECRET);
    const [logLine] = await proc.log(/^.*live stream error.*$/m);
    expect(logLine).toMatch(/401/);
    expect(logLine).toMatch(/Unauthorized/);
    const status = (await (await fetch(`${control}/status`)).json()) as {
      live: { state: string; message: string; retryAt: number };
    };
    expect(status.live).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/^401 Unauthorized/),
    });
    expect(status.live.retryAt).toBeGreaterThan(Date.now());
    expect(proc.running()).toBe(true);
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.requests.every((r) => !r.authorized && r.authScheme === 'Bearer')).toBe(true);

    child.kill('SIGTERM');
    const ended = await proc.result;
    expect(ended.code).toBe(0);
    for (const text of [ended.stdout, ended.stderr, JSON.stringify(status)])
      expect(text).not.toContain(SECRET);
  });

  it('refuses an X_API_BASE_URL that is not https, with exit code 2', async () => {
    const r = await runTagstream(
      ['ingest', 'live', '--track', 'ether', '--port', '0', '--control-port', '0'],
      {
        env: { X_BEARER_TOKEN: SECRET, X_API_BASE_URL: 'http://127.0.0.1:1/2/' },
      },
    );
    expect(r.stderr).toMatch(/X_API_BASE_URL: X API base URL must use https/);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(2);
  });
});
