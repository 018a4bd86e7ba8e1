import type { Clock } from './clock.ts';

declare const timerHandle: unique symbol;

/** Names a pending timer, to clear it; opaque, because each implementation keeps its own kind. */
export interface TimerHandle {
  readonly [timerHandle]: true;
}

export interface TimerOptions {
  /**
   * Whether a pending timer keeps the process alive (true, as Node's timers do). A periodic
   * housekeeping tick says false, so that it never holds up an exit.
   */
  keepAlive?: boolean;
}

/**
 * A clock plus the timers that wait on it: the one time abstraction of the codebase.
 * `systemClock` is the real one (the only code that touches Node's timers); `ManualClock`
 * is the one for tests, whose time moves only when the test says so.
 */
export interface Timers extends Clock {
  /** Runs `fn` once, `ms` milliseconds of this clock's time from now. */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancels a timer from `setTimeout` or `setInterval`; a handle already run or cleared is ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Runs `fn` every `ms` milliseconds (more than 0) until cleared. */
  setInterval(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Resolves after `ms` milliseconds, or early (never rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
