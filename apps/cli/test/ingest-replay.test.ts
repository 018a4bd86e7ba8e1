import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, fromStderr, runTagstream, spawnTagstream, type Finished } from './run-tagstream.ts';

// `tagstream ingest replay` as a user runs it: what `nc` sees, and what bad input gets.

let dir: string;
const T0 = Date.parse('2026-11-22T10:00:00.000Z');

function line(i: number, text: string): string {
  return JSON.stringify({ id: String(1000 + i), created_at: new Date(T0 + i * 1000).toISOString(), text });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-replay-'));
  const texts = [
    'first line\nsecond line #a',
    'windows\r\nline break #b',
    'plain #c',
    'unicode\u2028separator\u2029and\u0085next #d',
    '\ttabs\tstay #e',
  ];
  await writeFile(path.join(dir, 'breaks.jsonl'), texts.map((t, i) => line(i, t)).join('\n') + '\n');

  const many = Array.from({ length: 300 }, (_, i) => line(i, `#t${i} with some padding to make it long`));
  const gz = gzipSync(many.join('\n') + '\n');
  await writeFile(path.join(dir, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  await mkdir(path.join(dir, 'folder.jsonl'));
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  await writeFile(path.join(dir, 'blob.dat'), binary);
  await writeFile(
    path.join(dir, 'packed.jsonl'),
    Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), binary]),
  );
  const huge = line(1, `#huge ${'x'.repeat(10 * 1024 * 1024)}`);
  await writeFile(
    path.join(dir, 'huge-line.jsonl'),
    [line(0, 'before #ok'), huge, line(2, 'after #ok')].join('\n'),
  );
  await writeFile(path.join(dir, 'only-huge.jsonl'), huge + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a replay at max speed and reads its socket to the end, as `nc` would. */
async function replayThroughSocket(args: string[]): Promise<{ text: string; run: Finished }> {
  const child = spawnTagstream([
    'ingest',
    'replay',
    ...args,
    '--speed',
    'max',
    '--port',
    '0',
    '--control-port',
    '0',
  ]);
  const done = finished(child);
  const [, port] = await fromStderr(child, /serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  await new Promise((resolve) => socket.on('close', resolve));
  return { text, run: await done };
}

describe.concurrent('tagstream ingest replay', { timeout: 60_000 }, () => {
  it('--format text: one tweet text per line, line breaks inside a tweet become spaces', async () => {
    const { text, run } = await replayThroughSocket([path.join(dir, 'breaks.jsonl'), '--format', 'text']);
    expect(run.code, run.stderr).toBe(0);
    expect(text).toBe(
      [
        'first line second line #a',
        'windows line break #b',
        'plain #c',
        'unicode separator and next #d',
        '\ttabs\tstay #e',
      ].join('\n') + '\n',
    );
  });

  it('drops a 10 MiB line with a warning naming the file, and replays the rest', async () => {
    const file = path.join(dir, 'huge-line.jsonl');
    const { text, run } = await replayThroughSocket([file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${file}: 1 line longer than the 1 MiB line limit dropped`);
    const tweets = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text?: string })
      .filter((o) => o.text !== undefined);
    expect(tweets.map((t) => t.text)).toEqual(['before #ok', 'after #ok']);
  });

  it.each([
    [
      'cut.jsonl.gz',
      /cut\.jsonl\.gz: gzip data ends early \(the file is truncated\) after \d+ lines.*; nothing was replayed/,
    ],
    ['folder.jsonl', /folder\.jsonl: is a directory, not a recording file/],
    ['blob.dat', /blob\.dat: is not a tweet recording: binary data/],
    [
      'packed.jsonl',
      /packed\.jsonl: is not a tweet recording: zstd-compressed data \(only gzip is supported/,
    ],
    [
      'only-huge.jsonl',
      /nothing to replay \(.*only-huge\.jsonl: no tweets in 1 line: 1 line over 1 MiB dropped\)/,
    ],
  ])('refuses %s with a clear message and exit code 2', async (name, message) => {
    const r = await runTagstream([
      'ingest',
      'replay',
      path.join(dir, name),
      '--port',
      '0',
      '--control-port',
      '0',
    ]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(2);
  });
});

describe('the ingest command’s lifetime', { timeout: 60_000 }, () => {
  it('is not ended by a replay started over the control API: a second one works, and Ctrl+C stops it', async () => {
    const child = spawnTagstream([
      'ingest',
      'replay',
      path.join(dir, 'breaks.jsonl'),
      // Its own replay takes 4 s: the dashboard's replaces it well before it ends.
      '--speed',
      '1',
      '--port',
      '0',
      '--control-port',
      '0',
      '--recordings',
      dir,
    ]);
    const done = finished(child);
    const [, controlPort] = await fromStderr(
      child,
      /"part":"control".*?Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
    );
    const control = `http://127.0.0.1:${controlPort}`;
    const replay = () =>
      fetch(`${control}/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file: 'breaks.jsonl', speed: 1000 }),
      });
    expect((await replay()).status).toBe(200);
    // The dashboard's replay runs to its end (5 tweets in 4 s of tweet time, at 1000×)…
    for (;;) {
      const status = (await (await fetch(`${control}/status`)).json()) as {
        replay: { done: boolean } | null;
      };
      if (status.replay?.done) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    // …and the ingestor is still there to take the next one.
    expect(child.exitCode).toBeNull();
    expect((await replay()).status).toBe(200);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('a replay started over the control API took over');
  });
});
