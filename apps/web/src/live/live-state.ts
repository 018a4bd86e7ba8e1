import type { BatchResult, Settings, Snapshot, SourceStatus, Tracker, VoiceEntry } from '@tagstream/protocol';

/** The socket's state as the reader should understand it. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Everything the dashboard knows from the server's push channel. Times are this browser's clock, in ms. */
export interface LiveState {
  connection: ConnectionState;
  /** Reconnection attempts since the connection was lost (0 while connected). */
  reconnectAttempts: number;
  /** When the connection was lost, to tell a blip from a server that is gone. */
  lostAt: number | null;
  settings: Settings | null;
  /** The tracker whose results `latest` and `history` are (the server's answer to what the page asked for). */
  tracker: string;
  /** The trackers besides the default one. */
  trackers: Tracker[];
  latest: BatchResult | null;
  /** Recent results, oldest first, at most {@link HISTORY_LIMIT}. */
  history: BatchResult[];
  source: SourceStatus | null;
  keywords: string[];
  /** When `latest` arrived here. */
  receivedAt: number | null;
  /** Time between the last two results, which sets how long the chart may animate. */
  batchIntervalMs: number | null;
  /** When the next reconnection attempt is due, for the countdown; null when none is scheduled. */
  nextRetryAt: number | null;
  /** Recent `tweetsPerSec` readings of the source, oldest first, for the headline's sparkline. */
  rates: number[];
  /** While the compare view is open: the trackers' tweets per window, oldest first, at most {@link VOICE_LIMIT}. */
  voice: VoiceEntry[];
}

/** Enough for the trend chart at any slide, bounded so a long session does not grow without end. */
export const HISTORY_LIMIT = 360;

/** The default tracker, which counts everything the source sends. */
export const DEFAULT_TRACKER = 'everything';

/** Share-of-voice entries kept: 120 windows of ten trackers. */
export const VOICE_LIMIT = 1_200;

export const initialLiveState: LiveState = {
  connection: 'connecting',
  reconnectAttempts: 0,
  lostAt: null,
  settings: null,
  tracker: DEFAULT_TRACKER,
  trackers: [],
  latest: null,
  history: [],
  source: null,
  keywords: [],
  receivedAt: null,
  batchIntervalMs: null,
  nextRetryAt: null,
  rates: [],
  voice: [],
};

/** Readings of the source's rate kept for the sparkline (about a minute: the source reports every second). */
export const RATE_LIMIT = 60;

export type LiveEvent =
  | { type: 'connected' }
  | { type: 'connection-lost'; willRetry: boolean; at: number }
  | { type: 'reconnect-attempt'; attempt: number; at: number }
  | { type: 'retry-scheduled'; retryAt: number | null }
  | { type: 'snapshot'; snapshot: Snapshot; at: number }
  | { type: 'batch'; result: BatchResult; at: number }
  | { type: 'source'; status: SourceStatus }
  | { type: 'track'; keywords: string[] }
  | { type: 'settings'; settings: Settings }
  | { type: 'trackers'; trackers: Tracker[] }
  | { type: 'voice'; entries: VoiceEntry[] };

function sameResult(a: BatchResult | null, b: BatchResult): boolean {
  return a !== null && a.seq === b.seq && a.window.end === b.window.end;
}

/** Applies one event from the socket. Pure, so the dashboard's bookkeeping is tested without a browser. */
export function reduceLive(state: LiveState, event: LiveEvent): LiveState {
  switch (event.type) {
    case 'connected':
      return { ...state, connection: 'connected', reconnectAttempts: 0, lostAt: null, nextRetryAt: null };
    case 'connection-lost':
      return {
        ...state,
        connection: event.willRetry ? 'reconnecting' : 'disconnected',
        lostAt: state.lostAt ?? event.at,
      };
    case 'reconnect-attempt':
      return {
        ...state,
        connection: 'reconnecting',
        reconnectAttempts: event.attempt,
        lostAt: state.lostAt ?? event.at,
        nextRetryAt: null,
      };
    case 'retry-scheduled':
      return state.connection === 'connected' ? state : { ...state, nextRetryAt: event.retryAt };
    case 'snapshot': {
      const { snapshot } = event;
      const history = snapshot.history.slice(-HISTORY_LIMIT);
      const latest = snapshot.latest ?? history.at(-1) ?? null;
      const keepFreshness =
        latest !== null &&
        state.latest !== null &&
        snapshot.tracker === state.tracker &&
        sameResult(state.latest, latest);
      return {
        ...state,
        settings: snapshot.settings,
        tracker: snapshot.tracker,
        trackers: snapshot.trackers,
        voice: (snapshot.voice ?? []).slice(-VOICE_LIMIT),
        latest,
        history,
        source: snapshot.source,
        keywords: snapshot.keywords,
        rates: [...state.rates, snapshot.source.tweetsPerSec].slice(-RATE_LIMIT),
        // A reconnect re-sends the result already on screen: it is not news, so it does not look fresh.
        receivedAt: latest === null ? null : keepFreshness ? state.receivedAt : event.at,
      };
    }
    case 'batch': {
      const { result } = event;
      // The snapshot and the first push after it can carry the same result; a result of the
      // tracker shown before a switch may still be on its way.
      if (sameResult(state.latest, result) || (result.tracker ?? DEFAULT_TRACKER) !== state.tracker)
        return state;
      const history = [...state.history, result];
      if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
      return {
        ...state,
        latest: result,
        history,
        receivedAt: event.at,
        batchIntervalMs: state.receivedAt === null ? null : Math.max(0, event.at - state.receivedAt),
      };
    }
    case 'source': {
      const rates = [...state.rates, event.status.tweetsPerSec];
      if (rates.length > RATE_LIMIT) rates.splice(0, rates.length - RATE_LIMIT);
      return { ...state, source: event.status, rates };
    }
    case 'track':
      return { ...state, keywords: event.keywords };
    case 'settings':
      return { ...state, settings: event.settings };
    case 'trackers':
      return { ...state, trackers: event.trackers };
    case 'voice':
      return { ...state, voice: [...state.voice, ...event.entries].slice(-VOICE_LIMIT) };
  }
}
