/** One regular file of a watched folder as a listing saw it. */
export interface FileSighting {
  name: string;
  size: number;
  mtimeMs: number;
  /** Inode change time: a rename sets it, so files moved in together are ordered by when they came. */
  ctimeMs: number;
  /** Inode number: a file replaced under the same name is another file. */
  ino: number;
}

/** What a look at the folder found. */
export interface FolderNews {
  /** Files now complete, in the order they appeared: read each, once. */
  ready: string[];
  /** Files already read that have changed since: not read again, said once each. */
  changedAfterRead: string[];
}

export interface FolderWatchOptions {
  /** How long a file's size and modification time must stay the same before it is taken as complete. */
  settleMs: number;
}

type FileState =
  | { kind: 'old'; ino: number }
  | { kind: 'pending'; ino: number; size: number; mtimeMs: number; since: number; order: number }
  | { kind: 'read'; ino: number; size: number; mtimeMs: number; told: boolean };

/**
 * Which files of a watched folder to read, and when (Spark's `textFileStream`): every file that
 * appears after the start, once it is complete, in the order of appearance, never twice. Pure:
 * the caller lists the folder and says what time it is (`watchFolder` does, on fs events and a
 * timer).
 *
 * A file is complete when its size and modification time have not changed for `settleMs`: one
 * written elsewhere and moved in is complete at once and taken after that wait; one written in
 * place is taken once its writer has paused for that long. Files found complete in the same look
 * go in the order they appeared (first seen, then inode change time, then name); a file still being
 * written never holds back one that is complete.
 *
 * Never twice: a file is known by its name and inode. One that changes after it was read is
 * reported, not read again; one replaced under the same name (another inode) is a new file; one
 * that disappears is forgotten. Names a writer uses for work in progress are never read: hidden
 * ones (a leading `.` or `_`) and those ending in `.tmp`, `.part` or `~`.
 */
export class FolderWatch {
  private readonly files = new Map<string, FileState>();
  private appeared = 0;

  /** `initial`: the folder at the start; those files are not read (only what appears after). */
  constructor(
    initial: readonly FileSighting[],
    private readonly options: FolderWatchOptions,
  ) {
    for (const f of initial) if (watched(f.name)) this.files.set(f.name, { kind: 'old', ino: f.ino });
  }

  /** A full listing of the folder at `now` (epoch ms): the news since the last look. */
  observe(listing: readonly FileSighting[], now: number): FolderNews {
    const present = new Set<string>();
    const ready: { name: string; order: number }[] = [];
    const changedAfterRead: string[] = [];
    // New files of one look take their place in the order they came.
    const sorted = [...listing].sort((a, b) => a.ctimeMs - b.ctimeMs || compareNames(a.name, b.name));
    for (const f of sorted) {
      if (!watched(f.name)) continue;
      present.add(f.name);
      const state = this.files.get(f.name);
      if (state === undefined || state.ino !== f.ino) {
        this.files.set(f.name, { kind: 'pending', ...stamp(f), since: now, order: this.appeared++ });
        continue;
      }
      if (state.kind === 'read') {
        if (!state.told && (state.size !== f.size || state.mtimeMs !== f.mtimeMs)) {
          state.told = true;
          changedAfterRead.push(f.name);
        }
      } else if (state.kind === 'pending') {
        if (state.size !== f.size || state.mtimeMs !== f.mtimeMs) {
          Object.assign(state, stamp(f), { since: now });
        } else if (now - state.since >= this.options.settleMs) {
          ready.push({ name: f.name, order: state.order });
          this.files.set(f.name, { kind: 'read', ...stamp(f), told: false });
        }
      }
    }
    for (const name of this.files.keys()) if (!present.has(name)) this.files.delete(name);
    ready.sort((a, b) => a.order - b.order);
    return { ready: ready.map((r) => r.name), changedAfterRead };
  }

  /** When a file still pending could next be found complete (epoch ms), or null when none is pending. */
  nextCheckAt(): number | null {
    let next: number | null = null;
    for (const s of this.files.values()) {
      if (s.kind !== 'pending') continue;
      const at = s.since + this.options.settleMs;
      if (next === null || at < next) next = at;
    }
    return next;
  }
}

/** Whether a name is one a writer uses for a finished file (see FolderWatch). */
export function watched(name: string): boolean {
  return !/^[._]/.test(name) && !/(\.tmp|\.part|~)$/i.test(name);
}

function stamp(f: FileSighting): { ino: number; size: number; mtimeMs: number } {
  return { ino: f.ino, size: f.size, mtimeMs: f.mtimeMs };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
