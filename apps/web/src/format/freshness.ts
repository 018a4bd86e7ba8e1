/**
 * How long ago something happened, coarse enough to read at a glance: `2 s ago`, `3 min ago`, `5 h ago`.
 * A negative age (the clock moved backwards) reads as `0 s ago` rather than as the future.
 */
export function formatAge(ageMs: number): string {
  const seconds = Math.max(0, Math.floor(ageMs / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
