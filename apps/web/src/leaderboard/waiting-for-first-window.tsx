import type { Settings } from '@tagstream/protocol';
import { formatDuration } from '../format/duration.ts';

/** What the reader sees before any result: why it is empty, and how long that should last. */
export function WaitingForFirstWindow({ settings }: { settings: Settings | null }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">Waiting for the first window…</p>
      <p>
        {settings
          ? `Tweets are counted in ${formatDuration(settings.batchMs)} batches over a ${formatDuration(settings.windowMs)} window of tweet time. `
          : ''}
        The chart appears as soon as the first batch that holds tweets closes: within seconds for a replay,
        after one batch and a little lateness allowance for a live stream.
      </p>
    </div>
  );
}
