import type { BatchResult } from '@tagstream/protocol';

/** One point in time of the trend chart: the window end and each followed tag's count then. */
export interface TrendPoint {
  /** Window end, epoch ms. */
  time: number;
  /** Counts in the order of the followed tags; null when the tag was not in that result's top. */
  values: Array<number | null>;
}

/**
 * The counts of `tags` across `history`, newest `limit` results. A tag outside a result's top has
 * an unknown count there (anything below the last entry), so it is a gap, not a zero.
 * Values are positional rather than keyed by tag because tags are user data (`__proto__`).
 */
export function buildTrendSeries(
  history: readonly BatchResult[],
  tags: readonly string[],
  limit = 60,
): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const result of history.slice(-limit)) {
    const time = Date.parse(result.window.end);
    if (Number.isNaN(time)) continue;
    const counts = new Map(result.top.map((entry) => [entry.tag, entry.count]));
    points.push({ time, values: tags.map((tag) => counts.get(tag) ?? null) });
  }
  return points;
}
