import { Type, type Static } from '@sinclair/typebox';
import { ReplaySpeedSchema } from './rest.ts';

/** The replay feeding the core, as dashboards see it: file names only, never the ingestor's paths. */
export const SourceReplaySchema = Type.Object({
  files: Type.Array(Type.String()),
  position: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  speed: ReplaySpeedSchema,
  paused: Type.Boolean(),
  loop: Type.Boolean(),
  /** The replay clock in tweet time. */
  tweetTime: Type.Union([Type.String(), Type.Null()]),
});
export type SourceReplay = Static<typeof SourceReplaySchema>;

/** What feeds the core, as reported by `GET /api/source` and the `source` event. */
export const SourceStatusSchema = Type.Object({
  kind: Type.Union([Type.Literal('replay'), Type.Literal('live'), Type.Literal('tcp')]),
  /** The line source the core reads, e.g. `tcp://127.0.0.1:5554`. */
  address: Type.String(),
  connected: Type.Boolean(),
  /** Lines per second over the last few seconds, as received by the core. */
  tweetsPerSec: Type.Number({ minimum: 0 }),
  /** Human-readable state, e.g. `reconnecting in 2 s`. */
  state: Type.String(),
  replay: Type.Optional(SourceReplaySchema),
  /**
   * Input lines lost since the first start: they had left the ingestor's log before the core
   * asked for them (an outage beyond the log's bounds). Absent while none were.
   */
  lost: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type SourceStatus = Static<typeof SourceStatusSchema>;
