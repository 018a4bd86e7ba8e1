import { useRef } from 'react';
import type { BatchResult, Settings } from '@tagstream/protocol';
import { ExportButtons } from '../export/export-buttons.tsx';
import { useMediaQuery } from '../page/use-media-query.ts';
import { chartAnimationMs } from './chart-animation.ts';
import { TopChart } from './top-chart.tsx';
import { TopTable } from './top-table.tsx';
import { WaitingForFirstWindow } from './waiting-for-first-window.tsx';

interface LeaderboardPanelProps {
  latest: BatchResult | null;
  settings: Settings | null;
  colours: ReadonlyMap<string, number>;
  batchIntervalMs: number | null;
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
}

/** The heart of the dashboard: the window's top hashtags as a chart and as a table. */
export function LeaderboardPanel(props: LeaderboardPanelProps) {
  const { latest, settings, colours, batchIntervalMs, selectedTag, onSelectTag } = props;
  const chartRef = useRef<HTMLDivElement>(null);
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const k = latest?.top.length ?? settings?.topK ?? 10;

  return (
    <section id="leaderboard" className="card leaderboard" aria-labelledby="leaderboard-heading">
      <header className="card-header">
        <h2 id="leaderboard-heading">Leaderboard</h2>
        <p className="card-subtitle">Top {k} in the window</p>
        <ExportButtons result={latest} chartRef={chartRef} />
      </header>
      {latest === null ? (
        <WaitingForFirstWindow settings={settings} />
      ) : (
        <div className="leaderboard-body">
          {latest.top.length > 0 && (
            <TopChart
              top={latest.top}
              colours={colours}
              animationMs={chartAnimationMs(batchIntervalMs, reducedMotion)}
              selectedTag={selectedTag}
              onSelectTag={onSelectTag}
              containerRef={chartRef}
            />
          )}
          <TopTable top={latest.top} colours={colours} selectedTag={selectedTag} onSelectTag={onSelectTag} />
        </div>
      )}
    </section>
  );
}
