import type { ConnectionState } from '../live/live-state.ts';
import { useNow } from './use-now.ts';

// A reconnect that succeeds within this is a blip, not news.
const BANNER_DELAY_MS = 2_000;

interface ConnectionBannerProps {
  connection: ConnectionState;
  lostAt: number | null;
  reconnectAttempts: number;
  hasData: boolean;
  onReconnect: () => void;
}

/** A banner nobody can miss when the server is gone, saying that what is on screen is frozen. */
export function ConnectionBanner({
  connection,
  lostAt,
  reconnectAttempts,
  hasData,
  onReconnect,
}: ConnectionBannerProps) {
  const now = useNow(1000);
  const gone =
    connection === 'disconnected' ||
    (connection === 'reconnecting' && lostAt !== null && now - lostAt >= BANNER_DELAY_MS);
  if (!gone) return null;
  return (
    <div role="alert" className="banner banner-error">
      <strong>The server cannot be reached.</strong>{' '}
      {connection === 'reconnecting'
        ? `Reconnecting by itself${reconnectAttempts > 0 ? ` (attempt ${reconnectAttempts})` : ''}…`
        : 'The server closed the connection.'}
      {hasData && ' The figures shown are the last ones received.'}
      {connection === 'disconnected' && (
        <button type="button" onClick={onReconnect}>
          Reconnect
        </button>
      )}
    </div>
  );
}
