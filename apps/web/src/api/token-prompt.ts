/**
 * A single pending "please enter the admin token" question, shared by every request that got a 401
 * at the same time, so the reader is asked once. The dialog component subscribes to it; the API client
 * awaits it. Kept apart from React so the client stays testable.
 */
export interface TokenPrompt {
  /** Asks for a token; resolves with it, or null when the reader cancels. */
  request(reason: 'required' | 'refused'): Promise<string | null>;
  /** The open question, for the dialog to show, or null. */
  current(): { reason: 'required' | 'refused' } | null;
  answer(token: string | null): void;
  subscribe(listener: () => void): () => void;
}

export function createTokenPrompt(): TokenPrompt {
  let pending: { reason: 'required' | 'refused'; promise: Promise<string | null> } | null = null;
  let resolvePending: ((token: string | null) => void) | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  return {
    request(reason) {
      if (pending) return pending.promise;
      const promise = new Promise<string | null>((resolve) => {
        resolvePending = resolve;
      });
      pending = { reason, promise };
      notify();
      return promise;
    },
    current() {
      return pending;
    },
    answer(token) {
      const resolve = resolvePending;
      pending = null;
      resolvePending = null;
      notify();
      resolve?.(token === null || token.trim() === '' ? null : token.trim());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
