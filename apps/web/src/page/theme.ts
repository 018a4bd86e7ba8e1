import type { Preferences } from './preferences.ts';

/** Puts the chosen theme on the page: `data-theme` on <html>, which the stylesheet's colour scheme follows. */
export function applyTheme(theme: Preferences['theme']): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** The theme in force now: the chosen one, or the system's. */
export function resolvedTheme(): 'light' | 'dark' {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
