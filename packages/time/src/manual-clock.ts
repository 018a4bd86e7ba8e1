import type { TimerHandle, Timers } from './timers.ts';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
  /** The period of an interval; null for a one-off timer. */
  every: number | null;
}

const handle = (id: number): TimerHandle => id as unknown as TimerHandle;

/**
 * The clock for tests: time (wall and monotonic alike) moves only when the test calls
 * `advance` or `set`, which run the timers falling due, in time order, each at its own time.
 * Hand-written rather than a fake-timers library because nothing global is replaced: the
 * code under test gets this object injected, and sockets, fastify and the test runner keep
 * real time.
 *
 * A timer of 0 ms or less (an immediate reconnect) runs on the real event loop's next turn, as
 * a real one would, so a test never has to advance the clock for it.
 */
export class ManualClock implements Timers {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, Scheduled>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  monotonic(): number {
    return this.time;
  }

  /** Moves to `time`: forwards like `advance`; backwards only resets the reading (no timer runs). */
  set(time: number): void {
    if (time >= this.time) this.advance(time - this.time);
    else this.time = time;
  }

  /** Moves time forward by `ms`, running every timer due by then (including ones they schedule). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let due = this.nextDue(target); due !== undefined; due = this.nextDue(target)) this.fire(due);
    this.time = Math.max(this.time, target);
  }

  /**
   * Like `advance`, for code that waits on the clock through promises (`sleep`): after each timer
   * runs, the real event loop turns (see `settle`) so the code it woke gets to run, at that
   * timer's time, until it waits on the clock again.
   */
  async advanceAsync(ms: number, settled?: () => boolean): Promise<void> {
    const target = this.time + ms;
    await this.settle(settled);
    for (let due = this.nextDue(target); due !== undefined; due = this.nextDue(target)) {
      this.fire(due);
      await this.settle(settled);
    }
    this.time = Math.max(this.time, target);
  }

  /**
   * Turns the real event loop (promise callbacks and I/O run) until a timer is pending again or
   * `settled()` holds, at most `maxTurns` times. Returns whether a timer is pending.
   */
  async settle(settled: () => boolean = () => false, maxTurns = 1_000): Promise<boolean> {
    for (let i = 0; this.timers.size === 0 && !settled() && i < maxTurns; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.timers.size > 0;
  }

  /** When the pending timers are due (epoch ms), soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), fn, every: null });
    if (ms <= 0) {
      setImmediate(() => {
        if (this.timers.delete(id)) fn();
      });
    }
    return handle(id);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    if (!(ms > 0)) throw new RangeError(`an interval needs a period above 0 ms, got ${ms}`);
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.time + ms, fn, every: ms });
    return handle(id);
  }

  clearTimeout(h: TimerHandle | undefined): void {
    if (h !== undefined) this.timers.delete(h as unknown as number);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const wake = (): void => {
        this.clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = this.setTimeout(wake, ms);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private nextDue(by: number): Scheduled | undefined {
    let next: Scheduled | undefined;
    for (const t of this.timers.values()) {
      if (t.at > by) continue;
      if (next === undefined || t.at < next.at || (t.at === next.at && t.id < next.id)) next = t;
    }
    return next;
  }

  private fire(t: Scheduled): void {
    this.time = Math.max(this.time, t.at);
    if (t.every === null) this.timers.delete(t.id);
    else t.at += t.every;
    t.fn();
  }
}
