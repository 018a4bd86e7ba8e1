import { setTimeout as sleepFor } from 'node:timers/promises';
import type { TimerHandle, TimerOptions, Timers } from './timers.ts';

/** Node's timer object, seen through the opaque handle the interface hands out. */
const handle = (t: NodeJS.Timeout): TimerHandle => t as unknown as TimerHandle;
const timeout = (h: TimerHandle): NodeJS.Timeout => h as unknown as NodeJS.Timeout;

function unrefUnless(t: NodeJS.Timeout, options: TimerOptions | undefined): NodeJS.Timeout {
  if (options?.keepAlive === false) t.unref();
  return t;
}

/** The real clock and timers: `Date.now`, `performance.now` and Node's timers. */
export const systemClock: Timers = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms, options) => handle(unrefUnless(setTimeout(fn, ms), options)),
  setInterval: (fn, ms, options) => handle(unrefUnless(setInterval(fn, ms), options)),
  // clearTimeout clears intervals too (Node and the web platform share one id space).
  clearTimeout: (h) => {
    if (h !== undefined) clearTimeout(timeout(h));
  },
  sleep: (ms, signal) =>
    sleepFor(ms, undefined, signal ? { signal } : undefined).then(
      () => undefined,
      // The only rejection is the abort, which is an early wake-up here, not an error.
      () => undefined,
    ),
};
