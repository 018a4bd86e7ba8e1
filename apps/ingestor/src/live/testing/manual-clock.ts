import type { LiveTimers } from '../live-source.ts';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * An injected clock for tests: `now()` only moves when the test calls {@link ManualClock.advance},
 * which runs the timers that fall due, in time order. Timers of 0 ms (an immediate reconnect) run on
 * the real event loop's next turn, as they would with real timers, so a test never has to advance
 * the clock for them.
 */
export class ManualClock implements LiveTimers {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, Scheduled>();

  /** Starts at the real time by default, so it agrees with the epoch in X's `x-rate-limit-reset`. */
  constructor(start = Date.now()) {
    this.current = start;
  }

  now = (): number => this.current;

  setTimeout = (fn: () => void, ms: number): number => {
    const id = this.nextId++;
    if (ms <= 0) {
      this.timers.set(id, { id, at: this.current, fn });
      setImmediate(() => {
        if (this.timers.delete(id)) fn();
      });
      return id;
    }
    this.timers.set(id, { id, at: this.current + ms, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.timers.delete(handle);
  };

  /** Moves time forward, running every timer due by the new time (including ones they schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.timers.values()]
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.delete(due.id);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }

  /** Times (epoch ms) of the pending timers, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }
}
