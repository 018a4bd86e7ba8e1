import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ManualClock } from '@tagstream/time';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Ingestor, type IngestorStatus, type LiveControl } from '../ingestor.ts';
import { buildControlApi, type ControlApiOptions } from './control-api.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const ADMIN = 'admin-token-Zq8vW3xK';
let dir: string;

/** A wall clock that never moves: a paced replay sends what is due at once and then waits until poked. */
const frozen = new ManualClock(0);

function jsonl(texts: string[]): string {
  return texts
    .map((text, i) =>
      JSON.stringify({ id: String(100 + i), created_at: new Date(T0 + i * 1000).toISOString(), text }),
    )
    .join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-control-'));
  await writeFile(path.join(dir, 'small.jsonl'), jsonl(['#a ether', '#b', '#c ether', '#d', '#e ether']));
  await writeFile(path.join(dir, 'also.csv.gz'), gzipSync('text\n#csv\n'));
  await writeFile(path.join(dir, 'notes.md'), 'not a recording');
  await writeFile(path.join(dir, '.hidden.jsonl'), jsonl(['#hidden']));
  await writeFile(path.join(dir, 'empty.jsonl'), '');
  await mkdir(path.join(dir, 'folder.jsonl'));
  await symlink(path.join(dir, 'missing-target.jsonl'), path.join(dir, 'dangling.jsonl'));
  const gz = gzipSync(jsonl(Array.from({ length: 200 }, (_, i) => `#t${i} some padding text`)));
  await writeFile(path.join(dir, 'broken.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setup(adminToken?: string, guards: Pick<ControlApiOptions, 'failedAuth' | 'rateLimit'> = {}) {
  const ingestor = new Ingestor({
    host: '127.0.0.1',
    port: 0,
    format: 'json',
    logger: pino({ level: 'silent' }),
    clock: frozen,
  });
  await ingestor.listen();
  open.push(ingestor);
  const app = buildControlApi({
    ingestor,
    recordingsDir: dir,
    adminToken,
    logger: pino({ level: 'silent' }),
    ...guards,
  });
  open.push(app);
  const headers: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {};
  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) => {
    const r = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: r.statusCode, body: r.json<Record<string, unknown>>(), raw: r.body };
  };
  return { ingestor, app, call };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('control API', () => {
  it('reports status', async () => {
    const { call } = await setup();
    const r = await call('GET', '/status');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      kind: 'idle',
      format: 'json',
      consumers: 0,
      keywords: [],
      live: null,
      replay: null,
    });
    expect(r.body.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gets and sets track keywords; a bad rule is a 400 saying where', async () => {
    const { call } = await setup();
    expect((await call('PUT', '/track', { keywords: ['ether', '#btc OR "proof of stake"'] })).body).toEqual({
      keywords: ['ether', '#btc OR "proof of stake"'],
    });
    expect((await call('GET', '/track')).body).toEqual({ keywords: ['ether', '#btc OR "proof of stake"'] });
    const bad = await call('PUT', '/track', { keywords: ['ether', 'ok (unclosed'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      statusCode: 400,
      rule: {
        index: 1,
        position: expect.any(Number),
        length: expect.any(Number),
        message: expect.any(String),
      },
    });
    const rule = bad.body.rule as { position: number; message: string };
    expect(rule.position).toBeGreaterThanOrEqual(3);
    expect(bad.body.message).toBe(rule.message);
    // The old keywords stay.
    expect((await call('GET', '/track')).body).toEqual({ keywords: ['ether', '#btc OR "proof of stake"'] });
    expect((await call('PUT', '/track', { keywords: [''] })).status).toBe(400);
    expect((await call('PUT', '/track', {})).status).toBe(400);
  });

  it('lists only regular recording files with a known extension', async () => {
    const { call } = await setup();
    const r = await call('GET', '/recordings');
    expect(r.status).toBe(200);
    const names = (r.body.recordings as { name: string; bytes: number; modified: string }[]).map(
      (e) => e.name,
    );
    expect(names).toEqual(['also.csv.gz', 'broken.jsonl.gz', 'empty.jsonl', 'small.jsonl']);
    const small = (r.body.recordings as { name: string; bytes: number; modified: string }[]).find(
      (e) => e.name === 'small.jsonl',
    )!;
    expect(small.bytes).toBeGreaterThan(100);
    expect(Date.parse(small.modified)).not.toBeNaN();
  });

  it.each([
    ['../small.jsonl', /not a recording name/],
    ['/etc/passwd.jsonl', /not a recording name/],
    ['sub/small.jsonl', /not a recording name/],
    ['.hidden.jsonl', /not a recording name/],
    ['notes.md', /not a recording name/],
    ['missing.jsonl', /^missing\.jsonl: no such recording file$/],
    ['folder.jsonl', /^folder\.jsonl: is a directory/],
    ['dangling.jsonl', /^dangling\.jsonl: no such recording file$/],
    ['broken.jsonl.gz', /^broken\.jsonl\.gz: gzip data ends early \(the file is truncated\) after \d+ lines/],
    ['empty.jsonl', /^nothing to replay \(empty\.jsonl: empty\)$/],
  ])('refuses to replay %j with a 400 naming the problem', async (file, message) => {
    const { call } = await setup();
    const r = await call('POST', '/replay', { file });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(message);
    // The server's folder is not given away.
    if (!file.startsWith('/')) expect(r.raw).not.toContain(dir);
    expect((await call('GET', '/status')).body.replay).toBeNull();
  });

  it('refuses a bad replay body', async () => {
    const { call } = await setup();
    expect((await call('POST', '/replay', {})).status).toBe(400);
    expect((await call('POST', '/replay', { file: 'small.jsonl', speed: 0 })).status).toBe(400);
    expect((await call('POST', '/replay', { file: 'small.jsonl', speed: 'fast' })).status).toBe(400);
  });

  it.each(['pause', 'resume', 'speed', 'seek'])('POST /replay/%s is a 409 with no replay', async (action) => {
    const { call } = await setup();
    const body = action === 'speed' ? { speed: 2 } : action === 'seek' ? { position: 1 } : {};
    const r = await call('POST', `/replay/${action}`, body);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe('no replay is running');
  });

  it('starts, pauses, resumes, changes speed and seeks a replay; status shows position and tweet time', async () => {
    const { call } = await setup();
    const started = await call('POST', '/replay', { file: 'small.jsonl', speed: 1 });
    expect(started.status).toBe(200);
    await tick();
    let s = (await call('GET', '/status')).body as unknown as IngestorStatus;
    expect(s.kind).toBe('replay');
    expect(s.replay).toMatchObject({
      // Names, as the server's API shows them: the host's folders are not the caller's business.
      files: ['small.jsonl'],
      position: 1,
      total: 5,
      speed: 1,
      paused: false,
      tweetTime: T0,
      tweetTimeIso: '2026-11-22T10:00:00.000Z',
      sent: 1,
      done: false,
    });

    s = (await call('POST', '/replay/pause')).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ paused: true, position: 1 });
    s = (await call('POST', '/replay/resume')).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ paused: false });
    s = (await call('POST', '/replay/speed', { speed: 20 })).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ speed: 20 });
    expect((await call('POST', '/replay/speed', { speed: -1 })).status).toBe(400);

    s = (await call('POST', '/replay/seek', { position: 3 })).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ position: 3, tweetTime: T0 + 3000 });
    await tick();
    s = (await call('GET', '/status')).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({
      position: 4,
      sent: 2,
      tweetTime: T0 + 3000,
      tweetTimeIso: '2026-11-22T10:00:03.000Z',
    });
    expect((await call('POST', '/replay/seek', { position: -1 })).status).toBe(400);

    s = (await call('POST', '/replay/speed', { speed: 'max' })).body as unknown as IngestorStatus;
    await tick();
    s = (await call('GET', '/status')).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ speed: 'max', position: 5, sent: 3, done: true, tweetTime: T0 + 4000 });
  });

  it('filters a replay by the track keywords', async () => {
    const { call, ingestor } = await setup();
    await call('PUT', '/track', { keywords: ['ether'] });
    await call('POST', '/replay', { file: 'small.jsonl', speed: 'max' });
    // A max-speed replay waits for a reader; a plain TCP consumer is one.
    const net = await import('node:net');
    const { port } = ingestor.lines.address();
    const socket = net.connect({ host: '127.0.0.1', port });
    open.push({ close: async () => void socket.destroy() });
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    await ingestor.replayOutcome();
    const s = (await call('GET', '/status')).body as unknown as IngestorStatus;
    expect(s.replay).toMatchObject({ sent: 3, filtered: 2, done: true });
    while (!text.includes('#e ether')) await new Promise((r) => socket.once('data', r));
    const tweets = text.split('\n').filter((l) => l.startsWith('{"id"'));
    expect(tweets.map((l) => (JSON.parse(l) as { text: string }).text)).toEqual([
      '#a ether',
      '#c ether',
      '#e ether',
    ]);
  });

  it('while live: track changes go to the live source; X refusing a rule is a 400, X failing a 502; no replay', async () => {
    const { call, ingestor } = await setup();
    const calls: string[][] = [];
    let fail: Error | null = null;
    const live: LiveControl = {
      setKeywords: async (k) => {
        calls.push(k);
        if (fail) throw fail;
      },
      status: () => ({ state: 'connected', tweets: 0, reconnects: 0, rules: [] }),
      close: async () => undefined,
    };
    ingestor.attachLive(live);
    expect((await call('PUT', '/track', { keywords: ['ether'] })).status).toBe(200);
    expect(calls).toEqual([['ether']]);
    fail = Object.assign(new Error('X refused: invalid rule'), { name: 'RuleSyncError' });
    const refused = await call('PUT', '/track', { keywords: ['bitcoin'] });
    expect(refused).toMatchObject({ status: 400, body: { message: 'X refused: invalid rule' } });
    fail = new Error('could not update the stream rules: ECONNRESET');
    expect((await call('PUT', '/track', { keywords: ['bitcoin'] })).status).toBe(502);
    expect((await call('GET', '/track')).body).toEqual({ keywords: ['ether'] });
    const s = (await call('GET', '/status')).body;
    expect(s).toMatchObject({ kind: 'live', live: { state: 'connected' } });
    expect((await call('POST', '/replay', { file: 'small.jsonl' })).status).toBe(409);
  });
});

describe('control API with an admin token', () => {
  const changes: [string, string, object][] = [
    ['PUT', '/track', { keywords: ['ether'] }],
    ['POST', '/replay', { file: 'small.jsonl', speed: 1 }],
    ['POST', '/replay/pause', {}],
    ['POST', '/replay/resume', {}],
    ['POST', '/replay/speed', { speed: 2 }],
    ['POST', '/replay/seek', { position: 1 }],
  ];

  it('refuses changes without the token or with a wrong one; reads stay open; never echoes it', async () => {
    // Every wrong token answered at once here (the throttle has tests of its own below).
    const { app } = await setup(ADMIN, { failedAuth: { freeFailures: 100 } });
    const bodies: string[] = [];
    const inject = async (
      method: string,
      url: string,
      payload: object | undefined,
      authorization?: string,
    ) => {
      const r = await app.inject({
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload }),
        headers: authorization === undefined ? {} : { authorization },
      });
      bodies.push(r.body, JSON.stringify(r.headers));
      return r;
    };
    for (const [method, url, payload] of changes) {
      for (const authorization of [
        undefined,
        `Bearer ${ADMIN}x`,
        `Bearer ${ADMIN.slice(0, -1)}`,
        `Basic ${ADMIN}`,
        ADMIN,
      ]) {
        const r = await inject(method, url, payload, authorization);
        expect(r.statusCode, `${method} ${url} with ${String(authorization)}`).toBe(401);
        expect(r.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    }
    for (const url of ['/status', '/track', '/recordings']) {
      expect((await inject('GET', url, undefined)).statusCode).toBe(200);
    }
    // Nothing changed.
    expect((await inject('GET', '/track', undefined)).json()).toEqual({ keywords: [] });
    // With the token, every change goes through.
    for (const [method, url, payload] of changes) {
      const r = await inject(method, url, payload, `Bearer ${ADMIN}`);
      expect(r.statusCode, `${method} ${url}`).toBe(200);
    }
    for (const body of bodies) expect(body).not.toContain(ADMIN);
  });
});
