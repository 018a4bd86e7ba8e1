import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@tagstream/time';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  startLiveSource,
  STREAM_QUERY,
  type LiveSource,
} from './live-source.ts';
import type { LiveStatus } from './live-status.ts';
import { FakeXApi, type FakeXApiOptions } from './testing/fake-x-api.ts';
import { makeTestCertificate, type TestCertificate } from './testing/tls.ts';
import { memoryLogger, settle, waitFor } from './testing/wait.ts';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAALiveSourceSecret%2BToken0123456789abcdef';
const STREAM_PATH = '/2/tweets/search/stream';
const RULES_PATH = '/2/tweets/search/stream/rules';

let tls: TestCertificate;
beforeAll(async () => {
  tls = await makeTestCertificate();
});
afterAll(async () => {
  await tls.cleanup();
});

interface Harness {
  api: FakeXApi;
  clock: ManualClock;
  source: LiveSource;
  lines: string[];
  /** The trackers each line was routed to, beside `lines`. */
  routes: (string[] | undefined)[];
  statuses: LiveStatus[];
  logs: ReturnType<typeof memoryLogger>;
  states: () => string[];
}

const harnesses: Harness[] = [];
const servers: FakeXApi[] = [];

async function fake(options: Partial<FakeXApiOptions> = {}): Promise<FakeXApi> {
  const api = await FakeXApi.start({
    key: tls.key,
    cert: tls.cert,
    bearerToken: TOKEN,
    keepAliveIntervalMs: 25,
    ...options,
  });
  servers.push(api);
  return api;
}

async function start(
  opts: {
    api?: FakeXApi;
    keywords?: string[];
    trackers?: { name: string; rule: string }[];
    token?: string;
    baseUrl?: string;
    fakeOptions?: Partial<FakeXApiOptions>;
  } = {},
): Promise<Harness> {
  const api = opts.api ?? (await fake(opts.fakeOptions));
  // At the real time, so that it agrees with the epoch in X's `x-rate-limit-reset`.
  const clock = new ManualClock(Date.now());
  const lines: string[] = [];
  const routes: (string[] | undefined)[] = [];
  const statuses: LiveStatus[] = [];
  const logs = memoryLogger();
  const source = await startLiveSource({
    bearerToken: opts.token ?? TOKEN,
    baseUrl: opts.baseUrl ?? api.baseUrl,
    keywords: opts.keywords ?? ['cats'],
    ...(opts.trackers ? { trackers: opts.trackers } : {}),
    onLine: (line, trackers) => {
      lines.push(line);
      routes.push(trackers);
    },
    onStatus: (s) => statuses.push(s),
    logger: logs.logger,
    timers: clock,
    ca: tls.cert,
  });
  const h: Harness = {
    api,
    clock,
    source,
    lines,
    routes,
    statuses,
    logs,
    states: () => statuses.map((s) => s.state),
  };
  harnesses.push(h);
  return h;
}

/** Asserts the token never left the Authorization header. */
function expectNoToken(h: Harness, token = TOKEN): void {
  for (const form of [token, encodeURIComponent(token)]) {
    expect(h.logs.text()).not.toContain(form);
    expect(JSON.stringify(h.statuses)).not.toContain(form);
    expect(JSON.stringify(h.source.status())).not.toContain(form);
    expect(JSON.stringify(h.api.requests)).not.toContain(form);
  }
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.source.close();
    expectNoToken(h);
  }
  for (const api of servers.splice(0)) await api.close();
});

const texts = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { data: { text: string } }).data.text);

describe('startLiveSource', () => {
  it('sets the rules before connecting, then forwards matching tweets as X sent them', async () => {
    const api = await fake();
    const foreign = api.seedRule('birds', 'another-app');
    const h = await start({ api, keywords: ['cats', 'dogs'] });
    expect(h.source.status()).toMatchObject({ state: 'connected', tweets: 0, reconnects: 0 });
    expect(h.source.status().connectedSince).toBe(h.clock.now());
    expect(h.source.status().rules.map((r) => [r.value, r.tag])).toEqual([
      ['cats', 'tagstream:cats'],
      ['dogs', 'tagstream:dogs'],
    ]);
    expect(api.currentRules().map((r) => r.value)).toEqual(['birds', 'cats', 'dogs']);
    expect(api.currentRules()[0]).toEqual(foreign);

    // Rules first, then exactly one stream connection with our fields.
    const order = api.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.at(-1)).toBe(`GET ${STREAM_PATH}`);
    expect(order.slice(0, -1).every((o) => o.endsWith(RULES_PATH))).toBe(true);
    const streamReq = api.requestsTo(STREAM_PATH)[0];
    expect(streamReq?.query).toEqual({
      expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id',
      'tweet.fields': 'created_at,lang,entities,referenced_tweets,note_tweet,author_id',
      'user.fields': 'username',
    });
    expect(streamReq?.query.expansions?.split(',')).toEqual([...STREAM_QUERY.expansions]);
    expect(streamReq?.authScheme).toBe('Bearer');

    api.pushTweet({ text: 'a cat? no: CATS #Caturday', lang: 'en', note_tweet: { text: 'long cats text' } });
    api.pushTweet({ text: 'nothing to see' });
    api.pushTweet({ text: 'dogs and birds' });
    api.pushTweet({ text: 'only birds' }); // matched only by the foreign rule: not ours
    await waitFor(() => h.lines.length === 2, 'two tweets');
    await waitFor(() => api.sentLines.length === 3, 'sent lines');
    await settle(80); // keep-alives keep flowing; none of them is forwarded
    expect(h.lines).toEqual(api.sentLines.slice(0, 2));
    const first = JSON.parse(h.lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['data', 'includes', 'matching_rules']);
    expect(first).toMatchObject({
      data: { text: 'a cat? no: CATS #Caturday', lang: 'en', note_tweet: { text: 'long cats text' } },
      includes: { users: [{ username: 'tagstream_test' }] },
      matching_rules: [{ tag: 'tagstream:cats' }],
    });
    expect(h.source.status().tweets).toBe(2);
    expect(h.states()).toEqual(['connecting', 'connecting', 'connected']);
  });

  it('delivers every matching tweet across a dropped connection, reconnecting at once', async () => {
    const h = await start();
    for (let i = 0; i < 3; i++) h.api.pushTweet({ text: `cats ${i}` });
    await waitFor(() => h.lines.length === 3, 'first tweets');
    h.api.dropStreams();
    // Pushed while the connection is down: the fake queues them for the next connection.
    for (let i = 3; i < 6; i++) h.api.pushTweet({ text: `cats ${i}` });
    await waitFor(() => h.lines.length === 6, 'tweets after the reconnect');
    expect(texts(h.lines)).toEqual(['cats 0', 'cats 1', 'cats 2', 'cats 3', 'cats 4', 'cats 5']);
    expect(h.api.streamConnects).toBe(2);
    expect(h.source.status()).toMatchObject({ state: 'connected', reconnects: 1, tweets: 6 });
    // Immediate: the retry was due at the time of the drop (the clock never moved).
    const reconnecting = h.statuses.find((s) => s.state === 'reconnecting' && s.retryAt !== undefined);
    expect(reconnecting?.retryAt).toBe(h.clock.now());
    expect(reconnecting?.message).toMatch(/closed/);
    // Rules were not re-synced for a plain reconnect.
    expect(h.api.requestsTo(RULES_PATH, 'POST').length).toBe(2);

    // And again: a second drop after a healthy connection is also answered at once.
    h.api.dropStreams();
    h.api.pushTweet({ text: 'cats 6' });
    await waitFor(() => h.lines.length === 7, 'tweet after the second drop');
    expect(h.api.streamConnects).toBe(3);
  });

  it('treats silence beyond keepAliveTimeoutMs as a stall and reconnects', async () => {
    const h = await start();
    expect(DEFAULT_KEEP_ALIVE_TIMEOUT_MS).toBe(30_000);
    h.api.pushTweet({ text: 'cats before' });
    await waitFor(() => h.lines.length === 1, 'tweet');
    h.clock.advance(29_000); // keep-alives keep re-arming the stall timer
    await settle(60);
    h.clock.advance(29_000);
    expect(h.api.streamConnects).toBe(1);

    h.api.stallStreams();
    await settle(60); // anything in flight has arrived
    h.api.pushTweet({ text: 'cats during the stall' });
    h.clock.advance(DEFAULT_KEEP_ALIVE_TIMEOUT_MS);
    await waitFor(() => h.lines.length === 2, 'tweet after the stall');
    expect(texts(h.lines)).toEqual(['cats before', 'cats during the stall']);
    expect(h.api.streamConnects).toBe(2);
    expect(h.source.status()).toMatchObject({ state: 'connected', reconnects: 1 });
    expect(h.statuses.some((s) => s.state === 'reconnecting' && /stalled/.test(s.message ?? ''))).toBe(true);
    expect(h.logs.entries().some((e) => e.msg === 'stream stalled: no data or keep-alive')).toBe(true);
    await waitFor(() => h.api.openStreams === 1, 'the stalled connection is closed');
  });

  it('reconnects after X sends an operational-disconnect error line', async () => {
    const h = await start();
    h.api.sendErrorLine();
    await waitFor(() => h.api.streamConnects === 2, 'reconnect');
    await waitFor(() => h.source.status().state === 'connected', 'connected');
    expect(
      h.statuses.some((s) => s.state === 'reconnecting' && /operational-disconnect/.test(s.message ?? '')),
    ).toBe(true);
    expect(h.lines).toEqual([]);
  });

  it('goes rate-limited on 429 and retries after 60 s, then 120 s (injected clock)', async () => {
    const api = await fake();
    const inHalfAMinute = Math.floor(Date.now() / 1000) + 30;
    api.failNext('stream', { status: 429, resetAtSeconds: inHalfAMinute }, 2);
    const h = await start({ api });
    const t0 = h.clock.now();
    expect(h.source.status()).toMatchObject({
      state: 'rate-limited',
      retryAt: t0 + 60_000,
      message: '429 Too Many Requests',
    });
    expect(api.requestsTo(STREAM_PATH).length).toBe(1);

    h.clock.advance(59_999);
    await settle(50);
    expect(api.requestsTo(STREAM_PATH).length).toBe(1);
    h.clock.advance(1);
    await waitFor(() => api.requestsTo(STREAM_PATH).length === 2, 'second attempt');
    await waitFor(() => h.source.status().state === 'rate-limited', 'rate-limited again');
    expect(h.source.status().retryAt).toBe(h.clock.now() + 120_000);

    h.clock.advance(120_000);
    await waitFor(() => h.source.status().state === 'connected', 'connected');
    expect(h.source.status()).toMatchObject({ reconnects: 2 });
    expect(h.logs.entries().filter((e) => e.state === 'rate-limited' && e.level === 40).length).toBe(2);
  });

  it('waits for x-rate-limit-reset when X says no connects remain until then', async () => {
    const api = await fake();
    const resetAt = Math.floor(Date.now() / 1000) + 600;
    api.failNext('stream', { status: 429, resetAtSeconds: resetAt, remaining: 0 });
    const h = await start({ api });
    expect(h.source.status()).toMatchObject({ state: 'rate-limited', retryAt: resetAt * 1000 });
  });

  it('backs off exponentially from 5 s on 503', async () => {
    const api = await fake();
    api.failNext('stream', { status: 503 }, 3);
    const h = await start({ api });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await waitFor(
        () => h.source.status().state === 'reconnecting' && h.source.status().retryAt !== undefined,
        '503',
      );
      const s = h.source.status();
      expect(s.message).toBe('503 Service Unavailable');
      const delay = (s.retryAt ?? 0) - h.clock.now();
      delays.push(delay);
      h.clock.advance(delay);
    }
    expect(delays).toEqual([5_000, 10_000, 20_000]);
    await waitFor(() => h.source.status().state === 'connected', 'connected');
    api.pushTweet({ text: 'cats finally' });
    await waitFor(() => h.lines.length === 1, 'tweet');
  });

  it('does not crash on a bad token: error state, slow exponential retries, no hot loop', async () => {
    const wrong = 'AAAAAAAAAAAAAAAAAAAAAWrongToken%3Dwrong0123456789';
    const h = await start({ token: wrong });
    expect(h.source.status()).toMatchObject({ state: 'error', message: '401 Unauthorized' });
    expect((h.source.status().retryAt ?? 0) - h.clock.now()).toBe(5_000);
    await settle(200);
    expect(h.api.requests.length).toBe(1); // the rules read, once
    h.clock.advance(5_000);
    await waitFor(() => h.api.requests.length === 2, 'second attempt');
    await waitFor(() => h.source.status().state === 'error', 'error again');
    expect((h.source.status().retryAt ?? 0) - h.clock.now()).toBe(10_000);
    expect(h.api.requestsTo(STREAM_PATH).length).toBe(0); // no stream before the rules are set
    expect(h.api.requests.every((r) => r.authScheme === 'Bearer' && !r.authorized)).toBe(true);
    expectNoToken(h, wrong);
    expect(h.logs.entries().some((e) => e.level === 40 && e.state === 'error')).toBe(true);
  });

  it('also handles a 401 on the stream itself (rules accepted, stream refused)', async () => {
    const api = await fake();
    api.failNext('stream', { status: 401 });
    const h = await start({ api });
    expect(h.source.status()).toMatchObject({ state: 'error', message: '401 Unauthorized' });
    h.clock.advance(5_000);
    await waitFor(() => h.source.status().state === 'connected', 'connected');
  });

  it('backs off linearly on network errors and connects once the server is there', async () => {
    const api = await fake();
    const port = Number(new URL(api.baseUrl).port);
    await api.close();
    servers.splice(servers.indexOf(api), 1);
    const h = await start({ baseUrl: `https://127.0.0.1:${port}/2/`, api });
    expect(h.source.status().state).toBe('reconnecting');
    expect(h.source.status().message).toMatch(/ECONNREFUSED/);
    expect((h.source.status().retryAt ?? 0) - h.clock.now()).toBe(250);
    h.clock.advance(250);
    await waitFor(() => (h.source.status().retryAt ?? 0) - h.clock.now() === 500, 'second network failure');
    expect(h.source.status().reconnects).toBe(1);
  });

  it('changes keywords at runtime by syncing rules only, without reconnecting', async () => {
    const h = await start({ keywords: ['cats', 'dogs'] });
    await h.source.setKeywords(['dogs', 'owls']);
    expect(h.api.currentRules().map((r) => r.value)).toEqual(['dogs', 'owls']);
    expect(h.source.status().rules.map((r) => r.value)).toEqual(['dogs', 'owls']);
    expect(h.api.streamConnects).toBe(1);
    expect(h.api.openStreams).toBe(1);
    h.api.pushTweet({ text: 'cats' });
    h.api.pushTweet({ text: 'owls' });
    await waitFor(() => h.lines.length === 1, 'owls');
    expect(texts(h.lines)).toEqual(['owls']);
    expect(h.source.status().state).toBe('connected');
  });

  it("routes each tweet to the trackers X matched it for, by their rules' tags; trackers change without reconnecting", async () => {
    const api = await fake();
    // Another app's rule with a tracker's value: X refuses a duplicate, so its tweets count for the tracker.
    api.seedRule('#sol', 'another-app');
    const h = await start({
      api,
      keywords: ['cats'],
      trackers: [
        { name: 'eth', rule: '#eth OR ether' },
        { name: 'coins', rule: '#btc OR #eth' },
        { name: 'sol', rule: '#sol' },
      ],
    });
    expect(h.api.currentRules().map((r) => [r.value, r.tag])).toEqual([
      ['#sol', 'another-app'],
      ['cats', 'tagstream:cats'],
      ['#eth OR ether', 'tagstream-tracker:eth'],
      ['#btc OR #eth', 'tagstream-tracker:coins'],
    ]);
    h.api.pushTweet({ text: 'cats' });
    h.api.pushTweet({ text: 'ether and #BTC' });
    h.api.pushTweet({ text: '#eth only' });
    h.api.pushTweet({ text: '#ethereum is not #eth… wait, it is' });
    h.api.pushTweet({ text: 'summer #SOL' });
    h.api.pushTweet({ text: '#ethereum alone' }); // matches no rule: X never sends it
    await waitFor(() => h.lines.length === 5, 'five tweets');
    expect(h.routes).toEqual([[], ['eth', 'coins'], ['eth', 'coins'], ['eth', 'coins'], ['sol']]);

    await h.source.setTrackers([{ name: 'btc', rule: '#btc' }]);
    expect(h.api.currentRules().map((r) => [r.value, r.tag])).toEqual([
      ['#sol', 'another-app'],
      ['cats', 'tagstream:cats'],
      ['#btc', 'tagstream-tracker:btc'],
    ]);
    h.api.pushTweet({ text: '#btc cats' });
    h.api.pushTweet({ text: 'summer #sol' }); // the other app's rule: no longer ours
    await waitFor(() => h.lines.length === 6, 'the sixth tweet');
    await settle(50);
    expect(h.lines).toHaveLength(6);
    expect(h.routes.at(-1)).toEqual(['btc']);
    expect(h.api.streamConnects).toBe(1);

    // Without trackers the lines are not routed at all: the reader decides.
    await h.source.setTrackers([]);
    h.api.pushTweet({ text: 'cats again' });
    await waitFor(() => h.lines.length === 7, 'the seventh tweet');
    expect(h.routes.at(-1)).toBeUndefined();
  });

  it("rejects an invalid keyword with X's message and keeps the rules in place", async () => {
    const h = await start({ keywords: ['cats'] });
    const err = await h.source.setKeywords(['cats', '(unbalanced']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('unbalanced parentheses');
    expect((err as Error).message).not.toContain(TOKEN);
    expect(h.api.currentRules().map((r) => r.value)).toEqual(['cats']);
    expect(h.source.status()).toMatchObject({ state: 'connected' });
    await settle(50);
    expect(h.api.currentRules().map((r) => r.value)).toEqual(['cats']);
    expect(h.api.streamConnects).toBe(1);
  });

  it('starts in error on an invalid keyword and connects as soon as valid keywords are set', async () => {
    const h = await start({ keywords: ['-cats -dogs'] });
    expect(h.source.status().state).toBe('error');
    expect(h.source.status().message).toContain('Rules must contain a non-negation term');
    expect(h.api.requestsTo(STREAM_PATH).length).toBe(0);
    await h.source.setKeywords(['cats']);
    await waitFor(() => h.source.status().state === 'connected', 'connected');
    expect(h.api.currentRules().map((r) => r.value)).toEqual(['cats']);
  });

  it('close() stops everything: no more attempts, status closed', async () => {
    const api = await fake();
    api.failNext('stream', { status: 503 });
    const h = await start({ api });
    await h.source.close();
    expect(h.source.status().state).toBe('closed');
    h.clock.advance(600_000);
    await settle(100);
    expect(api.requestsTo(STREAM_PATH).length).toBe(1);
    const h2 = await start({ api });
    await h2.source.close();
    await waitFor(() => api.openStreams === 0, 'stream closed');
    expect(h2.statuses.at(-1)?.state).toBe('closed');
  });

  it('refuses a non-https base URL as a configuration error', async () => {
    await expect(
      startLiveSource({
        bearerToken: TOKEN,
        baseUrl: 'http://127.0.0.1:1/2/',
        keywords: ['cats'],
        onLine: () => undefined,
        logger: memoryLogger().logger,
      }),
    ).rejects.toThrow(/https/);
  });

  it('trusts a test CA given by NODE_EXTRA_CA_CERTS in a real process (no ca option)', async () => {
    const api = await fake();
    const liveSource = fileURLToPath(new URL('./live-source.ts', import.meta.url));
    // Plain JS evaluated as an ES module from this folder (so 'pino' resolves); tsx loads the .ts import.
    const script = `import { pino } from 'pino';
import { startLiveSource } from ${JSON.stringify(liveSource)};
const source = await startLiveSource({
  bearerToken: process.env.X_BEARER_TOKEN ?? '',
  baseUrl: process.env.X_API_BASE_URL,
  keywords: ['cats'],
  logger: pino({ level: 'info' }, pino.destination(1)),
  onLine: (line) => { process.stderr.write('LINE ' + line + '\\n'); void source.close().then(() => process.exit(0)); },
  onStatus: (s) => { if (s.state === 'error' || s.state === 'reconnecting') { process.stderr.write('FAILED ' + s.message + '\\n'); process.exit(3); } },
});
`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: tls.certPath,
        X_API_BASE_URL: api.baseUrl,
        X_BEARER_TOKEN: TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => api.openStreams === 1 || child.exitCode !== null, 'child connected', 15_000);
      expect(err).not.toContain('FAILED');
      api.pushTweet({ text: 'cats from a child process' });
      const code = await exited;
      expect(err.trim()).toBe(`LINE ${api.sentLines[0]}`);
      expect(code).toBe(0);
      expect(out).toContain('live stream connected');
      expect(out).not.toContain(TOKEN);
    } finally {
      child.kill();
    }
  }, 20_000);
});
