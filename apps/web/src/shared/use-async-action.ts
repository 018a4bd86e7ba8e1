import { useCallback, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';

/** Runs a request for a button: tracks that it is pending (to disable the button) and its error (to show it). */
export function useAsyncAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (cause) {
      setError(errorMessage(cause));
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error };
}
