import { useEffect, useRef } from 'react';
import type { SourceStatus } from '@tagstream/protocol';
import { dashboardApi } from '../api/dashboard-api.ts';

/** How often the source status is re-read while the page is connected and visible. */
export const SOURCE_REFRESH_MS = 1_000;

/**
 * Keeps the source status current. The server pushes `source` only when something changes state
 * (connected, paused, a new replay), not as a replay advances; so the progress bar, the tweet time
 * and the tweets per second would freeze at their first values. This re-reads `GET /api/source`
 * while connected, skipping hidden tabs, never two requests at once. An answer is dropped when the
 * status changed while it was on its way (a push is newer than a read sent before it).
 */
export function useSourceRefresh(
  connected: boolean,
  source: SourceStatus | null,
  onStatus: (status: SourceStatus) => void,
  intervalMs = SOURCE_REFRESH_MS,
): void {
  const sourceRef = useRef(source);
  const onStatusRef = useRef(onStatus);
  useEffect(() => {
    sourceRef.current = source;
    onStatusRef.current = onStatus;
  });

  useEffect(() => {
    if (!connected) return;
    const abort = new AbortController();
    let inFlight = false;
    const refresh = () => {
      if (inFlight || document.hidden) return;
      inFlight = true;
      const sentWith = sourceRef.current;
      dashboardApi
        .source(abort.signal)
        .then(
          (status) => {
            if (!abort.signal.aborted && sourceRef.current === sentWith) onStatusRef.current(status);
          },
          () => undefined, // the socket reports a server that is gone; the next tick tries again
        )
        .finally(() => {
          inFlight = false;
        });
    };
    const timer = setInterval(refresh, intervalMs);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, [connected, intervalMs]);
}
