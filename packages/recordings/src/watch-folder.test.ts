/**
 * The folder source on a real folder: files moved in, written slowly in place, copied in twice,
 * touched after they were read, written under a hidden name then renamed. What it yields and when
 * is FolderWatch's (tested on its own with an injected clock); here, that the fs side delivers it.
 */
import { appendFile, mkdir, mkdtemp, rename, rm, utimes, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '@tagstream/time';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingError } from './recording-error.ts';
import { watchFolder, type FolderEvent } from './watch-folder.ts';

const SETTLE = 250;
let root: string;
let dir: string;
let elsewhere: string;
let stop: AbortController;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tagstream-watch-'));
  dir = path.join(root, 'in');
  elsewhere = path.join(root, 'out');
  await mkdir(dir);
  await mkdir(elsewhere);
  stop = new AbortController();
});
afterEach(async () => {
  stop.abort();
  await rm(root, { recursive: true, force: true });
});

/** Watches `dir` (resolving once it is listed), collecting events; `next()` resolves with the next one. */
async function watching(settleMs = SETTLE) {
  const events: FolderEvent[] = [];
  const waiters: ((e: FolderEvent) => void)[] = [];
  const it = await watchFolder(dir, { settleMs, timers: systemClock, signal: stop.signal });
  const done = (async () => {
    for await (const e of it) {
      events.push(e);
      waiters.shift()?.(e);
    }
  })();
  let taken = 0;
  return {
    events,
    done,
    next: (): Promise<FolderEvent> =>
      taken < events.length
        ? Promise.resolve(events[taken++]!)
        : new Promise((resolve) => waiters.push((e) => (taken++, resolve(e)))),
  };
}

describe('watchFolder', () => {
  it('yields files moved in after the start, in order, once; never the ones already there', async () => {
    await writeFile(path.join(dir, 'before.jsonl'), '{"id":"1"}\n');
    const w = await watching();
    for (const name of ['one.jsonl', 'two.csv', 'three.txt.gz']) {
      await writeFile(path.join(elsewhere, name), `${name}\n`);
      await rename(path.join(elsewhere, name), path.join(dir, name));
    }
    expect(await w.next()).toEqual({ kind: 'file', path: path.join(dir, 'one.jsonl') });
    expect(await w.next()).toEqual({ kind: 'file', path: path.join(dir, 'two.csv') });
    expect(await w.next()).toEqual({ kind: 'file', path: path.join(dir, 'three.txt.gz') });
    // A copy of a file already read is another file: the reader sees its tweets as duplicates.
    await copyFile(path.join(dir, 'one.jsonl'), path.join(elsewhere, 'again.jsonl'));
    await rename(path.join(elsewhere, 'again.jsonl'), path.join(dir, 'again.jsonl'));
    expect(await w.next()).toEqual({ kind: 'file', path: path.join(dir, 'again.jsonl') });
    // Touched after it was read: said once, not read again.
    await utimes(path.join(dir, 'one.jsonl'), new Date(), new Date(Date.now() + 5_000));
    expect(await w.next()).toEqual({ kind: 'changed-after-read', path: path.join(dir, 'one.jsonl') });
    stop.abort();
    await w.done;
    expect(w.events.filter((e) => e.kind === 'file')).toHaveLength(4);
  });

  it('waits for a file written slowly in place until its writer has paused for the settle time', async () => {
    // A settle time far above the pauses, so that a loaded machine's late timers cannot stretch one past it.
    const w = await watching(1_500);
    const file = path.join(dir, 'slow.jsonl');
    const lines = Array.from({ length: 8 }, (_, i) => `{"id":"${i}","text":"#slow"}\n`);
    for (const line of lines) {
      await appendFile(file, line);
      // Pauses shorter than the settle time: the file is never taken half-written.
      await new Promise((r) => setTimeout(r, 100));
      expect(w.events).toEqual([]);
    }
    expect(await w.next()).toEqual({ kind: 'file', path: file });
  });

  it('takes a file written under a hidden name when it is renamed to its own', async () => {
    const w = await watching();
    await writeFile(path.join(dir, '.part-1.jsonl'), 'half');
    await writeFile(path.join(dir, 'big.jsonl.tmp'), 'half');
    await rename(path.join(dir, '.part-1.jsonl'), path.join(dir, 'done.jsonl'));
    expect(await w.next()).toEqual({ kind: 'file', path: path.join(dir, 'done.jsonl') });
    stop.abort();
    await w.done;
    expect(w.events).toHaveLength(1);
  });

  it('says which folder it cannot watch', async () => {
    const missing = watchFolder(path.join(root, 'nope'), {
      settleMs: SETTLE,
      timers: systemClock,
      signal: stop.signal,
    });
    await expect(missing).rejects.toThrow(
      new RecordingError('ENOENT_RECORDING', path.join(root, 'nope'), 'no such folder'),
    );
    await writeFile(path.join(root, 'file'), '');
    const notDir = watchFolder(path.join(root, 'file'), {
      settleMs: SETTLE,
      timers: systemClock,
      signal: stop.signal,
    });
    await expect(notDir).rejects.toThrow(/is not a folder/);
  });
});
