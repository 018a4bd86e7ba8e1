import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../server.ts';
import {
  bootServer,
  Cleanup,
  dashboard,
  lineSource,
  nextEvent,
  rawRequest,
  tempDir,
} from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

async function server(extra: Partial<ServerConfig> = {}) {
  const dir = await tempDir(c);
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: path.join(dir, 'recordings'),
    ...extra,
  });
  return { url, port: new URL(url).port };
}

/** socket.io's first request on the polling transport, with the headers given. */
const pollingHandshake = (url: string, headers: Record<string, string>) =>
  rawRequest(url, { path: '/socket.io/?EIO=4&transport=polling', headers });

/**
 * A WebSocket handshake (engine.io's websocket-only connect) with the headers given, read raw:
 * the answer's status line, and its body when the server refuses.
 */
function websocketHandshake(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname,
      port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, text: '' });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('socket.io handshake: the same allow-list as the REST API', () => {
  it('lets in the dashboard’s own page and clients without an Origin', async () => {
    const { url, port } = await server();
    await nextEvent(dashboard(c, url, url), 'snapshot');
    await nextEvent(dashboard(c, url, `http://localhost:${port}`), 'snapshot');
    await nextEvent(dashboard(c, url), 'snapshot');
    const polling = await pollingHandshake(url, {
      host: `127.0.0.1:${port}`,
      origin: `http://127.0.0.1:${port}`,
    });
    expect(polling.status).toBe(200);
    expect(polling.text).toMatch(/^0\{"sid":/);
    expect(
      (await websocketHandshake(url, { host: `localhost:${port}`, origin: `http://localhost:${port}` }))
        .status,
    ).toBe(101);
  });

  it('refuses a foreign page, and a page without an origin', async () => {
    const { url, port } = await server();
    const foreign = dashboard(c, url, 'http://evil.example');
    const err = await new Promise<Error>((resolve) => foreign.once('connect_error', resolve));
    expect(err.message).toMatch(/websocket error|origin/i);
    for (const origin of ['http://evil.example', 'null', `http://localhost:${Number(port) + 1}`]) {
      const r = await pollingHandshake(url, { host: `127.0.0.1:${port}`, origin });
      expect(r.status, origin).toBe(403);
      expect(r.json(), origin).toEqual({ code: 4, message: `origin not allowed: ${origin}` });
      expect((await websocketHandshake(url, { host: `127.0.0.1:${port}`, origin })).status, origin).toBe(400);
    }
  });

  it('refuses a DNS-rebinding handshake, whose Host and Origin are the same foreign name, on both transports', async () => {
    const { url, port } = await server();
    const host = `rebind.evil.example:${port}`;
    const headers = { host, origin: `http://${host}` };
    const polling = await pollingHandshake(url, headers);
    expect(polling.status).toBe(403);
    expect(polling.json<{ message: string }>().message).toMatch(
      /does not answer to the name "rebind\.evil\.example" \(a guard against DNS rebinding\)/,
    );
    const ws = await websocketHandshake(url, headers);
    expect(ws.status).toBe(400);
    expect(ws.text).toMatch(/DNS rebinding/);
    // Without an Origin too: the Host alone decides.
    expect((await pollingHandshake(url, { host })).status).toBe(403);
  });

  it('lets in a page at a configured origin, with CORS for its polling requests', async () => {
    const { url, port } = await server({ allowedOrigins: ['https://dash.example.com'] });
    const r = await pollingHandshake(url, { host: `127.0.0.1:${port}`, origin: 'https://dash.example.com' });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    await nextEvent(dashboard(c, url, 'https://dash.example.com'), 'snapshot');
  });
});
