/**
 * `tagstream count --watch DIR` as a user runs it: recordings moved into the folder one after
 * another give the same results as `count` on the same files; a damaged file is reported and
 * skipped while the stream goes on; a file written slowly is read once complete; Ctrl+C ends the
 * count with the trailing windows.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BatchResult } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMinuteRecordings } from './minute-recordings.ts';
import { finished, fromStderr, runTagstream, spawnTagstream } from './run-tagstream.ts';

const FLAGS = ['--batch', '5s', '--window', '15s', '--slide', '5s', '--json', '--related', '3'];

let root: string;
/** Three recordings of consecutive minutes of one stream, in three formats. */
let parts: string[];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tagstream-watch-count-'));
  await mkdir(path.join(root, 'staging'));
  parts = await writeMinuteRecordings(path.join(root, 'staging'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const results = (stdout: string): BatchResult[] =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as BatchResult)
    .map((r) => ({ ...r, stats: { ...r.stats, processingMs: 0 } }));

async function watcher(
  dir: string,
  settle = '300ms',
): Promise<{ child: ChildProcess; done: ReturnType<typeof finished> }> {
  await mkdir(dir, { recursive: true });
  const child = spawnTagstream(['count', '--watch', dir, '--settle', settle, ...FLAGS]);
  const done = finished(child);
  await fromStderr(child, /watching .* for new recordings/);
  return { child, done };
}

/** Moves `file` into `dir` and waits until the count says it counted it (or skipped it). */
async function moveIn(child: ChildProcess, file: string, dir: string, said = /counted/): Promise<void> {
  const to = path.join(dir, path.basename(file));
  const heard = fromStderr(
    child,
    new RegExp(`${said.source}[^"]*${path.basename(file).replace(/\./g, '\\.')}`),
  );
  await rename(file, to);
  await heard;
}

describe('tagstream count --watch DIR', { timeout: 120_000 }, () => {
  it('gives the same results for three recordings moved in one after another as count on the three files', async () => {
    const direct = await runTagstream(['count', ...parts, ...FLAGS]);
    expect(direct.code, direct.stderr).toBe(0);
    const expected = results(direct.stdout);
    expect(expected.length).toBeGreaterThan(30);

    const dir = path.join(root, 'three');
    const { child, done } = await watcher(dir);
    for (const file of parts) await moveIn(child, file, dir);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(results(run.stdout)).toEqual(expected);
    // Put back for the other tests.
    for (const file of parts) await rename(path.join(dir, path.basename(file)), file);
  });

  it('reports a damaged file, skips it whole, and goes on with the next; a copy of a file already read counts as duplicates', async () => {
    const dir = path.join(root, 'damaged');
    const { child, done } = await watcher(dir);
    const broken = path.join(root, 'staging', 'broken.jsonl.gz');
    // A gzip cut in the middle: its first lines could be read, but the file is skipped whole.
    const whole = gzipSync(
      Buffer.from('{"id":"1","created_at":"2026-11-22T10:00:00.000Z","text":"#lost"}\n'.repeat(500)),
    );
    await writeFile(broken, whole.subarray(0, whole.length >> 1));
    await moveIn(child, broken, dir, /skipped/);
    const notes = path.join(root, 'staging', 'notes.bin');
    await writeFile(notes, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 9, 9]));
    await moveIn(child, notes, dir, /skipped/);
    await moveIn(child, parts[1]!, dir);
    const copy = path.join(root, 'staging', 'copy-of-b.jsonl');
    await writeFile(copy, await readFile(path.join(dir, path.basename(parts[1]!))));
    await moveIn(child, copy, dir);
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/skipped .*broken\.jsonl\.gz: gzip data ends early/);
    expect(run.stderr).toMatch(/skipped .*notes\.bin: is not a tweet recording/);
    const watched = results(run.stdout);
    expect(watched.some((r) => r.top.some((e) => e.tag === 'lost'))).toBe(false);
    const once = await runTagstream(['count', path.join(dir, path.basename(parts[1]!)), ...FLAGS]);
    const single = results(once.stdout);
    // The copy's tweets are all re-deliveries: same totals, every one counted as a duplicate.
    expect(watched.at(-1)!.totals).toEqual(single.at(-1)!.totals);
    const duplicates = watched.reduce((n, r) => n + r.stats.duplicates, 0);
    expect(duplicates).toBeGreaterThan(0);
    await rename(path.join(dir, path.basename(parts[1]!)), parts[1]!);
  });

  it('reads a file written slowly in place once it is complete', async () => {
    const dir = path.join(root, 'slow');
    // A settle time well above the writer's pauses, so that a loaded machine cannot stretch one past it.
    const { child, done } = await watcher(dir, '1500ms');
    const text = await readFile(parts[1]!, 'utf8');
    const file = path.join(dir, 'slow.jsonl');
    const heard = fromStderr(child, /counted [^"]*slow\.jsonl/);
    const chunk = Math.ceil(text.length / 8);
    for (let at = 0; at < text.length; at += chunk) {
      // Cut anywhere, mid-line too: the file is read only once whole.
      await appendFile(file, text.slice(at, at + chunk));
      await new Promise((r) => setTimeout(r, 100));
    }
    await heard;
    child.kill('SIGINT');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    const whole = await runTagstream(['count', parts[1]!, ...FLAGS]);
    expect(results(run.stdout)).toEqual(results(whole.stdout));
  });

  it('refuses a folder it cannot watch and a mix of --watch and inputs', async () => {
    const missing = await runTagstream(['count', '--watch', path.join(root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--watch: ${path.join(root, 'nope')}: no such folder`);
    const both = await runTagstream(['count', parts[0]!, '--watch', root]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --watch DIR or inputs');
    const none = await runTagstream(['count']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--watch DIR');
  });
});
