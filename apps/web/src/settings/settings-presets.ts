import type { Settings } from '@tagstream/protocol';

/** A named choice of batch, window and slide. */
export interface SettingsPreset {
  name: string;
  batchMs: number;
  windowMs: number;
  slideMs: number;
}

export const SETTINGS_PRESETS: readonly SettingsPreset[] = [
  // The PySpark original: StreamingContext(sc, 10) + window(20).
  { name: 'Spark tutorial: 10 s / 20 s', batchMs: 10_000, windowMs: 20_000, slideMs: 10_000 },
  // Moves every 2 s, for showing the dashboard to people.
  { name: 'Demo', batchMs: 2_000, windowMs: 10_000, slideMs: 2_000 },
  { name: 'Last 5 minutes', batchMs: 10_000, windowMs: 300_000, slideMs: 10_000 },
];

/** The preset the settings are on, if any, so its button can show as pressed. */
export function matchingPreset(settings: Settings | null): SettingsPreset | null {
  if (settings === null) return null;
  return (
    SETTINGS_PRESETS.find(
      (preset) =>
        preset.batchMs === settings.batchMs &&
        preset.windowMs === settings.windowMs &&
        preset.slideMs === settings.slideMs,
    ) ?? null
  );
}
