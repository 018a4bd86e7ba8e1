import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  RecordingListSchema,
  ReplayRequestSchema,
  ReplaySpeedRequestSchema,
  ReplaySpeedSchema,
  TrackSchema,
} from './rest.ts';

/*
 * The ingestor's HTTP control API (DESIGN.md §1, the control plane): what the server sends it and
 * what it answers. Its request bodies that the public REST API shares (`TrackSchema`,
 * `ReplayRequestSchema`, `ReplaySpeedRequestSchema`) are in rest.ts; the ones below are its own.
 */

/** `POST /replay/seek`: jump to this position of the current pass. */
export const ReplaySeekRequestSchema = Type.Object(
  { position: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type ReplaySeekRequest = Static<typeof ReplaySeekRequestSchema>;

/** What the ingestor writes on its socket: normalized JSON, or bare text for Spark and nc. */
export const LineFormatSchema = Type.Union([Type.Literal('json'), Type.Literal('text')]);
export type LineFormat = Static<typeof LineFormatSchema>;

/** Where a replay is: its position in the current pass and its pacing. */
export const ReplayProgressSchema = Type.Object({
  /** Tweets of the current pass already handled (sent, filtered out or skipped by a seek). */
  position: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  speed: ReplaySpeedSchema,
  paused: Type.Boolean(),
  loop: Type.Boolean(),
  /** Completed passes (a looping replay). */
  loops: Type.Integer({ minimum: 0 }),
  /** The replay clock in tweet time (epoch ms), null before start; stands still once done. */
  tweetTime: Type.Union([Type.Number(), Type.Null()]),
  sent: Type.Integer({ minimum: 0 }),
  filtered: Type.Integer({ minimum: 0 }),
  done: Type.Boolean(),
});
export type ReplayProgress = Static<typeof ReplayProgressSchema>;

/** A replay as the control API reports it: its progress, its files and what reading them found. */
export const IngestorReplayStatusSchema = Type.Composite([
  ReplayProgressSchema,
  Type.Object({
    /** The files' names in the recordings folder (never the host's paths). */
    files: Type.Array(Type.String()),
    tweetTimeIso: Type.Union([Type.String(), Type.Null()]),
    skipped: Type.Integer({ minimum: 0 }),
    malformed: Type.Integer({ minimum: 0 }),
    oversized: Type.Integer({ minimum: 0 }),
  }),
]);
export type IngestorReplayStatus = Static<typeof IngestorReplayStatusSchema>;

export const LiveStateSchema = Type.Union([
  Type.Literal('connecting'),
  Type.Literal('connected'),
  Type.Literal('reconnecting'),
  Type.Literal('rate-limited'),
  Type.Literal('error'),
  Type.Literal('closed'),
]);
export type LiveState = Static<typeof LiveStateSchema>;

/** One filtered-stream rule on X. */
export const StreamRuleSchema = Type.Object({
  id: Type.String(),
  value: Type.String(),
  tag: Type.Optional(Type.String()),
});
export type StreamRule = Static<typeof StreamRuleSchema>;

/** The live X stream's state. */
export const LiveStatusSchema = Type.Object({
  state: LiveStateSchema,
  /** When the next connection attempt is due (epoch ms), while waiting for one. */
  retryAt: Type.Optional(Type.Number()),
  /** Why we are not connected: X's error title/detail, or the network error. Never the token. */
  message: Type.Optional(Type.String()),
  /** Since when the current connection is up (epoch ms). */
  connectedSince: Type.Optional(Type.Number()),
  /** Tweet lines forwarded since start. */
  tweets: Type.Integer({ minimum: 0 }),
  /** Reconnection attempts started since start (the first connection is not one). */
  reconnects: Type.Integer({ minimum: 0 }),
  /** The stream rules that carry our keywords: ours, plus any foreign rule with the same value. */
  rules: Type.Array(StreamRuleSchema),
});
export type LiveStatus = Static<typeof LiveStatusSchema>;

/** `GET /status`, and the answer to every replay change: the ingestor's state. */
export const IngestorStatusSchema = Type.Object({
  kind: Type.Union([Type.Literal('replay'), Type.Literal('live'), Type.Literal('idle')]),
  /** The TCP line server, `tcp://host:port` (empty before it listens). */
  address: Type.String(),
  format: LineFormatSchema,
  consumers: Type.Integer({ minimum: 0 }),
  linesSent: Type.Integer({ minimum: 0 }),
  consumersCutOff: Type.Integer({ minimum: 0 }),
  /** Consumers turned away past the cap on consumers. */
  consumersRefused: Type.Integer({ minimum: 0 }),
  /** The durable log: its oldest and next offsets, its size, and lines dropped by its bounds before a reader of offsets got them. */
  log: Type.Object({
    first: Type.Integer({ minimum: 0 }),
    end: Type.Integer({ minimum: 0 }),
    bytes: Type.Integer({ minimum: 0 }),
    skipped: Type.Integer({ minimum: 0 }),
  }),
  keywords: Type.Array(Type.String()),
  live: Type.Union([LiveStatusSchema, Type.Null()]),
  replay: Type.Union([IngestorReplayStatusSchema, Type.Null()]),
});
export type IngestorStatus = Static<typeof IngestorStatusSchema>;

/**
 * Every route of the control API with its request body and its 200 answer: the ingestor
 * validates bodies with these schemas, the server's client validates answers with them, and
 * both are typed by them (as socket.io's event maps type both ends of a socket). Errors answer
 * `ErrorSchema` (rest.ts).
 */
export const IngestorControlRoutes = {
  'GET /status': { reply: IngestorStatusSchema },
  'GET /track': { reply: TrackSchema },
  'PUT /track': { body: TrackSchema, reply: TrackSchema },
  'GET /recordings': { reply: RecordingListSchema },
  'POST /replay': { body: ReplayRequestSchema, reply: IngestorStatusSchema },
  'POST /replay/pause': { reply: IngestorStatusSchema },
  'POST /replay/resume': { reply: IngestorStatusSchema },
  'POST /replay/speed': { body: ReplaySpeedRequestSchema, reply: IngestorStatusSchema },
  'POST /replay/seek': { body: ReplaySeekRequestSchema, reply: IngestorStatusSchema },
} as const satisfies Record<string, { body?: TSchema; reply: TSchema }>;

/** A control API route, written as `METHOD /path`. */
export type IngestorControlRoute = keyof typeof IngestorControlRoutes;

/** What a route takes as its body (undefined: none); for several routes, what any of them takes. */
export type IngestorControlBody<R extends IngestorControlRoute> = R extends IngestorControlRoute
  ? (typeof IngestorControlRoutes)[R] extends { body: infer S extends TSchema }
    ? Static<S>
    : undefined
  : never;

/** What a route answers with 200. */
export type IngestorControlReply<R extends IngestorControlRoute> = Static<
  (typeof IngestorControlRoutes)[R]['reply']
>;
