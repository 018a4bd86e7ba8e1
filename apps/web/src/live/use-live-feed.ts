import { useCallback, useEffect, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  BatchResult,
  ClientToServerEvents,
  DashboardView,
  ServerToClientEvents,
} from '@tagstream/protocol';
import { HISTORY_LIMIT, initialLiveState, reduceLive, type LiveEvent, type LiveState } from './live-state.ts';

type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// A replay at max speed can push hundreds of results a second; the page redraws at most this often.
const MIN_REDRAW_INTERVAL_MS = 100;
// After the server closed the connection on purpose: the first wait before connecting again, and the longest.
const SERVER_CLOSE_RETRY_MS = 1_000;
const SERVER_CLOSE_RETRY_MAX_MS = 30_000;
// socket.io's own reconnection: its defaults, without the random jitter, so the countdown the header
// shows is the real one (a few wall screens reconnecting in the same second are no load).
const RECONNECT = { reconnectionDelay: 1_000, reconnectionDelayMax: 5_000, randomizationFactor: 0 };

/** When socket.io will make reconnection attempt `attempt` (1-based), counted from the previous failure. */
function reconnectDelay(attempt: number): number {
  return Math.min(RECONNECT.reconnectionDelayMax, RECONNECT.reconnectionDelay * 2 ** (attempt - 1));
}

/**
 * The server's push channel as React state. socket.io reconnects by itself with backoff; this
 * reports what it is doing, and also reconnects after the server closed the connection on purpose
 * (where socket.io gives up). `reconnect` connects at once, for a reader who will not wait.
 * `dispatch` applies a REST response at once (a PUT's answer), so the page does not wait for the
 * push that echoes it.
 *
 * `view` says what the page shows (a tracker; the compare view or not): the server sends only
 * that. It goes with every handshake, and a change is sent at once, answered with a snapshot.
 */
export function useLiveFeed(view: DashboardView): {
  state: LiveState;
  reconnect: () => void;
  dispatch: (event: LiveEvent) => void;
} {
  const [state, dispatch] = useReducer(reduceLive, initialLiveState);
  const socketRef = useRef<DashboardSocket | null>(null);
  const viewRef = useRef(view);

  useEffect(() => {
    const changed = viewRef.current.tracker !== view.tracker || viewRef.current.compare !== view.compare;
    viewRef.current = view;
    const socket = socketRef.current;
    if (changed && socket?.connected) socket.emit('watch', view);
  }, [view]);

  useEffect(() => {
    // Same origin, default path, WebSocket only: no HTTP long-polling handshake and upgrade round
    // trips before the first result, and every result one frame. (socket.io never fell back to
    // polling after a failed WebSocket anyway, unless asked with `tryAllTransports`.) The server
    // still serves polling to other clients. The handshake asks for the view shown at that moment,
    // reconnections included.
    const socket: DashboardSocket = io({
      transports: ['websocket'],
      ...RECONNECT,
      auth: (send) => send({ ...viewRef.current }),
    });
    socketRef.current = socket;
    let attempts = 0;
    const schedule = (delay: number) => dispatch({ type: 'retry-scheduled', retryAt: Date.now() + delay });
    const lost = () => {
      dispatch({ type: 'connection-lost', willRetry: socket.active, at: Date.now() });
      if (socket.active) schedule(reconnectDelay(attempts + 1));
    };
    const attempt = (n: number) => {
      attempts = n;
      dispatch({ type: 'reconnect-attempt', attempt: n, at: Date.now() });
    };
    const attemptFailed = () => schedule(reconnectDelay(attempts + 1));

    // A server that shuts down (a restart, a deploy) closes every connection on purpose, and socket.io
    // then stops retrying: a dashboard on a wall would stay dead until someone clicked. So after such a
    // close, connect again after a pause (which grows while the server keeps closing on us); once that
    // first try fails, socket.io's own reconnection with backoff takes over.
    let serverCloses = 0;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    socket.on('connect', () => {
      attempts = 0;
      dispatch({ type: 'connected' });
    });
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') {
        lost();
        return;
      }
      serverCloses++;
      dispatch({ type: 'connection-lost', willRetry: true, at: Date.now() });
      const delay = Math.min(SERVER_CLOSE_RETRY_MAX_MS, SERVER_CLOSE_RETRY_MS * 2 ** (serverCloses - 1));
      if (retryTimer !== null) clearTimeout(retryTimer);
      schedule(delay);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        socket.connect();
      }, delay);
    });
    socket.on('connect_error', lost);
    socket.io.on('reconnect_attempt', attempt);
    socket.io.on('reconnect_error', attemptFailed);
    // The first result after a quiet spell is drawn at once; those that follow within the redraw interval
    // are queued and applied together (React renders dispatches made in one task once).
    let queued: BatchResult[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      const results = queued;
      queued = [];
      flushTimer = results.length > 0 ? setTimeout(flush, MIN_REDRAW_INTERVAL_MS) : null;
      const at = Date.now();
      for (const result of results) dispatch({ type: 'batch', result, at });
    };
    socket.on('batch', (result) => {
      serverCloses = 0; // the server is serving us again
      if (flushTimer !== null) {
        queued.push(result);
        // Only the newest results matter; a throttled background tab must not hoard them.
        if (queued.length > HISTORY_LIMIT) queued.splice(0, queued.length - HISTORY_LIMIT);
        return;
      }
      dispatch({ type: 'batch', result, at: Date.now() });
      flushTimer = setTimeout(flush, MIN_REDRAW_INTERVAL_MS);
    });
    socket.on('snapshot', (snapshot) => {
      queued = []; // older than the snapshot, which holds them in its history
      dispatch({ type: 'snapshot', snapshot, at: Date.now() });
    });
    socket.on('source', (status) => dispatch({ type: 'source', status }));
    socket.on('track', ({ keywords }) => dispatch({ type: 'track', keywords }));
    socket.on('settings', (settings) => dispatch({ type: 'settings', settings }));
    socket.on('trackers', ({ trackers }) => dispatch({ type: 'trackers', trackers }));
    socket.on('voice', (entries) => dispatch({ type: 'voice', entries }));

    return () => {
      // Listeners first, so our own disconnect is not reported as a lost connection.
      socket.off();
      socket.io.off('reconnect_attempt', attempt);
      socket.io.off('reconnect_error', attemptFailed);
      socket.disconnect();
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (retryTimer !== null) clearTimeout(retryTimer);
      socketRef.current = null;
    };
  }, []);

  const reconnect = useCallback(() => {
    socketRef.current?.connect();
  }, []);

  return { state, reconnect, dispatch };
}
