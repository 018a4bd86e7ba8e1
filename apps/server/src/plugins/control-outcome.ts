import type { ControlReply } from '../ingestor-control.ts';

/**
 * What a change passed to the ingestor's control API came to: the new value, or
 * the ingestor's answer when it refused or could not be reached, for the route
 * to turn into an HTTP answer (see routes/ingestor-replies.ts).
 */
export type ControlOutcome<T> = { ok: true; value: T } | { ok: false; reply: ControlReply };
