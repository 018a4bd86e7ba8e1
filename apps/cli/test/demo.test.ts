import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult, Health, RecordingFolder } from '@tagstream/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';
import { rawRequest } from '../../server/src/testing/harness.ts';
import { finished, fromStderr, ROOT, spawnTagstream } from './run-tagstream.ts';

/** `tagstream demo` as `npm start` runs it: one process, a real port, a real socket.io client. */

let dir: string;
let recording: string;
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-demo-'));
  recording = path.join(dir, 'two-minutes.jsonl.gz');
  await writeFile(recording, generateDemoRecording({ seed: 3, minutes: 2 }).gzip);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  for (const clean of cleanups) await clean();
});

function demo(args: string[], entry?: string): ChildProcess {
  const child = spawnTagstream(
    ['demo', '--port', '0', '--recordings', path.join(dir, 'recordings'), ...args],
    {
      TAGSTREAM_ADMIN_TOKEN: '',
    },
    entry,
  );
  children.push(child);
  child.stdout!.resume();
  return child;
}

/**
 * Bundles the command as `npm start` does (scripts/bundle-cli-if-stale.mjs), into a folder of its
 * own inside the checkout: the bundle loads its npm packages from the checkout's node_modules.
 */
async function bundle(): Promise<string> {
  const folder = path.join(ROOT, 'apps/cli/dist', `test-${process.pid}`);
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const out = path.join(folder, 'tagstream.mjs');
  const r = await finished(
    spawn(process.execPath, [path.join(ROOT, 'scripts/bundle-cli-if-stale.mjs'), '--out', out], {
      cwd: ROOT,
    }),
  );
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('tagstream demo', () => {
  it.each([
    ['the TypeScript sources (the workspace bin)', async () => undefined],
    ['the bundle npm start runs', bundle],
  ])(
    'from %s: serves the dashboard, and a dashboard connecting right away gets moving results',
    async (_, entry) => {
      const child = demo(['--file', recording], await entry());
      const [, url] = await fromStderr(child, /dashboard at (http:\/\/[^\s"]+)/);

      // The dashboard itself (built by npm ci's `prepare`), found from either entry point.
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>tagstream</title>');

      // The server answers as soon as it says where it is.
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as Health;
      expect(body.status).toBe('ok');
      expect(body.source.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);

      const socket = io(url!, { transports: ['websocket'], reconnection: false });
      try {
        const first = await new Promise<BatchResult>((resolve) => socket.once('batch', resolve));
        expect(first.top.length).toBeGreaterThan(0);
        const second = await new Promise<BatchResult>((resolve) => socket.once('batch', resolve));
        expect(Date.parse(second.window.end)).toBeGreaterThan(Date.parse(first.window.end));
      } finally {
        socket.disconnect();
      }

      const after = (await (await fetch(`${url}/api/health`)).json()) as Health;
      expect(after.source.connected).toBe(true);
      expect(after.lastBatchAt).not.toBeNull();

      const exit = finished(child);
      child.kill('SIGTERM');
      expect((await exit).code).toBe(0);
    },
  );

  it('answers the names given with --allowed-host, only its own pages’ changes, and keeps to --recordings-quota', async () => {
    const child = demo([
      '--file',
      recording,
      '--allowed-host',
      'wall.example.com',
      '--recordings-quota',
      '8MiB',
    ]);
    const [, url] = await fromStderr(child, /dashboard at (http:\/\/[^\s"]+)/);
    const port = new URL(url!).port;
    expect(
      (await rawRequest(url!, { path: '/api/health', headers: { host: 'wall.example.com' } })).status,
    ).toBe(200);
    expect(
      (await rawRequest(url!, { path: '/api/health', headers: { host: `rebind.example.net:${port}` } }))
        .status,
    ).toBe(421);
    const pause = (origin: string) =>
      rawRequest(url!, { method: 'POST', path: '/api/replay/pause', headers: { origin } });
    expect((await pause('https://evil.example')).status).toBe(403);
    expect((await pause(url!)).status).toBe(200);
    const folder = (await (await fetch(`${url}/api/recordings`)).json()) as RecordingFolder;
    expect(folder.usage.quotaBytes).toBe(8 * 1024 * 1024);
    expect(folder.usage.bytes).toBeGreaterThan(0);
    const exit = finished(child);
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('a damaged recording ends the demo with a message naming it, exit code 2', async () => {
    const gzip = generateDemoRecording({ seed: 4, minutes: 1 }).gzip;
    const damaged = path.join(dir, 'cut-short.jsonl.gz');
    await writeFile(damaged, gzip.subarray(0, Math.floor(gzip.length / 2)));
    const r = await finished(demo(['--file', damaged]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tagstream: .*cut-short\.jsonl\.gz/);
    expect(r.stderr).not.toContain('unexpected error');
  });
});
