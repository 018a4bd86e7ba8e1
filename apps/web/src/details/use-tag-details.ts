import { useEffect, useState } from 'react';
import type { TagDetail } from '@tagstream/protocol';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { dashboardApi } from '../api/dashboard-api.ts';

/** What is known about one tag's details request. */
export interface TagDetailsState {
  tag: string;
  details: TagDetail | null;
  error: string | null;
}

/**
 * `GET /api/tags/:tag` in the tracker shown, fetched again when `refreshKey` changes (the caller
 * derives it from the arrival of results, coarsely, so a replay at max speed does not turn into a
 * request storm).
 */
export function useTagDetails(tag: string, tracker: string, refreshKey: number): TagDetailsState | null {
  const [state, setState] = useState<TagDetailsState | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    dashboardApi.tagDetails(tag, tracker, abort.signal).then(
      (details) => setState({ tag, details, error: null }),
      (cause: unknown) => {
        if (abort.signal.aborted) return;
        const message =
          cause instanceof ApiError && cause.status === 404
            ? 'Nothing about this tag is retained any more.'
            : errorMessage(cause);
        setState({ tag, details: null, error: message });
      },
    );
    return () => abort.abort();
  }, [tag, tracker, refreshKey]);
  // A previous tag's answer is not this tag's.
  return state?.tag === tag ? state : null;
}
