import { Type, type Static } from '@sinclair/typebox';
import { RelatedTagSchema } from './batch-result.ts';
import { SettingsSchema } from './settings.ts';

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  uptimeSec: Type.Number(),
  source: Type.Object({ connected: Type.Boolean(), address: Type.String() }),
  lastBatchAt: Type.Union([Type.String(), Type.Null()]),
});
export type Health = Static<typeof HealthSchema>;

/*
 * Request bodies are closed (`additionalProperties: false`): the server and the ingestor validate
 * them without type coercion, so a misspelt or unknown field is a 400 that names it, not a silent
 * no-op.
 */

export const TrackSchema = Type.Object(
  { keywords: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { maxItems: 100 }) },
  { additionalProperties: false },
);
export type Track = Static<typeof TrackSchema>;

export const HistoryQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
});

/** A replay's pace: tweet time runs this many times faster than wall time, or as fast as readers read. */
export const ReplaySpeedSchema = Type.Union([
  Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  Type.Literal('max'),
]);
export type ReplaySpeed = Static<typeof ReplaySpeedSchema>;

export const ReplayRequestSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, maxLength: 255 }),
    speed: Type.Optional(ReplaySpeedSchema),
    loop: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReplayRequest = Static<typeof ReplayRequestSchema>;

/** `POST /api/replay/speed`. */
export const ReplaySpeedRequestSchema = Type.Object(
  { speed: ReplaySpeedSchema },
  { additionalProperties: false },
);
export type ReplaySpeedRequest = Static<typeof ReplaySpeedRequestSchema>;

export const RecordingSchema = Type.Object({
  name: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
  modified: Type.String(),
});
export const RecordingListSchema = Type.Object({ recordings: Type.Array(RecordingSchema) });
export type RecordingList = Static<typeof RecordingListSchema>;

/** How full the recordings folder is: every file in it, against its quota (uploads past it are refused). */
export const RecordingsUsageSchema = Type.Object({
  bytes: Type.Integer({ minimum: 0 }),
  quotaBytes: Type.Integer({ minimum: 0 }),
});
export type RecordingsUsage = Static<typeof RecordingsUsageSchema>;

/** `GET /api/recordings`: the recordings, and the folder's usage. */
export const RecordingFolderSchema = Type.Object({
  recordings: Type.Array(RecordingSchema),
  usage: RecordingsUsageSchema,
});
export type RecordingFolder = Static<typeof RecordingFolderSchema>;

/** `POST /api/recordings` (201): the name the upload was stored under, and the folder after it. */
export const UploadResponseSchema = Type.Object({
  name: Type.String(),
  recordings: Type.Array(RecordingSchema),
  usage: RecordingsUsageSchema,
});
export type UploadResponse = Static<typeof UploadResponseSchema>;

/**
 * Where a track rule failed to parse (`PUT /api/track` → 400): the keyword's
 * index in the request, and the offset and length of the problem in it, in
 * UTF-16 code units (JavaScript string indices).
 */
export const RuleErrorSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  position: Type.Integer({ minimum: 0 }),
  length: Type.Integer({ minimum: 0 }),
  message: Type.String(),
});
export type RuleError = Static<typeof RuleErrorSchema>;

/** Every 4xx/5xx body. 5xx messages are generic: internals never reach a client. */
export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  rule: Type.Optional(RuleErrorSchema),
});
export type ErrorBody = Static<typeof ErrorSchema>;

/** One recent tweet carrying a tag, for the drill-down. */
export const TagSampleSchema = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  author: Type.Union([Type.String(), Type.Null()]),
  /** Event time (ISO-8601), null when the tweet had none. */
  time: Type.Union([Type.String(), Type.Null()]),
  /** A link to the tweet, null without an id. */
  url: Type.Union([Type.String(), Type.Null()]),
});
export type TagSample = Static<typeof TagSampleSchema>;

/** An author of a tag's tweets: the handle without `@`, or `unknown` when the source gave none. */
export const TagAuthorSchema = Type.Object({ author: Type.String(), count: Type.Integer({ minimum: 1 }) });
export type TagAuthor = Static<typeof TagAuthorSchema>;

/** A language of a tag's tweets, as the source reported it (`en`, `und`…), or `unknown` when it gave none. */
export const TagLanguageSchema = Type.Object({ lang: Type.String(), count: Type.Integer({ minimum: 1 }) });
export type TagLanguage = Static<typeof TagLanguageSchema>;

/**
 * `GET /api/tags/{tag}`: a tag's recent sample tweets and its count per batch over the retained
 * history; with the latest window's related tags, top authors and languages.
 *
 * `related`, `authors`, `languages` and `unrecorded` describe the counted tweets of the latest
 * result's window that hold the tag, exactly: each is recomputed from per-batch counts the counter
 * keeps for the batches a window may still need. They are absent when that window holds a batch
 * counted without them (right after related tags were turned on, a window was widened, or a
 * restart from a checkpoint that lacked them), until the window has slid past it.
 */
export const TagDetailSchema = Type.Object({
  /** The key (NFC, lower case, without `#`). */
  tag: Type.String(),
  display: Type.String(),
  /** Its count in the latest result's window. */
  count: Type.Integer({ minimum: 0 }),
  /** Newest first. */
  samples: Type.Array(TagSampleSchema),
  /** One point per closed batch, oldest first; `end` is the batch's end in tweet time. */
  series: Type.Array(Type.Object({ start: Type.String(), end: Type.String(), count: Type.Integer() })),
  /**
   * The keys most often in the same counted tweets of the window (count = tweets holding both),
   * count descending then key ascending by code point, as many as the `related` setting says.
   */
  related: Type.Optional(Type.Array(RelatedTagSchema)),
  /** The ten authors with the most of the tag's tweets in the window, count descending then handle ascending. */
  authors: Type.Optional(Type.Array(TagAuthorSchema)),
  /** Every language of the tag's tweets in the window, count descending then code ascending; with `unrecorded` 0 the counts sum to `count`. */
  languages: Type.Optional(Type.Array(TagLanguageSchema)),
  /**
   * The tag's tweets in the window whose author or language was not recorded because a batch
   * reached its cap on (tag, author) and (tag, language) entries; 0 in all but floods.
   */
  unrecorded: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type TagDetail = Static<typeof TagDetailSchema>;

/** `PUT /api/settings` (200): the settings now in force, whether counting restarted, and what changed in words. */
export const SettingsChangeSchema = Type.Intersect([
  SettingsSchema,
  Type.Object({ reset: Type.Boolean(), message: Type.String() }),
]);
export type SettingsChange = Static<typeof SettingsChangeSchema>;
