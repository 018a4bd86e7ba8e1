import { Type, type Static } from '@sinclair/typebox';

/** The normalized tweet line the ingestor writes to its TCP socket (DESIGN.md §3). */
export const WireTweetSchema = Type.Object({
  id: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  created_at: Type.Optional(Type.String()),
  text: Type.String(),
  lang: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  rt: Type.Optional(Type.Boolean()),
  hashtags: Type.Optional(Type.Array(Type.String())),
});
export type WireTweet = Static<typeof WireTweetSchema>;

/**
 * The source's promise that later tweets are (almost) all newer than this event time.
 * `stream` marks the start of a finite stream (a replay: the consumer counts afresh)
 * or its end (the consumer closes every batch); a consumer that ignores it still
 * reads a correct watermark.
 */
export const WatermarkLineSchema = Type.Object({
  watermark: Type.String(),
  stream: Type.Optional(Type.Union([Type.Literal('begin'), Type.Literal('end')])),
});
export type WatermarkLine = Static<typeof WatermarkLineSchema>;
