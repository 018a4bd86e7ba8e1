/** The sections a link can point at. */
export const PANELS = [
  'leaderboard',
  'trends',
  'compare',
  'source',
  'track',
  'trackers',
  'settings',
] as const;
export type PanelId = (typeof PANELS)[number];

/** What the address bar remembers, so a link or a reload shows the same view. */
export interface PageState {
  /** The tag whose details are open (its key). */
  tag: string | null;
  /** The section scrolled to. */
  panel: PanelId | null;
  /** `wall`: the kiosk view, chart and headline numbers on the whole screen, no controls. */
  view: 'wall' | null;
  /** The tracker shown (`?tracker=NAME`); null for the default one, which counts everything. */
  tracker: string | null;
  /** Whether the compare view (share of voice between trackers) is open (`?compare=1`). */
  compare: boolean;
}

// Tags may be 500 characters or more; anything much longer is not a tag we could have shown.
const MAX_TAG_LENGTH = 2_000;
// As the server names trackers (TRACKER_NAME_PATTERN in @tagstream/protocol, which the page may not import at run time).
const TRACKER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

function isPanel(value: string | null): value is PanelId {
  return value !== null && (PANELS as readonly string[]).includes(value);
}

/** Reads `?tag=…&panel=…&view=wall&tracker=…&compare=1`, ignoring values that make no sense. */
export function parsePageState(search: string): PageState {
  const params = new URLSearchParams(search);
  const tag = params.get('tag');
  const panel = params.get('panel');
  const tracker = params.get('tracker');
  return {
    tag: tag !== null && tag !== '' && tag.length <= MAX_TAG_LENGTH ? tag : null,
    panel: isPanel(panel) ? panel : null,
    view: params.get('view') === 'wall' ? 'wall' : null,
    tracker: tracker !== null && TRACKER_NAME.test(tracker) ? tracker : null,
    compare: params.get('compare') === '1',
  };
}

/** Writes the state into a query string, keeping parameters that belong to someone else. */
export function formatPageSearch(state: PageState, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  if (state.tag === null) params.delete('tag');
  else params.set('tag', state.tag);
  if (state.panel === null) params.delete('panel');
  else params.set('panel', state.panel);
  if (state.view === null) params.delete('view');
  else params.set('view', state.view);
  if (state.tracker === null) params.delete('tracker');
  else params.set('tracker', state.tracker);
  if (state.compare) params.set('compare', '1');
  else params.delete('compare');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
