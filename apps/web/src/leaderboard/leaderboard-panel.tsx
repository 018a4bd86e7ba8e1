import { useCallback, useState } from 'react';
import type { BatchResult, Settings, SourceStatus } from '@tagstream/protocol';
import { ExportButtons } from '../export/export-buttons.tsx';
import { DEFAULT_TRACKER } from '../live/live-state.ts';
import { useMediaQuery } from '../page/use-media-query.ts';
import { StaleMark } from '../shared/stale-mark.tsx';
import { chartAnimationMs } from './chart-animation.ts';
import { focusOn, NO_PEEK, peekedTag, pointAt } from './peek-sources.ts';
import { RelatedPeek } from './related-peek.tsx';
import { TopChart } from './top-chart.tsx';
import { TopTable } from './top-table.tsx';
import { WaitingForFirstWindow } from './waiting-for-first-window.tsx';

interface LeaderboardPanelProps {
  /** The tracker whose counts are shown. */
  tracker: string;
  latest: BatchResult | null;
  settings: Settings | null;
  source: SourceStatus | null;
  batchIntervalMs: number | null;
  stale: boolean;
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
}

/** The heart of the dashboard: the window's top hashtags as a chart and as a table. */
export function LeaderboardPanel(props: LeaderboardPanelProps) {
  const { tracker, latest, settings, source, batchIntervalMs, stale, selectedTag, onSelectTag } = props;
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const k = latest?.top.length ?? settings?.topK ?? 10;
  // The tag pointed at or focused: its related tags show between the chart and the table.
  const [peek, setPeek] = useState(NO_PEEK);
  // Called on every pointer move: a state update only when the tag changes.
  const onPoint = useCallback((tag: string | null) => setPeek((was) => pointAt(was, tag)), []);
  const onFocusTag = useCallback((tag: string | null) => setPeek((was) => focusOn(was, tag)), []);
  const peekTag = peekedTag(peek);
  const peeked = latest?.top.find((entry) => entry.tag === peekTag) ?? null;

  return (
    <section
      id="leaderboard"
      className={`card leaderboard${stale ? ' is-stale' : ''}`}
      aria-labelledby="leaderboard-heading"
    >
      <header className="card-header">
        <h2 id="leaderboard-heading">Leaderboard</h2>
        <p className="card-subtitle">
          Top {k} in the window
          {tracker !== DEFAULT_TRACKER && (
            <>
              {' · tracker '}
              <strong data-testid="leaderboard-tracker">{tracker}</strong>
            </>
          )}
        </p>
        <StaleMark stale={stale} />
        <ExportButtons result={latest} source={source} />
      </header>
      {latest === null ? (
        <WaitingForFirstWindow settings={settings} />
      ) : (
        <div className="leaderboard-body">
          {latest.top.length > 0 && (
            <TopChart
              top={latest.top}
              animationMs={chartAnimationMs(batchIntervalMs, reducedMotion)}
              slots={latest.top.length}
              selectedTag={selectedTag}
              onSelectTag={onSelectTag}
              onPoint={onPoint}
            />
          )}
          {latest.top.length > 0 && <RelatedPeek entry={peeked} top={latest.top} />}
          <TopTable
            top={latest.top}
            selectedTag={selectedTag}
            onSelectTag={onSelectTag}
            onPoint={onPoint}
            onFocusTag={onFocusTag}
          />
        </div>
      )}
    </section>
  );
}
