import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Timers } from '@tagstream/time';
import { FolderWatch, watched, type FileSighting } from './folder-watch.ts';
import { RecordingError } from './recording-error.ts';

export interface WatchFolderOptions {
  /** How long a file must stay unchanged to count as complete (see FolderWatch). */
  settleMs: number;
  /** Looks at the folder at least this often, whatever fs events say (default: the settle time, at most 1 s). */
  pollMs?: number;
  /** Time and the waits between looks. */
  timers: Timers;
  /** Stops watching: the iteration then ends. */
  signal: AbortSignal;
}

/** What watching found: a file to read (its path), or one read before that has changed since. */
export type FolderEvent = { kind: 'file'; path: string } | { kind: 'changed-after-read'; path: string };

/**
 * Watches a folder as a source (DESIGN.md §7, `--watch DIR`): resolves once the folder has been
 * listed (the files in it now are never read), then yields each file that appears in it after
 * that, once complete, in the order of appearance, never twice (the rules are `FolderWatch`'s).
 * The folder is looked at whenever `fs.watch` reports a change and at least every `pollMs`
 * besides, since fs events are not reliable everywhere (network and container file systems) and
 * a file settles without any event. Throws a RecordingError naming the folder when it cannot be
 * listed (missing, not a folder, unreadable), at the start or later.
 */
export async function watchFolder(
  dir: string,
  options: WatchFolderOptions,
): Promise<AsyncGenerator<FolderEvent, void, undefined>> {
  const folder = new FolderWatch(await listFolder(dir), { settleMs: options.settleMs });
  return folderEvents(dir, folder, options);
}

async function* folderEvents(
  dir: string,
  folder: FolderWatch,
  options: WatchFolderOptions,
): AsyncGenerator<FolderEvent, void, undefined> {
  const { timers, signal, settleMs } = options;
  const pollMs = options.pollMs ?? Math.min(settleMs, 1_000);
  let wake = new AbortController();
  let watcher: FSWatcher | null = null;
  try {
    // Events only shorten the wait; when the platform cannot watch, polling alone does.
    watcher = watch(dir, { persistent: false }, () => wake.abort());
    watcher.on('error', () => undefined);
  } catch {
    watcher = null;
  }
  try {
    while (!signal.aborted) {
      const news = folder.observe(await listFolder(dir), timers.now());
      for (const name of news.changedAfterRead)
        yield { kind: 'changed-after-read', path: path.join(dir, name) };
      for (const name of news.ready) {
        if (signal.aborted) return;
        yield { kind: 'file', path: path.join(dir, name) };
      }
      const settles = folder.nextCheckAt();
      const wait = Math.max(0, Math.min(pollMs, settles === null ? pollMs : settles - timers.now()));
      await timers.sleep(wait, AbortSignal.any([signal, wake.signal]));
      if (wake.signal.aborted) wake = new AbortController();
    }
  } finally {
    watcher?.close();
  }
}

/** The folder's regular files with what FolderWatch needs of them. */
async function listFolder(dir: string): Promise<FileSighting[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw folderError(dir, err);
  }
  const out: FileSighting[] = [];
  for (const name of names) {
    if (!watched(name)) continue;
    // A file may go between the listing and its stat: it is simply not there.
    const s = await stat(path.join(dir, name)).catch(() => null);
    if (s?.isFile()) out.push({ name, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino });
  }
  return out;
}

function folderError(dir: string, err: unknown): RecordingError {
  const code = (err as NodeJS.ErrnoException).code;
  const cause = { cause: err };
  if (code === 'ENOENT') return new RecordingError('ENOENT_RECORDING', dir, 'no such folder', 0, cause);
  if (code === 'ENOTDIR') return new RecordingError('NOT_A_FILE', dir, 'is not a folder', 0, cause);
  if (code === 'EACCES' || code === 'EPERM')
    return new RecordingError('PERMISSION_DENIED', dir, 'permission denied', 0, cause);
  return new RecordingError(
    'READ_FAILED',
    dir,
    `cannot list the folder (${(err as Error).message})`,
    0,
    cause,
  );
}
