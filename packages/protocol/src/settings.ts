import { Type, type Static } from '@sinclair/typebox';

/** The most related tags a top entry may list. */
export const MAX_RELATED = 50;
/** Its type (the number itself), for the page: it imports types only, and a copy typed so must match. */
export type MaxRelated = typeof MAX_RELATED;

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

/** The PySpark original's `StreamingContext(sc, 10)` + `window(20)`. */
export const DEFAULT_SETTINGS: Settings = {
  batchMs: 10_000,
  windowMs: 20_000,
  slideMs: 10_000,
  topK: 10,
  retweets: true,
  related: 5,
};
