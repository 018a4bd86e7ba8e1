import { Type, type Static } from '@sinclair/typebox';

/**
 * The normalized tweet line the ingestor writes to its TCP socket (DESIGN.md §3), in this key
 * order, unknown fields left out. The one definition of its shape: the writer (`toWireLine` in
 * @tagstream/tweets) takes its keys from it and its reader (`fromNormalized`) reads them by it.
 * Readers accept more (other formats, extra fields); this is exactly what we write.
 */
export const WireTweetSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
    created_at: Type.Optional(Type.String()),
    text: Type.String(),
    lang: Type.Optional(Type.String()),
    author: Type.Optional(Type.String()),
    /** Written for retweets only. */
    rt: Type.Optional(Type.Boolean()),
    hashtags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type WireTweet = Static<typeof WireTweetSchema>;

/**
 * A watermark line's mark that a finite stream (a replay) begins or has ended: at `begin` the
 * consumer counts afresh, at `end` it closes every batch.
 */
export const StreamMarkSchema = Type.Union([Type.Literal('begin'), Type.Literal('end')]);
export type StreamMark = Static<typeof StreamMarkSchema>;

/**
 * The source's promise that later tweets are (almost) all newer than this event time, with an
 * optional `stream` mark; a consumer that ignores the mark still reads a correct watermark.
 * Written by `toWatermarkLine` in @tagstream/tweets, read by its `parseLine`.
 */
export const WatermarkLineSchema = Type.Object(
  { watermark: Type.String(), stream: Type.Optional(StreamMarkSchema) },
  { additionalProperties: false },
);
export type WatermarkLine = Static<typeof WatermarkLineSchema>;

/**
 * The one line a consumer may send right after connecting (DESIGN.md §3): resume from an offset
 * of the ingestor's log (`log` names the log the offset belongs to), or from the start of the
 * stream now being sent (`"stream"`: the current replay's `begin`, or the newest line live). A
 * consumer that sends nothing, or anything else, gets the live lines.
 */
export const ResumeRequestSchema = Type.Object(
  {
    from: Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('stream')]),
    log: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ResumeRequest = Static<typeof ResumeRequestSchema>;

/**
 * Sent only to a consumer that asked to resume: the log offset of the next line. The first line
 * it gets is one (the answer, with the log's identity); another comes before each run of lines,
 * so a jump (lines that left the log before the consumer read them) is seen, and counted.
 */
export const OffsetLineSchema = Type.Object(
  { offset: Type.Integer({ minimum: 0 }), log: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type OffsetLine = Static<typeof OffsetLineSchema>;

/** The one line to a consumer the ingestor will not serve (past its cap on consumers), before it closes. */
export const RefusedLineSchema = Type.Object({ refused: Type.String() }, { additionalProperties: false });
export type RefusedLine = Static<typeof RefusedLineSchema>;
