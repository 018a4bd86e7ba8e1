import { Value } from '@sinclair/typebox/value';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '@tagstream/protocol';
import type { Logger } from 'pino';
import { SavedJson } from './saved-json.ts';

/** Files saved before a setting existed lack it: the default stands in. */
function withNewerSettings(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? { related: DEFAULT_SETTINGS.related, ...value }
    : value;
}

/** Settings changed on the dashboard, kept beside the checkpoint for the next start (see SavedJson). */
export class SettingsFile {
  private readonly saved: SavedJson<Settings>;

  constructor(readonly file: string) {
    this.saved = new SavedJson(
      file,
      'settings',
      (v): v is Settings => Value.Check(SettingsSchema, v),
      withNewerSettings,
    );
  }

  async read(logger: Logger): Promise<Partial<Settings>> {
    return (await this.saved.read(logger)) ?? {};
  }

  write(settings: Settings): Promise<void> {
    return this.saved.write(settings);
  }
}
