import type { Timers } from '@tagstream/time';

/**
 * How often the pipeline looks at the wall clock when no line arrives: plain-text input runs on
 * wall time and needs something to close its batches, and the checkpoint is due by time too.
 * A quarter second keeps a 1 s batch's result within a quarter second of its end.
 */
export const WALL_TICK_MS = 250;

/** Calls `fn` every WALL_TICK_MS on `clock` (never keeping the process alive); returns what stops it. */
export function startWallTick(clock: Timers, fn: () => void): () => void {
  const handle = clock.setInterval(fn, WALL_TICK_MS, { keepAlive: false });
  return () => clock.clearTimeout(handle);
}
