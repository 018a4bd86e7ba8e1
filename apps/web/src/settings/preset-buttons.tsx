import type { Settings } from '@tagstream/protocol';
import { formatDuration } from '../format/duration.ts';
import { matchingPreset, SETTINGS_PRESETS, type SettingsPreset } from './settings-presets.ts';

interface PresetButtonsProps {
  settings: Settings | null;
  disabled: boolean;
  onChoose: (preset: SettingsPreset) => void;
}

/** One click to a known batch/window/slide; the current one shows as pressed. */
export function PresetButtons({ settings, disabled, onChoose }: PresetButtonsProps) {
  const current = matchingPreset(settings);
  return (
    <div role="group" aria-label="Presets" className="presets">
      {SETTINGS_PRESETS.map((preset) => (
        <button
          key={preset.name}
          type="button"
          aria-pressed={current?.name === preset.name}
          disabled={disabled}
          title={`batch ${formatDuration(preset.batchMs)}, window ${formatDuration(preset.windowMs)}, slide ${formatDuration(preset.slideMs)}`}
          onClick={() => onChoose(preset)}
        >
          {preset.name}
        </button>
      ))}
    </div>
  );
}
