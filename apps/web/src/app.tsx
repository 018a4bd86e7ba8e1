import { useCallback, useEffect } from 'react';
import { LeaderAnnouncer } from './a11y/leader-announcer.tsx';
import { AdminTokenDialog } from './api/admin-token-dialog.tsx';
import { TagDetailsPanel } from './details/tag-details-panel.tsx';
import { HeadlineNumbers } from './headline/headline-numbers.tsx';
import { LeaderboardPanel } from './leaderboard/leaderboard-panel.tsx';
import { FreezeButton } from './live/freeze-button.tsx';
import { useFreeze } from './live/use-freeze.ts';
import { useLiveFeed } from './live/use-live-feed.ts';
import { parsePageState, type PanelId } from './page/page-state.ts';
import { usePreferences } from './page/preferences.ts';
import { SectionNav } from './page/section-nav.tsx';
import { applyTheme } from './page/theme.ts';
import { ThemeToggle } from './page/theme-toggle.tsx';
import { usePageState } from './page/use-page-state.ts';
import { SettingsPanel } from './settings/settings-panel.tsx';
import { SourcePanel } from './source/source-panel.tsx';
import { ConnectionBanner } from './status/connection-banner.tsx';
import { LostLinesBanner } from './status/lost-lines-banner.tsx';
import { StatusLine } from './status/status-line.tsx';
import { useNow } from './status/use-now.ts';
import { viewState } from './status/view-state.ts';
import { ViewStateBadge } from './status/view-state-badge.tsx';
import { TrackKeywordsPanel } from './track/track-keywords-panel.tsx';
import { TrendsPanel } from './trends/trends-panel.tsx';

function scrollToPanel(panel: PanelId) {
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.getElementById(panel)?.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
}

/**
 * The dashboard: live state from socket.io, view state from the address bar, choices from this browser,
 * and the panels. CSS lays the groups out for a phone (chart first), a laptop (controls in a side panel)
 * and the wall view (`?view=wall`: headline numbers and chart on the whole screen, nothing else).
 */
export function App() {
  const { state: live, reconnect, dispatch } = useLiveFeed();
  const [page, updatePage] = usePageState();
  const [preferences, setPreferences] = usePreferences();
  const { shown: state, frozen, missed, toggle: toggleFreeze } = useFreeze(live);
  const now = useNow(1000);
  const view = viewState({ ...live, now });
  const wall = page.view === 'wall';
  const selectTag = useCallback((tag: string) => updatePage({ tag }, 'push'), [updatePage]);
  const closeDetails = useCallback(() => updatePage({ tag: null }, 'push'), [updatePage]);
  const navigate = useCallback(
    (panel: PanelId) => {
      updatePage({ panel }, 'replace');
      scrollToPanel(panel);
    },
    [updatePage],
  );

  useEffect(() => applyTheme(preferences.theme), [preferences.theme]);
  // A link with ?panel=… opens scrolled to that panel.
  useEffect(() => {
    const { panel } = parsePageState(window.location.search);
    if (panel) scrollToPanel(panel);
  }, []);

  return (
    <div className={`app${wall ? ' wall' : ''}${preferences.controlsOpen ? '' : ' controls-closed'}`}>
      <header className="app-header">
        <div className="app-title">
          <h1>tagstream</h1>
          <p className="app-tagline">Live hashtag counts in sliding windows</p>
        </div>
        <ViewStateBadge state={view} />
        <StatusLine
          connection={live.connection}
          latest={state.latest}
          receivedAt={state.receivedAt}
          source={live.source}
        />
        <div className="header-tools">
          <FreezeButton frozen={frozen} missed={missed} onToggle={toggleFreeze} />
          {!wall && (
            <button
              type="button"
              aria-expanded={preferences.controlsOpen}
              aria-controls="controls"
              onClick={() => setPreferences({ controlsOpen: !preferences.controlsOpen })}
            >
              Controls
            </button>
          )}
          <details className="display-menu">
            <summary>Display</summary>
            <div className="display-menu-body">
              <ThemeToggle theme={preferences.theme} onChange={(theme) => setPreferences({ theme })} />
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={preferences.announce}
                  onChange={(event) => setPreferences({ announce: event.target.checked })}
                />
                Announce new leaders
              </label>
              <a
                href={wall ? '?' : '?view=wall'}
                onClick={(event) => {
                  event.preventDefault();
                  updatePage({ view: wall ? null : 'wall' }, 'push');
                }}
              >
                {wall ? 'Leave the wall view' : 'Wall view (full screen chart)'}
              </a>
            </div>
          </details>
        </div>
        {!wall && <SectionNav current={page.panel} onNavigate={navigate} />}
      </header>
      <ConnectionBanner
        connection={live.connection}
        lostAt={live.lostAt}
        reconnectAttempts={live.reconnectAttempts}
        hasData={state.latest !== null}
        onReconnect={reconnect}
      />
      <LostLinesBanner source={live.source} />
      <main className={`dashboard${view.stale ? ' stale' : ''}`}>
        <div className="dashboard-primary">
          <HeadlineNumbers
            history={state.history}
            latest={state.latest}
            rates={live.rates}
            source={live.source}
            stale={view.stale}
            now={now}
          />
          <LeaderboardPanel
            latest={state.latest}
            settings={live.settings}
            source={live.source}
            batchIntervalMs={state.batchIntervalMs}
            stale={view.stale}
            selectedTag={page.tag}
            onSelectTag={selectTag}
          />
        </div>
        {!wall && (
          <div className="dashboard-secondary">
            {page.tag !== null && (
              <TagDetailsPanel
                tag={page.tag}
                latest={state.latest}
                receivedAt={state.receivedAt}
                onClose={closeDetails}
                onSelectTag={selectTag}
              />
            )}
            <TrendsPanel
              history={state.history}
              latest={state.latest}
              receivedAt={state.receivedAt}
              stale={view.stale}
              onSelectTag={selectTag}
            />
          </div>
        )}
        {!wall && (
          <aside
            id="controls"
            className="dashboard-controls"
            aria-label="Controls"
            hidden={!preferences.controlsOpen}
          >
            <SourcePanel source={live.source} stale={view.stale} />
            <TrackKeywordsPanel
              keywords={live.keywords}
              onKeywordsChanged={(keywords) => dispatch({ type: 'track', keywords })}
            />
            <SettingsPanel
              settings={live.settings}
              onSettingsChanged={(settings) => dispatch({ type: 'settings', settings })}
            />
          </aside>
        )}
      </main>
      <LeaderAnnouncer latest={state.latest} enabled={preferences.announce} />
      <AdminTokenDialog />
    </div>
  );
}
