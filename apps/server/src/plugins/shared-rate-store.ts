interface Window {
  current: number;
  startMs: number;
}

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store shared by every route that uses it: its built-in
 * store gives each route a budget of its own, so someone guessing the admin
 * token could spread guesses over the changing routes and get several times the
 * limit. Fixed windows per client, like the built-in local store; bounded in
 * size (expired windows are swept when it grows).
 */
export class SharedRateStore {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly maxKeys = 10_000) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    let w = this.windows.get(key);
    if (w === undefined || w.startMs + timeWindow <= now) {
      if (w === undefined && this.windows.size >= this.maxKeys) this.sweep(now, timeWindow);
      w = { current: 0, startMs: now };
      this.windows.set(key, w);
    }
    w.current++;
    cb(null, { current: w.current, ttl: w.startMs + timeWindow - now });
  }

  read(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    const w = this.windows.get(key);
    if (w === undefined || w.startMs + timeWindow <= now) cb(null, { current: 0, ttl: 0 });
    else cb(null, { current: w.current, ttl: w.startMs + timeWindow - now });
  }

  /** Every route gets this same store. */
  child(): SharedRateStore {
    return this;
  }

  private sweep(now: number, timeWindow: number): void {
    for (const [k, w] of this.windows) if (w.startMs + timeWindow <= now) this.windows.delete(k);
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
  }
}
