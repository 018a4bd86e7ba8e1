/**
 * `tagstream ingest replay --watch DIR` as a user runs it, read by `tagstream count tcp://…`:
 * recordings moved into the folder one after another are one stream with the same results as
 * counting the files; a damaged file is reported and skipped; Ctrl+C ends the stream with an end
 * mark, so the reader closes every batch and prints the trailing windows.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult, IngestorStatus } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMinuteRecordings } from './minute-recordings.ts';
import { finished, fromStderr, runTagstream, spawnTagstream } from './run-tagstream.ts';

const FLAGS = ['--batch', '5s', '--window', '15s', '--slide', '5s', '--json', '--related', '2'];

let root: string;
let parts: string[];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tagstream-watch-ingest-'));
  await mkdir(path.join(root, 'staging'));
  await mkdir(path.join(root, 'watched'));
  parts = await writeMinuteRecordings(path.join(root, 'staging'), 47);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const results = (stdout: string): BatchResult[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BatchResult)
    .map((r) => ({ ...r, stats: { ...r.stats, processingMs: 0 } }));

/** Polls the ingestor's status until its replay has sent every tweet it read. */
async function sentEverything(control: string): Promise<void> {
  for (;;) {
    const status = (await fetch(new URL('status', control)).then((r) => r.json())) as IngestorStatus;
    const r = status.replay;
    if (r !== null && r.total > 0 && r.position === r.total) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function moveIn(ingest: ChildProcess, file: string, said: RegExp): Promise<void> {
  const heard = fromStderr(ingest, said);
  await rename(file, path.join(root, 'watched', path.basename(file)));
  await heard;
}

describe('tagstream ingest replay --watch DIR', { timeout: 120_000 }, () => {
  it('replays the recordings moved in as one stream, skips a damaged one, and ends it on Ctrl+C', async () => {
    const direct = await runTagstream(['count', ...parts, ...FLAGS]);
    expect(direct.code, direct.stderr).toBe(0);

    const dir = path.join(root, 'watched');
    const ingest = spawnTagstream([
      'ingest',
      'replay',
      '--watch',
      dir,
      '--settle',
      '300ms',
      '--speed',
      'max',
      '--port',
      '0',
      '--control-port',
      '0',
      '--no-progress',
    ]);
    const ingestDone = finished(ingest);
    // One pattern for the three start-up lines: they may come in one chunk.
    const [, port, control] = await fromStderr(
      ingest,
      /serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)[\s\S]*control API on (http:\/\/[^" ]+)[\s\S]*watching .* for new recordings/,
    );
    const count = spawnTagstream(['count', `tcp://127.0.0.1:${port}`, ...FLAGS]);
    const countDone = finished(count);

    await moveIn(ingest, parts[0]!, /replaying [^"]*a-first/);
    const broken = path.join(root, 'staging', 'broken.csv');
    await writeFile(broken, 'created_at,author\n2026-11-01T18:01:00Z,someone\n');
    await moveIn(ingest, broken, /skipped [^"]*broken\.csv/);
    await moveIn(ingest, parts[1]!, /replaying [^"]*b-second/);
    await moveIn(ingest, parts[2]!, /replaying [^"]*c-third/);
    // Ctrl+C ends the stream where it is: first let every tweet read go out (the control API says so).
    await sentEverything(control!);
    ingest.kill('SIGINT');
    const [ingested, counted] = await Promise.all([ingestDone, countDone]);
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stderr).toMatch(/skipped [^"]*broken\.csv: .*text/);
    expect(counted.code, counted.stderr).toBe(0);
    expect(results(counted.stdout)).toEqual(results(direct.stdout));
  });

  it('refuses a folder it cannot watch, files beside --watch, and --loop with it', async () => {
    const missing = await runTagstream([
      'ingest',
      'replay',
      '--watch',
      path.join(root, 'nope'),
      '--port',
      '0',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
    const both = await runTagstream(['ingest', 'replay', parts[0]!, '--watch', root]);
    expect(both.code).toBe(2);
    const loop = await runTagstream(['ingest', 'replay', '--watch', root, '--loop']);
    expect(loop.code).toBe(2);
    expect(loop.stderr).toContain('--loop');
  });
});
