import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, parsePreferences } from './preferences.ts';

describe('parsePreferences', () => {
  it('reads what was stored', () => {
    expect(parsePreferences('{"theme":"dark","controlsOpen":false,"announce":false}')).toEqual({
      theme: 'dark',
      controlsOpen: false,
      announce: false,
    });
  });

  it('falls back to the defaults for anything missing, wrong or unreadable', () => {
    expect(parsePreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('{"theme":"neon","controlsOpen":"yes"}')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('not json')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('[1,2]')).toEqual(DEFAULT_PREFERENCES);
  });
});
