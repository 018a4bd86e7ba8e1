import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '@tagstream/protocol';
import type { Logger } from 'pino';

/**
 * Settings changed on the dashboard, kept beside the checkpoint for the next
 * start. Written whole and atomically (temp file, then rename); a file that is
 * missing, unreadable or not valid settings reads as none, with a warning.
 */
export class SettingsFile {
  constructor(readonly file: string) {}

  async read(logger: Logger): Promise<Partial<Settings>> {
    try {
      const value: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      // Files saved before a setting existed lack it: the default stands in.
      const completed: unknown =
        typeof value === 'object' && value !== null ? { related: DEFAULT_SETTINGS.related, ...value } : value;
      if (Value.Check(SettingsSchema, completed)) return completed;
      logger.warn({ file: this.file }, 'saved settings are not valid settings: ignored');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn({ file: this.file, err: (err as Error).message }, 'saved settings unreadable: ignored');
    }
    return {};
  }

  async write(settings: Settings): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}-${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(settings, null, 2) + '\n');
    await rename(temp, this.file);
  }
}
