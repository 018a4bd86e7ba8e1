/** Bars glide for this long when results are far apart. */
export const FULL_ANIMATION_MS = 400;
/** Below this an animation is more blur than motion: redraw at once. */
const SHORTEST_USEFUL_ANIMATION_MS = 120;

/**
 * How long the chart may animate a new result. An animation still running when the next result
 * arrives restarts from mid-flight, which reads as flicker; so it takes at most half the time
 * between results, and none when results come faster than it can be seen (a replay at max speed)
 * or when the reader asked for reduced motion.
 */
export function chartAnimationMs(batchIntervalMs: number | null, prefersReducedMotion: boolean): number {
  if (prefersReducedMotion) return 0;
  if (batchIntervalMs === null) return FULL_ANIMATION_MS;
  const duration = Math.min(FULL_ANIMATION_MS, Math.floor(batchIntervalMs / 2));
  return duration < SHORTEST_USEFUL_ANIMATION_MS ? 0 : duration;
}
