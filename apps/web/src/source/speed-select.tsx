import type { ReplaySpeed } from '@tagstream/protocol';
import { parseSpeed, speedChoicesWith, speedLabel } from './replay-speed.ts';

interface SpeedSelectProps {
  speed: ReplaySpeed;
  disabled: boolean;
  onChange: (speed: ReplaySpeed) => void;
}

/** The replay speed: applies at once to a running replay, and is used by the next start. */
export function SpeedSelect({ speed, disabled, onChange }: SpeedSelectProps) {
  return (
    <label className="inline-field">
      <span>Speed</span>
      <select
        value={String(speed)}
        disabled={disabled}
        onChange={(event) => {
          const next = parseSpeed(event.target.value);
          if (next !== null) onChange(next);
        }}
      >
        {speedChoicesWith(speed).map((choice) => (
          <option key={String(choice)} value={String(choice)}>
            {speedLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
