import type { SourceStatus } from '@tagstream/protocol';
import { StaleMark } from '../shared/stale-mark.tsx';
import { ReplayPanel } from './replay-panel.tsx';
import { SourceSummary } from './source-summary.tsx';

/** Where the tweets come from, and the replay controls. `stale`: the server is gone, so is what it said. */
export function SourcePanel({ source, stale }: { source: SourceStatus | null; stale: boolean }) {
  return (
    <section id="source" className={`card${stale ? ' is-stale' : ''}`} aria-labelledby="source-heading">
      <header className="card-header">
        <h2 id="source-heading">Source &amp; replay</h2>
        <StaleMark stale={stale} />
      </header>
      {source ? (
        <SourceSummary source={source} stale={stale} />
      ) : (
        <p className="hint">Waiting for the server…</p>
      )}
      <ReplayPanel replay={source?.replay ?? null} />
    </section>
  );
}
