import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../server.ts';
import { bootServer, Cleanup, lineSource, rawRequest, tempDir } from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

/** A server on loopback without a token (the default and the demo), with a dashboard build to serve. */
async function server(extra: Partial<ServerConfig> = {}) {
  const dir = await tempDir(c);
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc.js'), 'export const x = 1;\n');
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: path.join(dir, 'recordings'),
    webDist: dist,
    ...extra,
  });
  return { url, port: new URL(url).port };
}

const READS = [
  '/api/settings',
  '/api/health',
  '/api/recordings',
  '/metrics',
  '/docs',
  '/',
  '/index.html',
  '/assets/index-abc.js',
  '/some/dashboard/route',
  '/api/nothing-here',
];

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses every path, read or write, for a name the server does not answer to, with 421 naming it', async () => {
    const { url, port } = await server();
    // A rebinding page: its own name in Host, and (for writes) its own origin.
    const host = `rebind.evil.example:${port}`;
    for (const p of READS) {
      const r = await rawRequest(url, { path: p, headers: { host } });
      expect(r.status, p).toBe(421);
      expect(r.json(), p).toMatchObject({
        statusCode: 421,
        error: 'Misdirected Request',
        message: expect.stringContaining('"rebind.evil.example"'),
      });
      expect(r.text).not.toContain('root');
    }
    const write = await rawRequest(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      body: '{"topK":3}',
    });
    expect(write.status).toBe(421);
    expect((await (await fetch(`${url}/api/settings`)).json()) as object).toMatchObject({ topK: 10 });
  });

  it('answers its own names: loopback addresses, localhost, IP literals', async () => {
    const { url, port } = await server();
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LocalHost:${port}`,
      `[::1]:${port}`,
      `dash.localhost:${port}`,
      // A port mapping or a NAT in front: an IP literal cannot be rebound.
      `192.0.2.10:8080`,
    ]) {
      for (const p of ['/api/settings', '/', '/assets/index-abc.js'])
        expect((await rawRequest(url, { path: p, headers: { host } })).status, `${host}${p}`).toBe(200);
    }
  });

  it('answers the names given with --allowed-host, exactly or by domain', async () => {
    const { url } = await server({ allowedHosts: ['dash.example.com', '.tagstream.test'] });
    for (const [host, status] of [
      ['dash.example.com', 200],
      ['eu.tagstream.test', 200],
      ['example.com', 421],
      ['evil-tagstream.test', 421],
    ] as const)
      expect((await rawRequest(url, { path: '/api/settings', headers: { host } })).status, host).toBe(status);
  });

  it('refuses to start with a configured name or origin that cannot be one', async () => {
    const src = await lineSource(c);
    const base = { source: { host: '127.0.0.1', port: src.port }, recordingsDir: await tempDir(c) };
    await expect(bootServer(c, { ...base, allowedHosts: ['https://dash.example.com'] })).rejects.toThrow(
      /not a host name: "https:\/\/dash\.example\.com"/,
    );
    await expect(bootServer(c, { ...base, allowedOrigins: ['dash.example.com'] })).rejects.toThrow(
      /not an origin/,
    );
  });
});
