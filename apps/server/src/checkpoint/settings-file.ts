import { Value } from '@sinclair/typebox/value';
import { SettingsSchema, type Settings } from '@tagstream/protocol';
import type { Logger } from 'pino';
import { SavedJson } from './saved-json.ts';

/** Settings changed on the dashboard, kept beside the checkpoint for the next start (see SavedJson). */
export class SettingsFile {
  private readonly saved: SavedJson<Settings>;

  constructor(readonly file: string) {
    this.saved = new SavedJson(file, 'settings', (v): v is Settings => Value.Check(SettingsSchema, v));
  }

  async read(logger: Logger): Promise<Partial<Settings>> {
    return (await this.saved.read(logger)) ?? {};
  }

  write(settings: Settings): Promise<void> {
    return this.saved.write(settings);
  }
}
