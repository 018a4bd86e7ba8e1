/** Where the admin token lives between requests. */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

const KEY = 'tagstream.adminToken';

/**
 * sessionStorage: the token survives a reload of this tab but not the closing of the browser, and is
 * never shared with other tabs or written to disk for long.
 */
export const sessionTokenStore: TokenStore = {
  get() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null; // storage disabled: ask again next time
    }
  },
  set(token) {
    try {
      if (token === null) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, token);
    } catch {
      // storage disabled: the token lasts for this request only
    }
  },
};

/** For tests. */
export function memoryTokenStore(initial: string | null = null): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (next) => {
      token = next;
    },
  };
}
