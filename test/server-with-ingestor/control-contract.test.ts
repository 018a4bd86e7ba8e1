/**
 * The control plane's contract (`IngestorControlRoutes` in @tagstream/protocol), both ends real:
 * the server's client asks our ingestor every route, and every answer is of the shape the route
 * promises, in each state the ingestor can be in.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LiveStatus } from '@tagstream/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestorControl } from '../../apps/server/src/ingestor-control.ts';
import { Cleanup, tempDir } from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

const LINES = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({
    id: String(i + 1),
    created_at: new Date(Date.UTC(2026, 10, 1, 18, 0, i)).toISOString(),
    text: `#Ether ${i}`,
  }),
).join('\n');

async function setup(token?: string) {
  const recordings = path.join(await tempDir(c), 'recordings');
  await mkdir(recordings);
  await writeFile(path.join(recordings, 'minute.jsonl'), LINES);
  const ing = await ingestorStack(c, recordings, token);
  return { ...ing, control: new IngestorControl(ing.controlUrl, token) };
}

describe('the ingestor control API, asked by the server’s client', () => {
  it('answers every route in the shape its contract promises: idle, replaying, paused', async () => {
    const { control } = await setup('s3cret-token');
    const idle = await control.get('/status');
    expect(idle).toMatchObject({
      ok: true,
      body: { kind: 'idle', live: null, replay: null, format: 'json' },
    });
    expect(await control.get('/recordings')).toMatchObject({
      ok: true,
      body: { recordings: [{ name: 'minute.jsonl' }] },
    });
    expect(await control.send('PUT', '/track', { keywords: ['#ether'] })).toEqual({
      ok: true,
      status: 200,
      body: { keywords: ['#ether'] },
    });
    expect(await control.get('/track')).toMatchObject({ ok: true, body: { keywords: ['#ether'] } });
    const trackers = [{ name: 'btc', rule: '#btc' }];
    expect(await control.send('PUT', '/trackers', { trackers })).toEqual({
      ok: true,
      status: 200,
      body: { trackers },
    });
    expect(await control.get('/trackers')).toEqual({ ok: true, status: 200, body: { trackers } });
    expect(await control.get('/status')).toMatchObject({ ok: true, body: { trackers } });

    const started = await control.send('POST', '/replay', { file: 'minute.jsonl', speed: 1, loop: true });
    expect(started).toMatchObject({
      ok: true,
      body: { kind: 'replay', replay: { total: 50, speed: 1, loop: true } },
    });
    expect(await control.send('POST', '/replay/pause')).toMatchObject({
      ok: true,
      body: { replay: { paused: true } },
    });
    expect(await control.send('POST', '/replay/speed', { speed: 'max' })).toMatchObject({
      ok: true,
      body: { replay: { speed: 'max' } },
    });
    expect(await control.send('POST', '/replay/seek', { position: 10 })).toMatchObject({
      ok: true,
      body: { replay: { position: 10 } },
    });
    expect(await control.send('POST', '/replay/resume')).toMatchObject({
      ok: true,
      body: { replay: { paused: false } },
    });
  });

  it('answers its status while live, and passes its refusals on', async () => {
    const { control, ingestor } = await setup();
    const live: LiveStatus = {
      state: 'reconnecting',
      retryAt: Date.UTC(2026, 10, 1, 18, 0, 16),
      message: '503 Service Unavailable',
      tweets: 12,
      reconnects: 2,
      rules: [{ id: '1', value: '#ether', tag: 'tagstream:#ether' }],
    };
    ingestor.attachLive({
      setKeywords: async () => undefined,
      setTrackers: async () => undefined,
      status: () => live,
      close: async () => undefined,
    });
    expect(await control.get('/status')).toMatchObject({ ok: true, body: { kind: 'live', live } });
    expect(await control.send('POST', '/replay/pause')).toMatchObject({
      ok: false,
      status: 409,
      body: { message: 'no replay is running' },
    });
  });

  it('says so when it is asked with the wrong token', async () => {
    const { controlUrl } = await setup('the-right-one');
    const wrong = new IngestorControl(controlUrl, 'a-wrong-one');
    expect(await wrong.send('PUT', '/track', { keywords: [] })).toMatchObject({ ok: false, status: 401 });
    expect(await wrong.get('/status')).toMatchObject({ ok: true });
  });
});
