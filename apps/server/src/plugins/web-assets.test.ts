import { get } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, lineSource, tempDir } from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

/** A GET as a browser sends it, read raw: no client-side decompression hides what crossed the wire. */
function fetchRaw(url: string, acceptEncoding: string | null) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const headers = acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding };
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function serveDist() {
  const dir = await tempDir(c);
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  const script = `export const chart = ${JSON.stringify('bars and labels '.repeat(400))};\n`;
  const file = path.join(dist, 'assets', 'index-abc.js');
  await writeFile(file, script);
  await writeFile(`${file}.br`, brotliCompressSync(script));
  await writeFile(`${file}.gz`, gzipSync(script));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: dir,
    webDist: dist,
  });
  return { url, script, br: brotliCompressSync(script), gz: gzipSync(script) };
}

describe('the dashboard files on the wire', () => {
  it('sends the build-time brotli or gzip copy the browser accepts, and the file itself to one that accepts neither', async () => {
    const { url, script, br: brFile, gz: gzFile } = await serveDist();
    const br = await fetchRaw(`${url}/assets/index-abc.js`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    // The very bytes written at build time, not a compression made for this request.
    expect(br.body.equals(brFile)).toBe(true);
    expect(br.body.length).toBeLessThan(script.length / 10);

    const gz = await fetchRaw(`${url}/assets/index-abc.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    expect(gz.body.equals(gzFile)).toBe(true);

    const plain = await fetchRaw(`${url}/assets/index-abc.js`, null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('never serves the compressed copies under their own names : such a path gets the dashboard, as any unknown one does', async () => {
    const { url } = await serveDist();
    const direct = await fetchRaw(`${url}/assets/index-abc.js.br`, null);
    expect(direct.headers['content-type']).toMatch(/^text\/html/);
    expect(direct.body.toString()).toBe('<!doctype html><div id="root"></div>');
  });

  it('compresses API responses for clients that accept it', async () => {
    const { url } = await serveDist();
    const plain = await fetchRaw(`${url}/docs/json`, null);
    const br = await fetchRaw(`${url}/docs/json`, 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const gz = await fetchRaw(`${url}/docs/json`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString())).toMatchObject({ openapi: expect.any(String) });
  });
});
