import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
let writes = 0;

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
   * Writes `value`. It is serialized before the first await, so the caller may
   * go on changing its state at once; compression runs off the event loop.
   */
  async write(value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const dir = path.dirname(this.file);
    const data = await gzipAsync(json, { level: 1 });
    await mkdir(dir, { recursive: true });
    const temp = `${this.file}.${process.pid}-${++writes}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
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
