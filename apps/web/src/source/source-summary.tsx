import type { SourceStatus } from '@tagstream/protocol';
import { formatRate } from '../format/numbers.ts';

const KIND_LABELS: Record<SourceStatus['kind'], string> = {
  replay: 'Replay of a recording',
  live: 'Live X filtered stream',
  tcp: 'TCP line source',
};

/**
 * What feeds the counts, whether it is connected, and how fast tweets arrive. While the server is gone,
 * nothing here is known any more: the last report is shown as such.
 */
export function SourceSummary({ source, stale }: { source: SourceStatus; stale: boolean }) {
  return (
    <dl className="facts">
      <div>
        <dt>Source</dt>
        <dd>{KIND_LABELS[source.kind] ?? source.kind}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd className={stale ? 'warn' : source.connected ? 'ok' : 'warn'}>
          {stale
            ? 'unknown: the server is not reachable'
            : source.state || (source.connected ? 'connected' : 'not connected')}
        </dd>
      </div>
      <div>
        <dt>Tweets/s</dt>
        <dd>{stale ? `${formatRate(source.tweetsPerSec)} (last known)` : formatRate(source.tweetsPerSec)}</dd>
      </div>
      <div className="wide">
        <dt>Address</dt>
        <dd className="mono">{source.address}</dd>
      </div>
    </dl>
  );
}
