import type { BatchResult } from '@tagstream/protocol';
import type { CounterTotals } from '@tagstream/stream';
import type { Tweet } from '@tagstream/tweets';
import type { LogPosition } from './log-reader.ts';

/** The server's own part of a checkpoint, in the counter checkpoint's `source` field. */
export interface ServerState {
  kind: 'tagstream-server';
  version: 1;
  history: BatchResult[];
  samples: Tweet[];
  /**
   * Where the counted input ends in the ingestor's log: taken at the same moment as the counter's
   * state, so a restart asks for exactly the lines after it (absent: none known, a plain source).
   */
  position?: LogPosition | null;
  /**
   * Lifetime counts of replaced counters, as checkpoints kept them before the counting
   * session did (now `lifetimeBase` beside the counter's state); read, no longer written.
   */
  lifetimeBase?: CounterTotals;
}

export function serverState(
  history: BatchResult[],
  samples: Tweet[],
  position: LogPosition | null = null,
): ServerState {
  return { kind: 'tagstream-server', version: 1, history, samples, position };
}

/** The server's part of a checkpoint, or null when it holds none this version can read. */
export function readServerState(value: unknown): ServerState | null {
  const v = value as Partial<ServerState> | null | undefined;
  if (typeof v !== 'object' || v === null || v.kind !== 'tagstream-server' || v.version !== 1) return null;
  if (!Array.isArray(v.history)) return null;
  return v as ServerState;
}
