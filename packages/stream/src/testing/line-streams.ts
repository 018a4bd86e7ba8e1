/**
 * What the property tests that feed lines as the wire carries them share: an instant to count from,
 * small counting settings (2 s batches, so a few dozen lines span several windows) and the watermark
 * line. Each test draws its own tweets: the mixes differ on purpose.
 */
import type { Settings } from '@tagstream/protocol';

export const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

export const SMALL_SETTINGS: Settings = {
  batchMs: 2_000,
  windowMs: 6_000,
  slideMs: 2_000,
  topK: 5,
  retweets: false,
  related: 5,
};

/** A watermark line `at` ms after `T0`, with its stream mark if any. */
export function watermarkLine(at: number, mark?: 'begin' | 'end'): string {
  return JSON.stringify({ watermark: new Date(T0 + at).toISOString(), ...(mark ? { stream: mark } : {}) });
}
