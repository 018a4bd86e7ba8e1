import { TAG_PALETTE } from '../leaderboard/tag-colours.ts';

// The first fifteen slots are fifteen hues; stepping four at a time gives ten trackers ten hues.
const HUES = 15;

/** The colour of the tracker at `index` in the list: trackers side by side never share one (up to fifteen). */
export function trackerColour(index: number): string {
  const slot = ((index * 4) % HUES) + (Math.floor(index / HUES) % 2) * HUES;
  return `var(--tag-${slot % TAG_PALETTE.length})`;
}
