import { useCallback, useEffect, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { BatchResult, ClientToServerEvents, ServerToClientEvents } from '@tagstream/protocol';
import { HISTORY_LIMIT, initialLiveState, reduceLive, type LiveEvent, type LiveState } from './live-state.ts';

type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// A replay at max speed can push hundreds of results a second; the page redraws at most this often.
const MIN_REDRAW_INTERVAL_MS = 100;

/**
 * The server's push channel as React state. socket.io reconnects by itself with backoff; this only
 * reports what it is doing. `reconnect` is for the one case it gives up: the server closed the
 * connection on purpose. `dispatch` applies a REST response at once (a PUT's answer), so the page
 * does not wait for the push that echoes it.
 */
export function useLiveFeed(): {
  state: LiveState;
  reconnect: () => void;
  dispatch: (event: LiveEvent) => void;
} {
  const [state, dispatch] = useReducer(reduceLive, initialLiveState);
  const socketRef = useRef<DashboardSocket | null>(null);

  useEffect(() => {
    // Same origin, default path. WebSocket first: polling is the fallback for proxies that block upgrades.
    const socket: DashboardSocket = io({ transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    const lost = () => dispatch({ type: 'connection-lost', willRetry: socket.active, at: Date.now() });
    const attempt = (n: number) => dispatch({ type: 'reconnect-attempt', attempt: n, at: Date.now() });

    socket.on('connect', () => dispatch({ type: 'connected' }));
    socket.on('disconnect', lost);
    socket.on('connect_error', lost);
    socket.io.on('reconnect_attempt', attempt);
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

    return () => {
      // Listeners first, so our own disconnect is not reported as a lost connection.
      socket.off();
      socket.io.off('reconnect_attempt', attempt);
      socket.disconnect();
      if (flushTimer !== null) clearTimeout(flushTimer);
      socketRef.current = null;
    };
  }, []);

  const reconnect = useCallback(() => {
    socketRef.current?.connect();
  }, []);

  return { state, reconnect, dispatch };
}
