import type { Settings } from '@tagstream/protocol';

/** Batches before a window that its rising tags are judged against: four windows' worth, 6 to 30 batches. */
export function lookbackBatches(windowBatches: number): number {
  return Math.min(30, Math.max(6, 4 * windowBatches));
}

/** Batches that rising tags and the drill-down read: the longest lookback plus the window, and at least 30 for the drill-down. */
export function readBatches(s: Settings): number {
  const w = s.windowMs / s.batchMs;
  return Math.max(lookbackBatches(w) + w, 30);
}

/** How long (event-time ms) the counter must keep closed batches for those readers. */
export function readRetentionMs(s: Settings): number {
  return readBatches(s) * s.batchMs;
}
