/** Where the core reads wall time from. Injected so tests drive time by hand and never sleep. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The real wall clock, for apps. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: the test double for every time-dependent rule. */
export class ManualClock implements Clock {
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
