import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../server.ts';
import { bootServer, Cleanup, lineSource, rawRequest, tempDir } from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

const TOKEN = 'same-origin-test-token';
const TWEET = '{"id":"1","created_at":"2026-11-22T10:00:00.000Z","text":"hello #Ether"}\n';

/** A server on loopback, without a token unless given: the default mode, and the demo's. */
async function server(extra: Partial<ServerConfig> = {}) {
  const dir = await tempDir(c);
  const recordings = path.join(dir, 'recordings');
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: recordings,
    ...extra,
  });
  const host = new URL(url).host;
  const topK = async () => ((await (await fetch(`${url}/api/settings`)).json()) as { topK: number }).topK;
  const stored = async () =>
    (await readdir(recordings).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  return { url, host, topK, stored };
}

/** A multipart body as a browser's form or FormData sends it. */
function multipart(name: string, data: string): { body: string; type: string } {
  const boundary = '----tagstreamBoundary7MA4YWxkTrZu0gW';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n${data}\r\n--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe('same-origin writes, on a loopback server without a token', () => {
  it('refuses what any page on the web could send through the user’s browser: JSON, text/plain, multipart', async () => {
    const { url, host, topK, stored } = await server();
    const evil = { host, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const json = await rawRequest(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: { ...evil, 'content-type': 'application/json' },
      body: '{"topK":3}',
    });
    expect(json.status).toBe(403);
    expect(json.json()).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
      message:
        'the page at https://evil.example may not change this server (a cross-site request); if that page is yours, start the server with --origin https://evil.example',
    });
    // A "simple" request, which a page may send without asking first.
    const text = await rawRequest(url, {
      method: 'POST',
      path: '/api/replay/pause',
      headers: { ...evil, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(403);
    const form = multipart('planted.jsonl', TWEET);
    const upload = await rawRequest(url, {
      method: 'POST',
      path: '/api/recordings',
      headers: { ...evil, 'content-type': form.type },
      body: form.body,
    });
    expect(upload.status).toBe(403);
    expect(await topK()).toBe(10);
    expect(await stored()).toEqual([]);
  });

  it('refuses an Origin of null and a cross-site request that hides its Origin', async () => {
    const { url, host, topK } = await server();
    const hidden: Record<string, string>[] = [
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of hidden) {
      const r = await rawRequest(url, {
        method: 'PUT',
        path: '/api/settings',
        headers: { host, 'content-type': 'application/json', ...headers },
        body: '{"topK":3}',
      });
      expect(r.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await topK()).toBe(10);
  });

  it('takes changes from its own page, under any of its names, and from clients that send no Origin', async () => {
    const { url, host, topK, stored } = await server();
    const port = new URL(url).port;
    let k = 1;
    const pages: Record<string, string>[] = [
      { origin: url, 'sec-fetch-site': 'same-origin' },
      { host: `localhost:${port}`, origin: `http://localhost:${port}` },
      { origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of pages) {
      const r = await rawRequest(url, {
        method: 'PUT',
        path: '/api/settings',
        headers: { host, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ topK: ++k }),
      });
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(await topK()).toBe(k);
    }
    const form = multipart('mine.jsonl', TWEET);
    const upload = await rawRequest(url, {
      method: 'POST',
      path: '/api/recordings',
      headers: { host, origin: url, 'content-type': form.type },
      body: form.body,
    });
    expect(upload.status).toBe(201);
    expect(await stored()).toEqual(['mine.jsonl']);
  });

  it('takes changes from a page at a configured --origin', async () => {
    const { url, host, topK } = await server({ allowedOrigins: ['https://dash.example.com'] });
    const r = await rawRequest(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: { host, origin: 'https://dash.example.com', 'content-type': 'application/json' },
      body: '{"topK":4}',
    });
    expect(r.status).toBe(200);
    expect(await topK()).toBe(4);
  });
});

describe('same-origin writes, with a token', () => {
  it('refuses a cross-site change even when it carries the right token', async () => {
    const { url, host, topK } = await server({ adminToken: TOKEN });
    const base = { host, 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    const cross = await rawRequest(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: { ...base, origin: 'https://evil.example' },
      body: '{"topK":3}',
    });
    expect(cross.status).toBe(403);
    expect(await topK()).toBe(10);
    const own = await rawRequest(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: { ...base, origin: url },
      body: '{"topK":3}',
    });
    expect(own.status).toBe(200);
  });
});
