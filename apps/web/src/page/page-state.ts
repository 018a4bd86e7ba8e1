/** The sections a link can point at. */
export const PANELS = ['leaderboard', 'trends', 'source', 'track', 'settings'] as const;
export type PanelId = (typeof PANELS)[number];

/** What the address bar remembers, so a link or a reload shows the same view. */
export interface PageState {
  /** The tag whose details are open (its key). */
  tag: string | null;
  /** The section scrolled to. */
  panel: PanelId | null;
  /** `wall`: the kiosk view, chart and headline numbers on the whole screen, no controls. */
  view: 'wall' | null;
}

// Tags may be 500 characters or more; anything much longer is not a tag we could have shown.
const MAX_TAG_LENGTH = 2_000;

function isPanel(value: string | null): value is PanelId {
  return value !== null && (PANELS as readonly string[]).includes(value);
}

/** Reads `?tag=…&panel=…&view=wall`, ignoring values that make no sense. */
export function parsePageState(search: string): PageState {
  const params = new URLSearchParams(search);
  const tag = params.get('tag');
  const panel = params.get('panel');
  return {
    tag: tag !== null && tag !== '' && tag.length <= MAX_TAG_LENGTH ? tag : null,
    panel: isPanel(panel) ? panel : null,
    view: params.get('view') === 'wall' ? 'wall' : null,
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
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
