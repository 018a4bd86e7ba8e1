import type { SourceStatus } from '@tagstream/protocol';
import { ReplayPanel } from './replay-panel.tsx';
import { SourceSummary } from './source-summary.tsx';

/** Where the tweets come from, and the replay controls. */
export function SourcePanel({ source }: { source: SourceStatus | null }) {
  return (
    <section id="source" className="card" aria-labelledby="source-heading">
      <header className="card-header">
        <h2 id="source-heading">Source &amp; replay</h2>
      </header>
      {source ? <SourceSummary source={source} /> : <p className="hint">Waiting for the server…</p>}
      <ReplayPanel replay={source?.replay ?? null} />
    </section>
  );
}
