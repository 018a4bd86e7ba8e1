import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { jsonSlices } from './json-slices.ts';

let writes = 0;
const SLICE_CHARS = 64 * 1024;

/** What reading a checkpoint found. */
export type CheckpointRead =
  { kind: 'none' } | { kind: 'ok'; value: unknown } | { kind: 'set-aside'; movedTo: string; reason: string };

/**
 * One checkpoint file, written atomically (DESIGN.md §8): to a temp file, fsync,
 * rename over the old one, fsync the folder, so a crash at any moment leaves
 * either the old checkpoint or the new one, never half of one. Gzipped JSON:
 * remembered ids compress well.
 */
export class CheckpointFile {
  constructor(readonly file: string) {}

  /**
   * Writes `value`, a snapshot the caller does not change until it is serialized (fresh plain
   * JSON, or views of a live state it holds still: see jsonSlices). It is serialized in slices,
   * with the event loop free between them, and compressed off the event loop: a flood's state
   * written at once blocked the server for seconds. `serialized` is called once the last slice
   * is taken (or the write failed): the caller may change the state again. An aborted `signal`
   * stops the write before its next slice; the file in place stays as it was.
   */
  async write(value: unknown, opts: { signal?: AbortSignal; serialized?: () => void } = {}): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true });
    const temp = `${this.file}.${process.pid}-${++writes}.tmp`;
    try {
      // Slices of 64 Ki characters, one waiting at a time: V8 puts a string over 128 KiB in its
      // large-object space, freed only by a full collection, and a flood's state is 100 MiB of
      // JSON every checkpoint (measured: slices of 1 Mi characters left 6 to 25 MiB there per write).
      await pipeline(
        Readable.from(yielding(jsonSlices(value, SLICE_CHARS), opts), { highWaterMark: 1 }),
        createGzip({ level: 1 }),
        createWriteStream(temp),
      );
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      opts.serialized?.();
      await rm(temp, { force: true });
      throw err;
    }
    await rename(temp, this.file);
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } catch {
      // Some filesystems refuse fsync on a folder; the rename is still atomic there.
    } finally {
      await dirHandle.close();
    }
  }

  /**
   * Reads the checkpoint. One that cannot be read (damaged, foreign, another
   * version: `validate` throws) is moved aside, never deleted, so it can be inspected.
   */
  async read(validate: (value: unknown) => void): Promise<CheckpointRead> {
    await this.removeStaleTemps();
    let data: Buffer;
    try {
      data = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      throw err;
    }
    try {
      const value: unknown = JSON.parse(gunzipSync(data).toString('utf8'));
      validate(value);
      return { kind: 'ok', value };
    } catch (err) {
      const movedTo = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, movedTo);
      return { kind: 'set-aside', movedTo, reason: (err as Error).message };
    }
  }

  /** Temp files left by a process killed in the middle of a write. */
  private async removeStaleTemps(): Promise<void> {
    const dir = path.dirname(this.file);
    const prefix = path.basename(this.file) + '.';
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names)
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
  }

  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/**
 * The slices, with a turn of the event loop whenever about 10 ms went into them: other work runs
 * while a large checkpoint is written, and a busy loop does not stretch it over a turn per slice.
 */
async function* yielding(
  slices: Iterable<string>,
  opts: { signal?: AbortSignal; serialized?: () => void },
): AsyncGenerator<string> {
  let since = performance.now();
  const it = slices[Symbol.iterator]();
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      const next = it.next();
      if (next.done === true) break;
      yield next.value;
      if (performance.now() - since >= 10) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  } finally {
    opts.serialized?.();
  }
}
