/**
 * Every Redis key, stream and group of the scale-out mode (DESIGN.md §9), in one place; the table
 * in ARCHITECTURE.md ("The keyspace on Redis") says what each holds. All keys share a prefix, so
 * several pipelines can live on one Redis.
 */
export interface Keyspace {
  /** Stream: every line the ingestor emits, in order; field `l` the line. */
  lines: string;
  /**
   * Hash: what the ingestor has appended to `lines`: `log` (its log's id), `first` and `last` (the
   * log offsets of the first and last line appended from that log). Makes appends idempotent.
   */
  appended: string;
  /** Consumer group of the workers on `lines`. */
  group: string;
  /**
   * String with a TTL every running worker renews: how the workers of the stream count (`merge`
   * or `digests`); a worker of the other mode refuses to start while it is set.
   */
  workersMode: string;
  /** Hash: entry id of `lines` → that line's digest (what the counting session is fed, parsed). */
  digests: string;
  /**
   * Hash: entry id → the digest of a line whose run was counted in parts (`work --merge`): the
   * emitter reads it only for the tweets a sum of parts cannot count (its `digests` field holds
   * the line's facts).
   */
  fullDigests: string;
  /** Hash: `<segment>|<batch index>` → a worker's partial counts of that batch for a segment of a run (`work --merge`). */
  parts: string;
  /** String with a TTL: the fencing token of the one emitter. */
  lease: string;
  /** Counter: the source of fencing tokens (each new lease gets a larger one). */
  fence: string;
  /** Hash: the emitter's progress: `checkpoint` (session state and position), `emitted` (results written). */
  emitter: string;
  /** Stream: every window result, in order; fields `n` (its number) and `r` (the BatchResult JSON). */
  results: string;
  /**
   * Hash: tag key → its drill-down (`TagDetail` JSON, what `GET /api/tags/{tag}` answers) for the
   * tags of the latest result's top and rising lists; replaced at most every second.
   */
  tags: string;
  /** Hash: the shared settings (`json`). */
  settings: string;
  /** Stream of the socket.io adapter that joins the web nodes (its broadcasts, with their offsets). */
  socketio: string;
  /** Prefix of the socket.io adapter's pub/sub channels. */
  socketioChannel: string;
  /** Prefix of the keys (TTL) of disconnected dashboards' sessions, for connection state recovery. */
  socketioSession: string;
  /** Stream: control requests from web nodes to the ingestor; fields `id`, `route`, `body`, `until`. */
  control: string;
  /** Consumer group of the ingestors on `control` (each request is taken by one). */
  controlGroup: string;
  /** Pub/sub channel: the ingestor's answers to control requests (`{id, status, body}`). */
  controlReplies: string;
  /** String with a TTL: set while an ingestor reads control requests (its name). */
  controlReader: string;
}

export const DEFAULT_PREFIX = 'tagstream:';

export function keyspace(prefix: string = DEFAULT_PREFIX): Keyspace {
  return {
    lines: `${prefix}lines`,
    appended: `${prefix}lines:appended`,
    group: 'workers',
    workersMode: `${prefix}workers:mode`,
    digests: `${prefix}digests`,
    fullDigests: `${prefix}digests:full`,
    parts: `${prefix}parts`,
    lease: `${prefix}emitter:lease`,
    fence: `${prefix}emitter:fence`,
    emitter: `${prefix}emitter`,
    results: `${prefix}results`,
    settings: `${prefix}settings`,
    tags: `${prefix}tags`,
    socketio: `${prefix}socket.io`,
    socketioChannel: `${prefix}socket.io`,
    socketioSession: `${prefix}socket.io:session:`,
    control: `${prefix}control`,
    controlGroup: 'ingestors',
    controlReplies: `${prefix}control:replies`,
    controlReader: `${prefix}control:reader`,
  };
}
