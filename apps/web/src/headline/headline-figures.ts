import type { BatchResult } from '@tagstream/protocol';

/** One headline number with its recent history for the sparkline (oldest first). */
export interface Figure {
  value: number | null;
  series: number[];
}

export interface HeadlineFigures {
  /** Tweets per second arriving from the source now (wall clock). */
  rate: Figure;
  /** Tweets counted in the current window. */
  tweets: Figure;
  /** Distinct hashtags in the current window. */
  distinctTags: Figure;
  /** Share of the window's tweets that carry the top tag, 0–1, and which tag that is. */
  topShare: Figure & { display: string | null };
}

/** How many recent results the sparklines span. */
export const SPARK_POINTS = 40;

function share(result: BatchResult): number | null {
  const leader = result.top[0];
  return leader && result.stats.tweets > 0 ? leader.count / result.stats.tweets : null;
}

/** The headline numbers and their sparklines, from the latest result, the recent ones and the source's rates. */
export function headlineFigures(
  history: readonly BatchResult[],
  latest: BatchResult | null,
  rates: readonly number[],
): HeadlineFigures {
  const recent = history.slice(-SPARK_POINTS);
  return {
    rate: { value: rates.at(-1) ?? null, series: rates.slice(-SPARK_POINTS) },
    tweets: { value: latest?.stats.tweets ?? null, series: recent.map((r) => r.stats.tweets) },
    distinctTags: {
      value: latest?.stats.distinctTags ?? null,
      series: recent.map((r) => r.stats.distinctTags),
    },
    topShare: {
      value: latest ? share(latest) : null,
      display: latest?.top[0]?.display ?? null,
      series: recent.map((r) => share(r) ?? 0),
    },
  };
}
