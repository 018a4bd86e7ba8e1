import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { formatPageSearch, parsePageState, type PageState } from './page-state.ts';

// pushState and replaceState fire no event, so our own changes notify these listeners directly.
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('popstate', onChange);
  };
}

const readSearch = () => window.location.search;

/**
 * The view state kept in the address bar (`?tag=…&panel=…`). Opening a tag pushes a history entry,
 * so Back closes it; scrolling to a panel replaces the entry, so Back leaves the page as expected.
 */
export function usePageState(): [PageState, (patch: Partial<PageState>, mode: 'push' | 'replace') => void] {
  const search = useSyncExternalStore(subscribe, readSearch);
  const state = useMemo(() => parsePageState(search), [search]);
  const update = useCallback((patch: Partial<PageState>, mode: 'push' | 'replace') => {
    const { pathname, search: current, hash } = window.location;
    const next = formatPageSearch({ ...parsePageState(current), ...patch }, current);
    if (next === current) return;
    const url = `${pathname}${next}${hash}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    listeners.forEach((listener) => listener());
  }, []);
  return [state, update];
}
