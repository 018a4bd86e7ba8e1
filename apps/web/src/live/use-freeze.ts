import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveState } from './live-state.ts';

/**
 * "Freeze view": the results on screen hold still while counting goes on underneath. Connection and
 * source state stay live (they say what is happening now); the results, their history and their age
 * are those of the moment of freezing. Counts how many results arrived meanwhile, for the badge.
 */
export function useFreeze(live: LiveState) {
  const [frozen, setFrozen] = useState<LiveState | null>(null);
  const [missed, setMissed] = useState(0);
  const seen = useRef(live.latest);
  useEffect(() => {
    if (live.latest !== seen.current) {
      seen.current = live.latest;
      if (frozen) setMissed((n) => n + 1);
    }
  }, [live.latest, frozen]);
  const toggle = useCallback(() => {
    setMissed(0);
    setFrozen((current) => (current ? null : live));
  }, [live]);
  const shown: LiveState = frozen
    ? {
        ...live,
        latest: frozen.latest,
        history: frozen.history,
        receivedAt: frozen.receivedAt,
        batchIntervalMs: null,
      }
    : live;
  return { shown, frozen: frozen !== null, missed, toggle };
}
