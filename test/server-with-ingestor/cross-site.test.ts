import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, rawRequest, tempDir } from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const JSONL = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({
    id: String(i + 1),
    created_at: new Date(T0 + i * 1000).toISOString(),
    text: `#t${i % 5}`,
  }),
).join('\n');

/** The default mode: a loopback server without a token, in front of a real ingestor replaying at 1×. */
async function stack() {
  const dir = await tempDir(c);
  const recordings = path.join(dir, 'recordings');
  await mkdir(recordings);
  await writeFile(path.join(recordings, 'slow.jsonl'), JSONL);
  const ing = await ingestorStack(c, recordings);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: ing.port },
    controlUrl: ing.controlUrl,
    recordingsDir: recordings,
  });
  await ing.ingestor.startReplay({ files: [path.join(recordings, 'slow.jsonl')], speed: 1, loop: true });
  return { url, host: new URL(url).host, ing };
}

describe('nobody gets in through the user’s browser, in the default mode', () => {
  it('a page elsewhere, or a DNS-rebinding page, cannot pause the replay or change the keywords; the dashboard’s own page can', async () => {
    const { url, host, ing } = await stack();
    const attempts = [
      // Any page on the web: a "simple" text/plain POST needs no permission from the server.
      { host, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      // A rebinding page: its own name, pointed at 127.0.0.1, is same-origin with itself.
      {
        host: `rebind.evil.example:${new URL(url).port}`,
        origin: `http://rebind.evil.example:${new URL(url).port}`,
      },
    ];
    for (const headers of attempts) {
      const pause = await rawRequest(url, { method: 'POST', path: '/api/replay/pause', headers, body: '{}' });
      expect([403, 421]).toContain(pause.status);
      const track = await rawRequest(url, {
        method: 'PUT',
        path: '/api/track',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"keywords":["#t1"]}',
      });
      expect([403, 421]).toContain(track.status);
    }
    // Straight at the ingestor's control API, which no page has any business calling.
    const direct = await rawRequest(ing.controlUrl, {
      method: 'POST',
      path: '/replay/pause',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(direct.status).toBe(403);
    expect(ing.ingestor.status()).toMatchObject({ keywords: [], replay: { paused: false } });

    const own = await rawRequest(url, {
      method: 'POST',
      path: '/api/replay/pause',
      headers: { host, origin: url, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
    expect(own.json()).toMatchObject({ kind: 'replay', replay: { paused: true, files: ['slow.jsonl'] } });
    expect(ing.ingestor.status()).toMatchObject({ replay: { paused: true } });
  });
});
