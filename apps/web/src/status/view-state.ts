import type { SourceStatus } from '@tagstream/protocol';
import type { ConnectionState } from '../live/live-state.ts';

/** A reconnect that succeeds within this is a blip, not news. */
export const GONE_AFTER_MS = 2_000;

/** What the page is showing, in the one word a reader looks for. */
export interface ViewState {
  kind: 'connecting' | 'live' | 'paused' | 'finished' | 'source-down' | 'reconnecting' | 'gone';
  text: string;
  /** Whether the figures on screen have stopped following the stream. */
  stale: boolean;
}

export interface ViewStateInput {
  connection: ConnectionState;
  lostAt: number | null;
  nextRetryAt: number | null;
  source: SourceStatus | null;
  now: number;
}

function retryText(nextRetryAt: number | null, now: number): string {
  if (nextRetryAt === null) return 'reconnecting…';
  const seconds = Math.ceil((nextRetryAt - now) / 1000);
  return seconds > 0 ? `reconnecting in ${seconds} s` : 'reconnecting now';
}

/** Whether a replay ran to its end (not a loop): its figures will not change any more. */
export function replayFinished(source: SourceStatus | null): boolean {
  const replay = source?.replay;
  return replay !== undefined && !replay.loop && replay.total > 0 && replay.position >= replay.total;
}

/**
 * The state of the view, most important first: the server being gone outranks a paused replay, which
 * outranks a finished one. Pure, with the time passed in, so the countdown is testable.
 */
export function viewState({ connection, lostAt, nextRetryAt, source, now }: ViewStateInput): ViewState {
  if (connection === 'connecting') return { kind: 'connecting', text: 'Connecting…', stale: false };
  if (connection === 'disconnected') return { kind: 'gone', text: 'Server gone', stale: true };
  if (connection === 'reconnecting') {
    const gone = lostAt !== null && now - lostAt >= GONE_AFTER_MS;
    const retry = retryText(nextRetryAt, now);
    return gone
      ? { kind: 'gone', text: `Server gone · ${retry}`, stale: true }
      : { kind: 'reconnecting', text: retry[0]!.toUpperCase() + retry.slice(1), stale: true };
  }
  if (source?.replay?.paused) return { kind: 'paused', text: 'Paused', stale: false };
  if (replayFinished(source)) return { kind: 'finished', text: 'Replay finished', stale: false };
  if (source && !source.connected) {
    return { kind: 'source-down', text: `Source ${source.state || 'not connected'}`, stale: true };
  }
  return { kind: 'live', text: 'Live', stale: false };
}
