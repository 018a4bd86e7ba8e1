import type { BatchResult } from '@tagstream/protocol';
import { RisingList } from './rising-list.tsx';
import { TrendChart } from './trend-chart.tsx';

interface TrendsPanelProps {
  history: readonly BatchResult[];
  latest: BatchResult | null;
  colours: ReadonlyMap<string, number>;
  onSelectTag: (tag: string) => void;
}

/** The recent past: the leaders' counts over time, and what is rising. */
export function TrendsPanel({ history, latest, colours, onSelectTag }: TrendsPanelProps) {
  return (
    <section id="trends" className="card" aria-labelledby="trends-heading">
      <header className="card-header">
        <h2 id="trends-heading">Trends</h2>
        <p className="card-subtitle">The current top five over the recent windows</p>
      </header>
      <TrendChart history={history} latest={latest} colours={colours} />
      {latest?.rising && <RisingList rising={latest.rising} colours={colours} onSelectTag={onSelectTag} />}
    </section>
  );
}
