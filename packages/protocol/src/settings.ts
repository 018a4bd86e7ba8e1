import { Type, type Static } from '@sinclair/typebox';
import { MAX_RELATED } from './settings-values.ts';

export { DEFAULT_SETTINGS, MAX_RELATED, type MaxRelated } from './settings-values.ts';

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
