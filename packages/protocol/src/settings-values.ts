// The settings' values without their schemas (`@tagstream/protocol/settings-values`): loading
// TypeBox costs a command 70 ms of CPU at start, a tenth of what `tagstream count FILE` may
// spend in all (DESIGN.md §10), and count needs these values only. Typed as `Settings` in
// settings.ts, which imports this file (so this one cannot import its type back).

/** The most related tags a top entry may list. */
export const MAX_RELATED = 50;
/** Its type (the number itself), for the page: it imports types only, and a copy typed so must match. */
export type MaxRelated = typeof MAX_RELATED;

/** The PySpark original's `StreamingContext(sc, 10)` + `window(20)`. */
export const DEFAULT_SETTINGS = {
  batchMs: 10_000,
  windowMs: 20_000,
  slideMs: 10_000,
  topK: 10,
  retweets: true,
  related: 5,
};
