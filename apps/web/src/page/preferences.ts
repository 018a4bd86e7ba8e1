import { useCallback, useSyncExternalStore } from 'react';

/** What this browser remembers between visits: choices about the view, never data or secrets. */
export interface Preferences {
  theme: 'system' | 'light' | 'dark';
  /** The laptop layout's side panel with the controls. */
  controlsOpen: boolean;
  /** Spoken announcements of a new leader. */
  announce: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', controlsOpen: true, announce: true };

const KEY = 'tagstream.preferences';
const listeners = new Set<() => void>();
let cached: Preferences | null = null;

/** Reads stored preferences, keeping only values that make sense (storage is user-editable). */
export function parsePreferences(text: string | null): Preferences {
  let stored: Record<string, unknown> = {};
  try {
    const value: unknown = text === null ? {} : JSON.parse(text);
    if (typeof value === 'object' && value !== null) stored = value as Record<string, unknown>;
  } catch {
    // unreadable: defaults
  }
  return {
    theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
    controlsOpen:
      typeof stored.controlsOpen === 'boolean' ? stored.controlsOpen : DEFAULT_PREFERENCES.controlsOpen,
    announce: typeof stored.announce === 'boolean' ? stored.announce : DEFAULT_PREFERENCES.announce,
  };
}

/** The stored preferences (defaults where storage is empty or disabled). */
export function storedPreferences(): Preferences {
  if (cached) return cached;
  try {
    cached = parsePreferences(localStorage.getItem(KEY));
  } catch {
    cached = DEFAULT_PREFERENCES; // storage disabled
  }
  return cached;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The preferences and a setter that stores a change and redraws whatever reads them. */
export function usePreferences(): [Preferences, (patch: Partial<Preferences>) => void] {
  const preferences = useSyncExternalStore(subscribe, storedPreferences);
  const update = useCallback((patch: Partial<Preferences>) => {
    cached = { ...storedPreferences(), ...patch };
    try {
      localStorage.setItem(KEY, JSON.stringify(cached));
    } catch {
      // storage disabled: the choice lasts for this page
    }
    listeners.forEach((listener) => listener());
  }, []);
  return [preferences, update];
}
