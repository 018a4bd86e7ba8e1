import { useState } from 'react';
import { dashboardApi } from '../api/dashboard-api.ts';

interface PauseResumeButtonProps {
  /** Whether the server says the replay is paused. */
  paused: boolean;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  pending: boolean;
}

/**
 * "Pause" while the replay runs, "Resume" while it is paused. It flips as soon as the server accepts,
 * without waiting for the next `source` push, and follows the server when that changes it.
 */
export function PauseResumeButton({ paused, run, pending }: PauseResumeButtonProps) {
  const [shownPaused, setShownPaused] = useState(paused);
  const [serverPaused, setServerPaused] = useState(paused);
  if (paused !== serverPaused) {
    setServerPaused(paused);
    setShownPaused(paused);
  }

  const toggle = async () => {
    const pausing = !shownPaused;
    if (await run(() => (pausing ? dashboardApi.pauseReplay() : dashboardApi.resumeReplay()))) {
      setShownPaused(pausing);
    }
  };

  return (
    <button type="button" onClick={() => void toggle()} disabled={pending}>
      {shownPaused ? 'Resume' : 'Pause'}
    </button>
  );
}
