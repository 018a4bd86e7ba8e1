import { Type, type Static } from '@sinclair/typebox';

/** An ISO-8601 instant in UTC with milliseconds, e.g. `2026-11-22T10:00:00.000Z`. */
export const InstantSchema = Type.String({ format: 'date-time' });

/** A half-open interval of tweet (event) time `[start, end)`. */
export const IntervalSchema = Type.Object({ start: InstantSchema, end: InstantSchema });
export type Interval = Static<typeof IntervalSchema>;

/**
 * A key found in the same counted tweets as a top entry's key (DESIGN.md §5): `count` is the
 * number of counted tweets of the window holding both keys.
 */
export const RelatedTagSchema = Type.Object({
  tag: Type.String(),
  count: Type.Integer({ minimum: 1 }),
});
export type RelatedTag = Static<typeof RelatedTagSchema>;

/** One hashtag's place in a top-K list. `tag` is the key (NFC, lower case); `display` is `#` + its most frequent surface form. */
export const TopEntrySchema = Type.Object({
  tag: Type.String(),
  display: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  rank: Type.Integer({ minimum: 1 }),
  prevRank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  /**
   * When related tags are asked for (`tagstream count --related N`, the `related` setting): the
   * keys most often in the same counted tweets of the window, count descending then key ascending
   * by code point, at most N. Exact or absent: a window holding a batch counted while related tags
   * were off (just after they were turned on, or the window was widened) has none.
   */
  related: Type.Optional(Type.Array(RelatedTagSchema)),
});
export type TopEntry = Static<typeof TopEntrySchema>;

/** A running-total entry: like {@link TopEntrySchema} without the rank history. */
export const TotalEntrySchema = Type.Object({
  tag: Type.String(),
  display: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  rank: Type.Integer({ minimum: 1 }),
});
export type TotalEntry = Static<typeof TotalEntrySchema>;

/** Counts for the window of one result (DESIGN.md §5). */
export const WindowStatsSchema = Type.Object({
  tweets: Type.Integer({ minimum: 0 }),
  tweetsWithTags: Type.Integer({ minimum: 0 }),
  distinctTags: Type.Integer({ minimum: 0 }),
  late: Type.Integer({ minimum: 0 }),
  duplicates: Type.Integer({ minimum: 0 }),
  malformed: Type.Integer({ minimum: 0 }),
  /** Keys dropped because a batch reached its cap on distinct keys. */
  overflow: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Input lines the source no longer had when the core asked for them (an outage beyond its log's bounds). */
  lost: Type.Optional(Type.Integer({ minimum: 0 })),
  /**
   * With related tags on: key pairs not counted because a batch reached its cap on distinct pairs
   * (the related counts of the window are then lower bounds).
   */
  relatedOverflow: Type.Optional(Type.Integer({ minimum: 0 })),
  processingMs: Type.Number({ minimum: 0 }),
});
export type WindowStats = Static<typeof WindowStatsSchema>;

/**
 * A tag whose window count most exceeds its own recent baseline: `count` in the
 * window, `baseline` its expected count for a window of that length from the
 * batches before it, `score` = (count − baseline) / √(baseline + 1).
 */
export const RisingEntrySchema = Type.Object({
  tag: Type.String(),
  display: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  baseline: Type.Number({ minimum: 0 }),
  score: Type.Number(),
});
export type RisingEntry = Static<typeof RisingEntrySchema>;

/** Running totals since start or since the last reset (Spark's `updateStateByKey`). */
export const TotalsSchema = Type.Object({
  tweets: Type.Integer({ minimum: 0 }),
  top: Type.Array(TotalEntrySchema),
  /** When totals are approximate (Space-Saving past the key cap), the largest possible overcount of any entry. */
  maxError: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type Totals = Static<typeof TotalsSchema>;

/** One emission of the windowed core: the contract of DESIGN.md §5. */
export const BatchResultSchema = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  batch: IntervalSchema,
  window: IntervalSchema,
  top: Type.Array(TopEntrySchema),
  stats: WindowStatsSchema,
  totals: TotalsSchema,
  /** Server results: the tags rising fastest against their own recent baseline, best first. */
  rising: Type.Optional(Type.Array(RisingEntrySchema)),
  /** Server results: the server's wall clock when it emitted the result (for "how fresh is this"). */
  emittedAt: Type.Optional(InstantSchema),
});
export type BatchResult = Static<typeof BatchResultSchema>;
