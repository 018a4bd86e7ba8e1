import type { BatchResult, SourceStatus } from '@tagstream/protocol';
import type { ConnectionState } from '../live/live-state.ts';
import { formatAge } from '../format/freshness.ts';
import { formatCount } from '../format/numbers.ts';
import { formatWindowRange } from '../format/window-range.ts';
import { CONNECTION_LABELS } from './connection-label.ts';
import { useNow } from './use-now.ts';

interface StatusLineProps {
  connection: ConnectionState;
  latest: BatchResult | null;
  receivedAt: number | null;
  source: SourceStatus | null;
}

/**
 * One line that answers "is this live, and what am I looking at": the connection, the window in
 * tweet time, how many tweets it holds, how fresh it is, and the health counters.
 */
export function StatusLine({ connection, latest, receivedAt, source }: StatusLineProps) {
  const now = useNow(1000);
  const stats = latest?.stats;
  return (
    <div data-testid="status-line" className="status-line">
      <span className={`status-item connection connection-${connection}`}>
        <span className="connection-dot" aria-hidden="true" />
        {CONNECTION_LABELS[connection]}
      </span>
      {source && !source.connected && (
        <span className="status-item source-state">Source: {source.state || 'not connected'}</span>
      )}
      <span className="status-item">
        Window{' '}
        <span data-testid="window-range" className="window-range">
          {latest ? formatWindowRange(latest.window, new Date(now)) : 'none yet'}
        </span>
      </span>
      {stats && (
        <>
          <span className="status-item">{formatCount(stats.tweets)} tweets</span>
          {receivedAt !== null && (
            // The age changes every second: announcing it each time would drown everything else.
            <span className="status-item" aria-live="off">
              updated {formatAge(now - receivedAt)}
            </span>
          )}
          <span className="status-item health" title="Tweets in this window that were not counted, and why">
            late {formatCount(stats.late)} · duplicates {formatCount(stats.duplicates)} · malformed{' '}
            {formatCount(stats.malformed)}
            {stats.overflow ? ` · overflow ${formatCount(stats.overflow)}` : ''}
          </span>
        </>
      )}
    </div>
  );
}
