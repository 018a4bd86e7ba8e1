import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_SETTINGS as DEFAULT_VALUES, MAX_RELATED } from './settings-values.ts';

export { MAX_RELATED, type MaxRelated } from './settings-values.ts';

/** Counting settings that a dashboard may change at run time (DESIGN.md §6). Durations in milliseconds. */
export const SettingsSchema = Type.Object({
  batchMs: Type.Integer({ minimum: 100 }),
  windowMs: Type.Integer({ minimum: 100 }),
  slideMs: Type.Integer({ minimum: 100 }),
  topK: Type.Integer({ minimum: 1, maximum: 100 }),
  retweets: Type.Boolean(),
  /** Related tags listed with each top entry (DESIGN.md §5); 0: none. */
  related: Type.Integer({ minimum: 0, maximum: MAX_RELATED }),
});
export type Settings = Static<typeof SettingsSchema>;

/** A partial update, as sent with `PUT /api/settings`; closed, like every request body. */
export const SettingsPatchSchema = Type.Partial(SettingsSchema, { additionalProperties: false });
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

/** The PySpark original's `StreamingContext(sc, 10)` + `window(20)` (the values are in settings-values.ts). */
export const DEFAULT_SETTINGS: Settings = DEFAULT_VALUES;
