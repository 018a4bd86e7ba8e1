import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, tempDir } from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

const JSONL = '{"id":"1","created_at":"2026-11-22T10:00:00.000Z","text":"hello #Ether"}\n'.repeat(20);

async function send(url: string, name: string, data: string | Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([data]), name);
  const res = await fetch(`${url}/api/recordings`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { name?: string; message?: string } };
}

describe('POST /api/recordings', () => {
  it('stores what the ingestor can then replay', async () => {
    const dir = await tempDir(c);
    const recordings = path.join(dir, 'recordings');
    const ing = await ingestorStack(c, recordings);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: ing.port },
      controlUrl: ing.controlUrl,
      recordingsDir: recordings,
    });
    expect((await send(url, 'up.jsonl.gz', gzipSync(JSONL))).status).toBe(201);
    const res = await fetch(`${url}/api/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'up.jsonl.gz', speed: 'max' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'replay', replay: { files: ['up.jsonl.gz'], total: 20 } });
  });
});
