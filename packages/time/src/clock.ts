/**
 * Where code reads time from. Injected everywhere time matters (the counter's plain-text
 * arrival times, the server's emission stamps and lag, replay pacing, live reconnects), so
 * tests drive time by hand with a `ManualClock` and never sleep.
 */
export interface Clock {
  /** Wall time, epoch milliseconds. */
  now(): number;
  /** Milliseconds from an arbitrary origin that never jumps, for measuring how long something took. */
  monotonic(): number;
}
