import type { Tracker } from '@tagstream/protocol';
import { validateTrack, type TrackError } from './track.ts';

/** Why a list of trackers cannot be applied: a message, and for a rule that does not parse, where. */
export interface TrackersError {
  message: string;
  /** The bad rule: `index` is the tracker's place in the list. */
  rule?: TrackError;
}

/**
 * Checks a list of trackers beyond its shape (which the schema checks): names distinct without
 * regard to case (they name URLs and rooms), none taken by the default tracker, and every rule
 * parses. Returns the first problem, or null.
 */
export function validateTrackers(trackers: readonly Tracker[], reservedName: string): TrackersError | null {
  const seen = new Set<string>();
  for (const { name } of trackers) {
    const key = name.toLowerCase();
    if (key === reservedName.toLowerCase())
      return { message: `"${name}" is the default tracker's name: choose another` };
    if (seen.has(key)) return { message: `two trackers are named "${name}": names must differ` };
    seen.add(key);
  }
  const rule = validateTrack(trackers.map((t) => t.rule));
  if (rule === null) return null;
  const name = trackers[rule.index]?.name ?? '';
  return { message: `tracker "${name}": ${rule.message}`, rule };
}
