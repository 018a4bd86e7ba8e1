import { Type, type Static } from '@sinclair/typebox';

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  uptimeSec: Type.Number(),
  source: Type.Object({ connected: Type.Boolean(), address: Type.String() }),
  lastBatchAt: Type.Union([Type.String(), Type.Null()]),
});
export type Health = Static<typeof HealthSchema>;

export const TrackSchema = Type.Object({
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { maxItems: 100 }),
});
export type Track = Static<typeof TrackSchema>;

export const HistoryQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
});

export const ReplayRequestSchema = Type.Object({
  file: Type.String({ minLength: 1, maxLength: 255 }),
  speed: Type.Optional(
    Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), Type.Literal('max')]),
  ),
  loop: Type.Optional(Type.Boolean()),
});
export type ReplayRequest = Static<typeof ReplayRequestSchema>;

export const RecordingSchema = Type.Object({
  name: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
  modified: Type.String(),
});
export const RecordingListSchema = Type.Object({ recordings: Type.Array(RecordingSchema) });
export type RecordingList = Static<typeof RecordingListSchema>;

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
