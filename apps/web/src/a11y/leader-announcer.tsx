import { useEffect, useRef, useState } from 'react';
import type { BatchResult } from '@tagstream/protocol';
import { leaderAnnouncement, type Announced } from './leader-announcement.ts';

/**
 * The page's one live region: it speaks when a new tag takes the lead (see `leaderAnnouncement`), and
 * stays silent when the reader turned announcements off. Everything else that changes every second
 * (counts, ages) is deliberately not live.
 */
export function LeaderAnnouncer({ latest, enabled }: { latest: BatchResult | null; enabled: boolean }) {
  const announced = useRef<Announced>({ leader: null, at: null });
  const [message, setMessage] = useState('');
  useEffect(() => {
    const said = leaderAnnouncement(announced.current, latest, Date.now());
    announced.current = said.announced;
    if (said.message !== null && enabled) setMessage(said.message);
  }, [latest, enabled]);
  useEffect(() => {
    if (!enabled) setMessage('');
  }, [enabled]);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {message}
    </p>
  );
}
