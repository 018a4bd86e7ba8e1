import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';
import { finished, fromStderr, runTagstream, spawnTagstream } from './run-tagstream.ts';

let dir: string;
let recording: string;
let short: string;
const WINDOW_FLAGS = ['--batch', '2s', '--window', '6s', '--slide', '2s', '--json'];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-equiv-'));
  const rec = generateDemoRecording({ seed: 99, minutes: 1 });
  recording = path.join(dir, 'minute.jsonl.gz');
  await writeFile(recording, rec.gzip);
  // Five seconds of tweet time, for the 1× run.
  const lines = rec.jsonl.split('\n');
  const start = Date.parse(rec.summary.firstCreatedAt);
  const keep = lines.filter((l) => {
    const m = /"created_at":"([^"]+)"/.exec(l);
    return m !== null && Date.parse(m[1]!) < start + 5000;
  });
  short = path.join(dir, 'five-seconds.jsonl');
  await writeFile(short, keep.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a user compares: every emission's windows, tops and totals. Malformed lines never cross the socket, so that count is left out. */
function comparable(stdout: string): unknown[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BatchResult)
    .map((r) => ({ ...r, stats: { ...r.stats, processingMs: 0, malformed: 0 } }));
}

async function countOverTcp(file: string, speed: string): Promise<string> {
  const ingest = spawnTagstream([
    'ingest',
    'replay',
    file,
    '--speed',
    speed,
    '--port',
    '0',
    '--control-port',
    '0',
    '--no-progress',
  ]);
  const done = finished(ingest);
  const [, port] = await fromStderr(ingest, /serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const count = await runTagstream(['count', `tcp://127.0.0.1:${port}`, ...WINDOW_FLAGS]);
  const ingestResult = await done;
  expect(ingestResult.code, ingestResult.stderr).toBe(0);
  expect(count.code, count.stderr).toBe(0);
  return count.stdout;
}

describe('a replay read over TCP gives the same results as counting the file', { timeout: 120_000 }, () => {
  it.each(['20', 'max'])('at speed %s', async (speed) => {
    const direct = await runTagstream(['count', recording, ...WINDOW_FLAGS]);
    expect(direct.code, direct.stderr).toBe(0);
    const expected = comparable(direct.stdout);
    expect(expected.length).toBeGreaterThan(20);
    expect(comparable(await countOverTcp(recording, speed))).toEqual(expected);
  });

  it('at speed 1', async () => {
    const direct = await runTagstream(['count', short, ...WINDOW_FLAGS]);
    const expected = comparable(direct.stdout);
    expect(expected.length).toBeGreaterThan(2);
    expect(comparable(await countOverTcp(short, '1'))).toEqual(expected);
  });
});

describe('text format for Spark and nc', { timeout: 60_000 }, () => {
  it('sends one tweet text per line with no JSON and no watermarks', async () => {
    const ingest = spawnTagstream([
      'ingest',
      'replay',
      short,
      '--speed',
      'max',
      '--format',
      'text',
      '--port',
      '0',
      '--control-port',
      '0',
    ]);
    const done = finished(ingest);
    const [, port] = await fromStderr(ingest, /serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
    const net = await import('node:net');
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    await new Promise((r) => socket.on('close', r));
    await done;
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
    expect(lines.some((l) => l.includes('#'))).toBe(true);
  });
});
