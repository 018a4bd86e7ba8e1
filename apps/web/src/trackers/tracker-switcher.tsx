import type { Tracker } from '@tagstream/protocol';
import { DEFAULT_TRACKER } from '../live/live-state.ts';

interface TrackerSwitcherProps {
  /** The tracker shown. */
  current: string;
  trackers: readonly Tracker[];
  onSwitch: (tracker: string) => void;
}

/** Which tracker the page shows: everything the source sends, or one tracker's tweets. */
export function TrackerSwitcher({ current, trackers, onSwitch }: TrackerSwitcherProps) {
  return (
    <label className="tracker-switcher">
      <span>Tracker</span>
      <select value={current} onChange={(event) => onSwitch(event.target.value)}>
        <option value={DEFAULT_TRACKER}>Everything</option>
        {trackers.map((tracker) => (
          <option key={tracker.name} value={tracker.name}>
            {tracker.name}
          </option>
        ))}
      </select>
    </label>
  );
}
