import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchResult, RuleError, Settings, SourceStatus, TagDetail } from '@tagstream/protocol';
import { systemClock } from '@tagstream/time';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../scripts/demo-recording/generate.ts';
import { tagstreamApp } from '../../apps/server/src/app.ts';
import { LiveCore } from '../../apps/server/src/pipeline/live-core.ts';
import { CSP_DIRECTIVES } from '../../apps/server/src/plugins/external/helmet.ts';
import {
  bootServer,
  capturingLogger,
  Cleanup,
  dashboard,
  eventually,
  json,
  lineSource,
  nextEvent,
  tempDir,
} from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

let minute: string;
beforeAll(() => {
  minute = generateDemoRecording({ seed: 11, minutes: 1 }).jsonl;
});

const SETTINGS = { batchMs: 2000, windowMs: 6000, slideMs: 2000 };

async function withIngestor(
  opts: { token?: string; ingestorToken?: string; logger?: Logger; extra?: object } = {},
) {
  const dir = await tempDir(c);
  const recordings = path.join(dir, 'recordings');
  await mkdir(recordings);
  await writeFile(path.join(recordings, 'minute.jsonl'), minute);
  const ing = await ingestorStack(c, recordings, opts.ingestorToken ?? opts.token);
  const server = await bootServer(c, {
    source: { host: '127.0.0.1', port: ing.port },
    controlUrl: ing.controlUrl,
    recordingsDir: recordings,
    settings: SETTINGS,
    adminToken: opts.token,
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...opts.extra,
  });
  return { ...server, ...ing, recordings, dir };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or null for text, HTML or nothing. */
  body: Record<string, unknown> | null;
}

async function call(url: string, method: string, payload?: unknown, token?: string): Promise<Answer> {
  const init: RequestInit =
    payload !== undefined
      ? json(payload, token)
      : token
        ? { headers: { authorization: `Bearer ${token}` } }
        : {};
  const res = await fetch(url, { method, ...init });
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    // Prometheus text or HTML.
  }
  return { status: res.status, headers: res.headers, text, body };
}

function upload(name: string, data: string | Uint8Array, token?: string): RequestInit {
  const form = new FormData();
  form.append('file', new Blob([data]), name);
  return { method: 'POST', body: form, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) };
}

describe('DESIGN.md §6, path by path, with a real ingestor behind the server', () => {
  it('answers every path and event as written', async () => {
    const { url } = await withIngestor();
    const dash = dashboard(c, url);
    const snap = await nextEvent(dash, 'snapshot');
    expect(snap).toMatchObject({ settings: SETTINGS, latest: null, history: [], keywords: [] });

    expect((await call(`${url}/api/health`, 'GET')).body).toMatchObject({ status: 'ok' });
    expect((await call(`${url}/api/top`, 'GET')).status).toBe(404);
    expect((await call(`${url}/api/history`, 'GET')).body).toEqual([]);
    expect((await call(`${url}/api/settings`, 'GET')).body).toMatchObject(SETTINGS);
    expect((await call(`${url}/api/source`, 'GET')).body).toMatchObject({
      kind: 'tcp',
      address: expect.stringMatching(/^tcp:/),
    });
    expect((await call(`${url}/api/recordings`, 'GET')).body).toMatchObject({
      recordings: [{ name: 'minute.jsonl' }],
    });

    // Track keywords: applied by the ingestor, broadcast, read back; rule errors point into the keyword.
    const tracked = nextEvent(dash, 'track');
    const put = await call(`${url}/api/track`, 'PUT', { keywords: ['#ether OR #btc', 'ether lang:en'] });
    expect(put).toMatchObject({ status: 200, body: { keywords: ['#ether OR #btc', 'ether lang:en'] } });
    expect(await tracked).toEqual({ keywords: ['#ether OR #btc', 'ether lang:en'] });
    expect((await call(`${url}/api/track`, 'GET')).body).toEqual({
      keywords: ['#ether OR #btc', 'ether lang:en'],
    });
    const bad = await call(`${url}/api/track`, 'PUT', { keywords: ['ok', 'ether (btc'] });
    expect(bad.status).toBe(400);
    const rule = bad.body!.rule as RuleError;
    expect(rule).toEqual({
      index: 1,
      position: expect.any(Number),
      length: expect.any(Number),
      message: expect.any(String),
    });
    expect(rule.position).toBeGreaterThanOrEqual(0);
    expect(rule.position).toBeLessThanOrEqual('ether (btc'.length);
    for (const body of [{}, { keywords: [''] }, { keywords: [{}] }])
      expect((await call(`${url}/api/track`, 'PUT', body)).status, JSON.stringify(body)).toBe(400);
    const notJson = await fetch(`${url}/api/track`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"keywords": [',
    });
    expect(notJson.status).toBe(400);
    expect((await call(`${url}/api/track`, 'PUT', { keywords: [] })).status).toBe(200);

    // Replay: started by name, reported by the server's own source status (names, never paths).
    const replaying = nextEvent(dash, 'source', (s) => s.kind === 'replay');
    const firstBatch = nextEvent(dash, 'batch');
    const started = await call(`${url}/api/replay`, 'POST', { file: 'minute.jsonl', speed: 'max' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ kind: 'replay', replay: { files: ['minute.jsonl'], speed: 'max' } });
    expect(started.text).not.toContain(path.sep + 'recordings');
    await replaying;
    const batch = await firstBatch;
    expect(batch.rising).toEqual(expect.any(Array));
    expect(Date.parse(batch.emittedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // The replay runs to its end: the data slides out of the window, down to an empty one.
    const latest = (
      await eventually(
        () => call(`${url}/api/top`, 'GET'),
        (r) => (r.body as unknown as BatchResult).top.length === 0,
      )
    ).body as unknown as BatchResult;
    expect(latest.stats.tweets).toBe(0);
    const history = (await call(`${url}/api/history?limit=3`, 'GET')).body as unknown as BatchResult[];
    expect(history).toHaveLength(3);
    expect(history.at(-1)).toEqual(latest);
    expect(history.map((r) => r.seq)).toEqual([...history.map((r) => r.seq)].sort((a, b) => a - b));
    const all = (await call(`${url}/api/history?limit=200`, 'GET')).body as unknown as BatchResult[];
    const lastFull = all.findLast((r) => r.top.length > 0)!;
    const leader = lastFull.top[0]!;
    const detail = (await call(`${url}/api/tags/${encodeURIComponent(leader.display)}`, 'GET'))
      .body as unknown as TagDetail;
    // Its count is the latest window's (empty now); its series still holds what it had per batch.
    expect(detail).toMatchObject({ tag: leader.tag, display: leader.display, count: 0 });
    expect(detail.samples.length).toBeGreaterThan(0);
    expect(detail.samples[0]).toEqual({
      id: expect.any(String),
      text: expect.any(String),
      author: expect.toBeOneOf([expect.any(String), null]),
      time: expect.any(String),
      url: expect.stringMatching(/^https:\/\/x\.com\//),
    });
    expect(detail.series.at(-1)!.end).toBe(latest.window.end);
    const inWindow = detail.series.filter(
      (p) => p.start >= lastFull.window.start && p.end <= lastFull.window.end,
    );
    expect(inWindow).toHaveLength(3);
    expect(inWindow.reduce((n, p) => n + p.count, 0)).toBe(leader.count);
    const unknown = (await call(`${url}/api/tags/%23NeverSeen`, 'GET')).body as unknown as TagDetail;
    expect(unknown).toMatchObject({ tag: 'neverseen', display: '#NeverSeen', count: 0, samples: [] });

    for (const [action, expected] of [
      ['pause', { paused: true }],
      ['resume', { paused: false }],
    ] as const) {
      const r = await call(`${url}/api/replay/${action}`, 'POST');
      expect(r.status).toBe(200);
      expect((r.body as unknown as SourceStatus).replay).toMatchObject(expected);
    }
    expect((await call(`${url}/api/replay/speed`, 'POST', { speed: 50 })).body).toMatchObject({
      replay: { speed: 50 },
    });
    for (const body of [{ speed: -1 }, { speed: 'fast' }, {}])
      expect((await call(`${url}/api/replay/speed`, 'POST', body)).status).toBe(400);
    for (const body of [
      {},
      { file: '../etc/passwd' },
      { file: 'minute.jsonl', speed: 0 },
      { file: 'minute.jsonl', loop: 'yes' },
    ])
      expect((await call(`${url}/api/replay`, 'POST', body)).status, JSON.stringify(body)).toBe(400);
    const missing = await call(`${url}/api/replay`, 'POST', { file: 'missing.jsonl' });
    expect(missing.status).toBe(400);
    expect(missing.body!.message).toMatch(/missing\.jsonl/);
    expect(missing.text).not.toContain(path.sep + 'recordings' + path.sep);

    // Settings: applied live, broadcast, validated.
    const announced = nextEvent(dash, 'settings');
    expect((await call(`${url}/api/settings`, 'PUT', { topK: 3 })).body).toMatchObject({
      topK: 3,
      reset: false,
    });
    expect(await announced).toMatchObject({ topK: 3 });
    for (const body of [{ topK: 0 }, { windowMs: 3000 }, { retweets: 'no' }, { batchMs: 'x' }])
      expect((await call(`${url}/api/settings`, 'PUT', body)).status, JSON.stringify(body)).toBe(400);
    for (const q of ['limit=0', 'limit=abc', 'limit=100000'])
      expect((await call(`${url}/api/history?${q}`, 'GET')).status, q).toBe(400);
    expect(await call(`${url}/api/nothing-here`, 'GET')).toMatchObject({
      status: 404,
      body: { error: 'Not Found' },
    });
  });

  it('passes "no replay running" through, and says so when the ingestor refuses the server\'s token', async () => {
    const { url } = await withIngestor({ token: 'server-token-1234', ingestorToken: 'another-token-5678' });
    const r = await call(`${url}/api/replay/pause`, 'POST', undefined, 'server-token-1234');
    expect(r.status).toBe(502);
    expect(r.body!.message).toMatch(/TAGSTREAM_ADMIN_TOKEN/);
    expect(r.text).not.toMatch(/server-token|another-token/);

    const plain = await withIngestor();
    const none = await call(`${plain.url}/api/replay/pause`, 'POST');
    expect(none).toMatchObject({ status: 409, body: { message: expect.stringMatching(/no replay/) } });
  });

  it('answers 503 for source control without an ingestor, and 502 when the ingestor is gone', async () => {
    const dir = await tempDir(c);
    const src = await lineSource(c);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: dir,
    });
    expect((await call(`${url}/api/replay`, 'POST', { file: 'x.jsonl' })).status).toBe(503);
    expect((await call(`${url}/api/track`, 'GET')).body).toEqual({ keywords: [] });

    const gone = await bootServer(c, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: dir,
      controlUrl: 'http://127.0.0.1:1/',
    });
    const r = await call(`${gone.url}/api/track`, 'PUT', { keywords: ['a'] });
    expect(r.status).toBe(502);
    expect(r.body!.message).toMatch(/unreachable/);
    expect((await call(`${gone.url}/api/source`, 'GET')).body).toMatchObject({ kind: 'tcp' });
  });
});

describe('security', () => {
  it('needs the token for every change (401), keeps reads open, and never shows the token in a response or log', async () => {
    const token = `tok-${randomBytes(18).toString('hex')}`;
    const logs = capturingLogger('trace');
    const { url } = await withIngestor({ token, logger: logs.logger });
    const seen: string[] = [];
    const remember = (r: Answer): Answer => {
      seen.push(r.text, JSON.stringify([...r.headers]));
      return r;
    };
    const changes: [string, string, unknown][] = [
      ['PUT', '/api/track', { keywords: ['ether'] }],
      ['PUT', '/api/settings', { topK: 4 }],
      ['POST', '/api/replay', { file: 'minute.jsonl', speed: 'max' }],
      ['POST', '/api/replay/pause', undefined],
      ['POST', '/api/replay/resume', undefined],
      ['POST', '/api/replay/speed', { speed: 5 }],
    ];
    for (const [method, p, body] of changes) {
      const none = remember(await call(url + p, method, body));
      expect(none.status, `${method} ${p}`).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(remember(await call(url + p, method, body, token.slice(0, -1) + 'x')).status).toBe(401);
      expect(remember(await call(url + p, method, body, token)).status, `${method} ${p} with token`).toBe(
        200,
      );
    }
    const up = await fetch(`${url}/api/recordings`, upload('u.jsonl', '{"id":"1","text":"#a"}\n'));
    expect(up.status).toBe(401);
    const upOk = await fetch(`${url}/api/recordings`, upload('u.jsonl', '{"id":"1","text":"#a"}\n', token));
    expect(upOk.status).toBe(201);
    seen.push(await upOk.text());
    for (const p of [
      '/api/health',
      '/api/settings',
      '/api/source',
      '/api/track',
      '/api/recordings',
      '/api/history',
      '/docs/json',
      '/metrics',
    ])
      expect(remember(await call(url + p, 'GET')).status, p).toBe(200);
    for (const text of [...seen, logs.text()]) expect(text).not.toContain(token);
    expect(logs.text().length).toBeGreaterThan(0);
  });

  it('answers 413 past the upload limit and the JSON body limit, and 429 past the rate limit', async () => {
    const token = 'rate-limit-token';
    const { url } = await withIngestor({
      token,
      extra: { uploadLimitBytes: 10_000, changeRateLimit: { max: 4, timeWindowMs: 60_000 } },
    });
    const big = '{"id":"1","text":"#a"}\n'.repeat(1000);
    const tooBig = await fetch(`${url}/api/recordings`, upload('big.jsonl', big, token));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.stringMatching(/upload limit/),
    });
    const huge = await call(`${url}/api/track`, 'PUT', { keywords: ['x'.repeat(300_000)] }, token);
    expect(huge.status).toBe(413);
    // One budget across every changing route, for requests that pass the token check: the upload above
    // used one (the body over the JSON limit was refused before it), wrong tokens use none, and the
    // fifth change from this address in the minute is a 429.
    expect((await call(`${url}/api/settings`, 'PUT', { topK: 5 }, token)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await call(`${url}/api/replay/pause`, 'POST', undefined, 'guess')).status).toBe(401);
    expect((await call(`${url}/api/settings`, 'PUT', { topK: 5 }, token)).status).toBe(200);
    expect((await call(`${url}/api/replay/resume`, 'POST', undefined, token)).status).toBe(409);
    const limited = await call(`${url}/api/settings`, 'PUT', { topK: 5 }, token);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call(`${url}/api/settings`, 'GET')).status).toBe(200);
  });

  it('sets a Content-Security-Policy the built dashboard satisfies, and other security headers', async () => {
    const dir = await tempDir(c);
    const dist = path.join(dir, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    const real = await readFile(
      path.resolve(import.meta.dirname, '../../apps/web/dist/index.html'),
      'utf8',
    ).catch(() => null);
    const index =
      real ??
      '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-x.js"></script><link rel="stylesheet" href="/assets/index-x.css"></head><body><div id="root"></div></body></html>';
    await writeFile(path.join(dist, 'index.html'), index);
    const src = await lineSource(c);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: dir,
      webDist: dist,
    });

    const page = await fetch(`${url}/some/dashboard/route`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(index);
    const csp = page.headers.get('content-security-policy')!;
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('strict-transport-security')).toBeNull();

    // The page satisfies script-src 'self': every script (and module preload) is a same-origin file, none inline,
    // and no inline event handler (script-src-attr) or inline style element needs more than style-src allows.
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim()).toBe('');
      expect(attrs).toMatch(/\ssrc="\/[^/]/);
    }
    for (const [, href] of index.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)) expect(href).toMatch(/^\/[^/]/);
    expect(index).not.toMatch(/\son[a-z]+=/i);
    expect(CSP_DIRECTIVES.scriptSrc).toEqual(["'self'"]);

    const api = await fetch(`${url}/api/health`);
    expect(api.headers.get('content-security-policy')).toBe(csp);
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404);
  });

  it('answers 5xx with a generic message and logs the real error', async () => {
    const logs = capturingLogger('info');
    const dir = await tempDir(c);
    const src = await lineSource(c);
    const core = new LiveCore({
      source: { host: '127.0.0.1', port: src.port },
      settings: { ...SETTINGS, topK: 10, retweets: true, related: 5 },
      clock: systemClock,
      logger: logs.logger,
    });
    const app = Fastify({ loggerInstance: logs.logger });
    await app.register(async (inst) => {
      await tagstreamApp(inst, {
        core,
        control: null,
        allowedOrigins: [],
        webDist: null,
        recordingsDir: dir,
        uploadLimitBytes: 1000,
        uploadExpandedLimitBytes: 1000,
        broadcastIntervalMs: 0,
        changeRateLimit: { max: 10, timeWindowMs: 60_000 },
      });
      inst.get('/api/boom', async () => {
        throw new Error('database password is hunter2 at /srv/secret');
      });
    });
    c.add(() => app.close());
    const res = await app.inject('/api/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'something went wrong on the server',
    });
    expect(res.body).not.toMatch(/hunter2|srv/);
    expect(logs.text()).toMatch(/hunter2/);
  });

  it('keeps answering health and metrics when it sheds load with 503', async () => {
    const dir = await tempDir(c);
    const src = await lineSource(c);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: dir,
      // A failing health check puts under-pressure in its "overloaded" state, as a stuck event loop would.
      underPressure: { healthCheck: async () => false, healthCheckInterval: 20 },
    });
    const shed = await eventually(
      () => call(`${url}/api/settings`, 'GET'),
      (r) => r.status !== 200,
    );
    expect(shed).toMatchObject({
      status: 503,
      body: { message: 'the server is overloaded; try again shortly' },
    });
    expect(shed.headers.get('retry-after')).toBe('5');
    const started = performance.now();
    expect((await call(`${url}/api/health`, 'GET')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/tagstream_/);
  });
});

describe('OpenAPI', () => {
  it('serves the documentation at /docs with every path of DESIGN.md §6', async () => {
    const dir = await tempDir(c);
    const src = await lineSource(c);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: dir,
    });
    const ui = await fetch(`${url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
    const spec = (await (await fetch(`${url}/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(spec.openapi).toMatch(/^3\./);
    const paths = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'GET /api/top',
        'GET /api/history',
        'GET /api/track',
        'PUT /api/track',
        'GET /api/source',
        'GET /api/recordings',
        'POST /api/recordings',
        'POST /api/replay',
        'POST /api/replay/pause',
        'POST /api/replay/resume',
        'POST /api/replay/speed',
        'GET /api/tags/{tag}',
        'GET /api/settings',
        'PUT /api/settings',
      ]),
    );
    const settings = (await (await fetch(`${url}/api/settings`)).json()) as Settings;
    expect(settings.topK).toBe(10);
  });
});
