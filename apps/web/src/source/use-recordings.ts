import { useCallback, useEffect, useState } from 'react';
import type { RecordingList } from '@tagstream/protocol';
import { errorMessage } from '../api/api-error.ts';
import { dashboardApi } from '../api/dashboard-api.ts';

export type Recording = RecordingList['recordings'][number];

/** The server's recordings folder, re-read on demand (after an upload). */
export function useRecordings() {
  const [recordings, setRecordings] = useState<Recording[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    dashboardApi.recordings(abort.signal).then(
      (list) => {
        setRecordings(list.recordings);
        setError(null);
      },
      (cause: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(cause));
      },
    );
    return () => abort.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { recordings, error, reload };
}
