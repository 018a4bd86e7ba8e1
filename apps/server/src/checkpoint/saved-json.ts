import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * A choice made on the dashboard (settings, trackers), kept beside the checkpoint for the next
 * start. Written whole and atomically (temp file, then rename); a file that is missing,
 * unreadable or not what `valid` accepts reads as none, with a warning naming `what`.
 */
export class SavedJson<T> {
  constructor(
    readonly file: string,
    private readonly what: string,
    private readonly valid: (value: unknown) => value is T,
    /** Brings a file saved by an earlier version up to date (e.g. a field added since) before it is checked. */
    private readonly upgrade: (value: unknown) => unknown = (value) => value,
  ) {}

  async read(logger: Logger): Promise<T | null> {
    try {
      const value = this.upgrade(JSON.parse(await readFile(this.file, 'utf8')));
      if (this.valid(value)) return value;
      logger.warn({ file: this.file }, `saved ${this.what} are not valid ${this.what}: ignored`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn(
          { file: this.file, err: (err as Error).message },
          `saved ${this.what} unreadable: ignored`,
        );
    }
    return null;
  }

  async write(value: T): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}-${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(value, null, 2) + '\n');
    await rename(temp, this.file);
  }
}
