import { useEffect, useState } from 'react';
import { dashboardApi } from '../api/dashboard-api.ts';
import type { BatchSeries } from './trend-series.ts';

/**
 * The per-batch counts of the followed tags in the tracker shown (`GET /api/tags/{tag}`), re-read when `refreshKey` changes
 * (`seriesRefreshKey`). A tag whose request fails simply has no
 * series: its line keeps what the top lists tell.
 */
export function useBatchSeries(
  tags: readonly string[],
  tracker: string,
  refreshKey: string,
): ReadonlyMap<string, BatchSeries> {
  const [series, setSeries] = useState<ReadonlyMap<string, BatchSeries>>(new Map());
  const key = JSON.stringify(tags);
  useEffect(() => {
    const abort = new AbortController();
    const wanted = JSON.parse(key) as string[];
    void Promise.all(
      wanted.map((tag) =>
        dashboardApi
          .tagDetails(tag, tracker, abort.signal)
          .then((details) => [tag, details.series] as const)
          .catch(() => null),
      ),
    ).then((answers) => {
      if (abort.signal.aborted) return;
      setSeries(new Map(answers.filter((answer) => answer !== null)));
    });
    return () => abort.abort();
  }, [key, tracker, refreshKey]);
  return series;
}
