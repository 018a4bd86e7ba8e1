import { useCallback, useEffect } from 'react';
import { AdminTokenDialog } from './api/admin-token-dialog.tsx';
import { TagDetailsPanel } from './details/tag-details-panel.tsx';
import { LeaderboardPanel } from './leaderboard/leaderboard-panel.tsx';
import { useLiveFeed } from './live/use-live-feed.ts';
import { parsePageState, type PanelId } from './page/page-state.ts';
import { SectionNav } from './page/section-nav.tsx';
import { usePageState } from './page/use-page-state.ts';
import { SettingsPanel } from './settings/settings-panel.tsx';
import { SourcePanel } from './source/source-panel.tsx';
import { ConnectionBanner } from './status/connection-banner.tsx';
import { StatusLine } from './status/status-line.tsx';
import { TrackKeywordsPanel } from './track/track-keywords-panel.tsx';
import { TrendsPanel } from './trends/trends-panel.tsx';

function scrollToPanel(panel: PanelId) {
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.getElementById(panel)?.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
}

/**
 * The dashboard: live state from socket.io, view state from the address bar, and the panels.
 * Three groups of panels so that CSS can lay them out as one column (phone), two (laptop) or three (wall).
 */
export function App() {
  const { state, reconnect, dispatch } = useLiveFeed();
  const [page, updatePage] = usePageState();
  const selectTag = useCallback((tag: string) => updatePage({ tag }, 'push'), [updatePage]);
  const closeDetails = useCallback(() => updatePage({ tag: null }, 'push'), [updatePage]);
  const navigate = useCallback(
    (panel: PanelId) => {
      updatePage({ panel }, 'replace');
      scrollToPanel(panel);
    },
    [updatePage],
  );

  // A link with ?panel=… opens scrolled to that panel.
  useEffect(() => {
    const { panel } = parsePageState(window.location.search);
    if (panel) scrollToPanel(panel);
  }, []);

  return (
    <>
      <header className="app-header">
        <div className="app-title">
          <h1>tagstream</h1>
          <p className="app-tagline">Live hashtag counts in sliding windows</p>
        </div>
        <StatusLine
          connection={state.connection}
          latest={state.latest}
          receivedAt={state.receivedAt}
          source={state.source}
        />
        <SectionNav current={page.panel} onNavigate={navigate} />
      </header>
      <ConnectionBanner
        connection={state.connection}
        lostAt={state.lostAt}
        reconnectAttempts={state.reconnectAttempts}
        hasData={state.latest !== null}
        onReconnect={reconnect}
      />
      <main
        className={`dashboard${state.connection === 'reconnecting' || state.connection === 'disconnected' ? ' stale' : ''}`}
      >
        <div className="dashboard-primary">
          <LeaderboardPanel
            latest={state.latest}
            settings={state.settings}
            colours={state.colours}
            batchIntervalMs={state.batchIntervalMs}
            selectedTag={page.tag}
            onSelectTag={selectTag}
          />
        </div>
        <div className="dashboard-secondary">
          {page.tag !== null && (
            <TagDetailsPanel
              tag={page.tag}
              latest={state.latest}
              receivedAt={state.receivedAt}
              colours={state.colours}
              onClose={closeDetails}
            />
          )}
          <TrendsPanel
            history={state.history}
            latest={state.latest}
            colours={state.colours}
            onSelectTag={selectTag}
          />
        </div>
        <div className="dashboard-controls">
          <SourcePanel source={state.source} />
          <TrackKeywordsPanel
            keywords={state.keywords}
            onKeywordsChanged={(keywords) => dispatch({ type: 'track', keywords })}
          />
          <SettingsPanel
            settings={state.settings}
            onSettingsChanged={(settings) => dispatch({ type: 'settings', settings })}
          />
        </div>
      </main>
      <AdminTokenDialog />
    </>
  );
}
