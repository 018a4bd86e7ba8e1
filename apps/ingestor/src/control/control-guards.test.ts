import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Ingestor } from '../ingestor.ts';
import { buildControlApi, type ControlApiOptions } from './control-api.ts';

const ADMIN = 'control-admin-token-7Hq2';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-control-guards-'));
  await writeFile(
    path.join(dir, 'small.jsonl'),
    '{"id":"1","created_at":"2026-11-22T10:00:00.000Z","text":"#a"}\n{"id":"2","created_at":"2026-11-22T10:00:01.000Z","text":"#b"}\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** The control API listening on a free port, as the ingestor command runs it. */
async function control(opts: Partial<ControlApiOptions> = {}): Promise<string> {
  const logger = pino({ level: 'silent' });
  const ingestor = new Ingestor({ host: '127.0.0.1', port: 0, format: 'json', logger });
  await ingestor.listen();
  open.push(ingestor);
  const app = buildControlApi({ ingestor, recordingsDir: dir, logger, ...opts });
  open.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A request with exactly these headers (a browser's, a script's), over a real connection. */
function request(
  base: string,
  method: string,
  p: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method,
        path: p,
        headers: {
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('control API guards', () => {
  it('answers programs, never browsers: a page on the web or a DNS-rebinding page gets 403, reads included', async () => {
    const base = await control();
    const { port } = new URL(base);
    const browsers: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      // A rebinding page is same-origin with itself, and browsers still say so.
      { host: `rebind.evil.example:${port}`, 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of browsers) {
      const read = await request(base, 'GET', '/status', headers);
      expect(read.status, JSON.stringify(headers)).toBe(403);
      expect(read.body.message).toMatch(/not browsers/);
      const write = await request(
        base,
        'POST',
        '/replay/pause',
        { ...headers, 'content-type': 'text/plain' },
        '{}',
      );
      expect(write.status).toBe(403);
    }
    // The server's own client (Node's fetch) sends neither header.
    expect((await fetch(`${base}/status`)).status).toBe(200);
  });

  it('takes JSON bodies only, and validates them as written', async () => {
    const base = await control();
    const plain = await request(
      base,
      'PUT',
      '/track',
      { 'content-type': 'text/plain' },
      '{"keywords":["x"]}',
    );
    expect(plain).toMatchObject({
      status: 415,
      body: { message: 'this request takes application/json, not text/plain' },
    });
    expect((await request(base, 'PUT', '/track', {}, '{"keywords":["x"]}')).status).toBe(415);
    expect((await request(base, 'PUT', '/track', JSON_TYPE, '{"keywords":"ether"}')).status).toBe(400);
    expect((await request(base, 'PUT', '/track', JSON_TYPE, '{"keywords":[1]}')).status).toBe(400);
    expect((await request(base, 'PUT', '/track', JSON_TYPE, '{"keywords":[],"extra":1}')).status).toBe(400);
    expect((await request(base, 'POST', '/replay/seek', JSON_TYPE, '{"position":"1"}')).status).toBe(400);
    expect((await request(base, 'GET', '/track')).body).toEqual({ keywords: [] });
    // No body, no type: fine (409: no replay is running).
    expect((await request(base, 'POST', '/replay/pause')).status).toBe(409);
  });

  it('throttles sixty wrong-token guesses (429), while the right token still gets through', async () => {
    const base = await control({ adminToken: ADMIN, failedAuth: { firstDelayMs: 1, maxDelayMs: 4 } });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await request(
        base,
        'PUT',
        '/track',
        { ...JSON_TYPE, authorization: `Bearer guess-${i}` },
        '{"keywords":["x"]}',
      );
      statuses.push(r.status);
      if (r.status === 429) expect(r.headers['retry-after']).toMatch(/^\d+$/);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(50).fill(429)]);
    const admin = await request(
      base,
      'PUT',
      '/track',
      { ...JSON_TYPE, authorization: `Bearer ${ADMIN}` },
      '{"keywords":["x"]}',
    );
    expect(admin).toMatchObject({ status: 200, body: { keywords: ['x'] } });
  });

  it('limits requests per address, after the token: wrong tokens do not spend the budget', async () => {
    const base = await control({ adminToken: ADMIN, rateLimit: { max: 3, timeWindowMs: 60_000 } });
    for (let i = 0; i < 5; i++)
      expect((await request(base, 'POST', '/replay/pause', { authorization: 'Bearer wrong' })).status).toBe(
        401,
      );
    for (let i = 0; i < 3; i++) expect((await request(base, 'GET', '/status')).status).toBe(200);
    const limited = await request(base, 'GET', '/status');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('names the replay’s files in every answer, never their paths on this host', async () => {
    const base = await control();
    const started = await request(base, 'POST', '/replay', JSON_TYPE, '{"file":"small.jsonl","speed":1}');
    expect(started.status).toBe(200);
    for (const answer of [
      started,
      await request(base, 'GET', '/status'),
      await request(base, 'POST', '/replay/pause'),
    ]) {
      expect(answer.body).toMatchObject({ replay: { files: ['small.jsonl'] } });
      expect(JSON.stringify(answer.body)).not.toContain(dir);
    }
  });
});
