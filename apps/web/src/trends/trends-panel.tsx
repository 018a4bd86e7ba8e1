import type { BatchResult } from '@tagstream/protocol';
import { StaleMark } from '../shared/stale-mark.tsx';
import { RisingList } from './rising-list.tsx';
import { TrendChart } from './trend-chart.tsx';

interface TrendsPanelProps {
  history: readonly BatchResult[];
  tracker: string;
  latest: BatchResult | null;
  receivedAt: number | null;
  stale: boolean;
  onSelectTag: (tag: string) => void;
}

/** The recent past: the leaders' counts over time, and what is rising. */
export function TrendsPanel({ history, tracker, latest, receivedAt, stale, onSelectTag }: TrendsPanelProps) {
  return (
    <section id="trends" className={`card${stale ? ' is-stale' : ''}`} aria-labelledby="trends-heading">
      <header className="card-header">
        <h2 id="trends-heading">Trends</h2>
        <p className="card-subtitle">The five tags with the most over the recent windows</p>
        <StaleMark stale={stale} />
      </header>
      <TrendChart history={history} tracker={tracker} receivedAt={receivedAt} />
      {latest?.rising && <RisingList rising={latest.rising} onSelectTag={onSelectTag} />}
    </section>
  );
}
