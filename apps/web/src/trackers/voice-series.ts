import type { VoiceEntry } from '@tagstream/protocol';

/** One window end of the compare chart: each tracker's tweets and its share of their sum. */
export interface VoicePoint {
  /** Window end, epoch ms. */
  time: number;
  /** Tweets per tracker, in the order of the trackers compared. */
  tweets: number[];
  /** Percent of the sum per tracker, in the same order; they add up to 100. */
  shares: number[];
}

/** Windows the compare chart spans at most. */
export const VOICE_POINTS = 120;

/**
 * Share of voice between trackers over time: at each window end, each tracker's tweets as a share
 * of the sum of the compared trackers' tweets. A tracker without an entry for a window had no
 * tweet in it (the server emits nothing for a quiet window); a window in which none of them had
 * one is left out (there is nothing to share). An entry seen twice for the same window (a snapshot
 * and a push) counts once, the later one winning. Pure, oldest first, at most `limit` points.
 */
export function voiceSeries(
  entries: readonly VoiceEntry[],
  trackers: readonly string[],
  limit = VOICE_POINTS,
): VoicePoint[] {
  const column = new Map(trackers.map((name, i) => [name, i]));
  const byEnd = new Map<number, number[]>();
  for (const entry of entries) {
    const i = column.get(entry.tracker);
    const time = Date.parse(entry.window.end);
    if (i === undefined || Number.isNaN(time)) continue;
    let tweets = byEnd.get(time);
    if (tweets === undefined) {
      tweets = trackers.map(() => 0);
      byEnd.set(time, tweets);
    }
    tweets[i] = entry.tweets;
  }
  const points: VoicePoint[] = [];
  for (const [time, tweets] of [...byEnd].sort(([a], [b]) => a - b)) {
    const sum = tweets.reduce((a, b) => a + b, 0);
    if (sum === 0) continue;
    points.push({ time, tweets, shares: tweets.map((n) => (100 * n) / sum) });
  }
  return points.slice(-limit);
}

/** A share as the legend shows it: `42 %`, `< 1 %` for a sliver, `0 %` for none. */
export function formatShare(share: number): string {
  if (share === 0) return '0 %';
  if (share < 1) return '< 1 %';
  return `${Math.round(share)} %`;
}
