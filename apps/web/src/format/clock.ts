/** `HH:MM:SS` in UTC, for time axes in tweet time. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 19);
}
