export type { Clock } from './clock.ts';
export type { TimerHandle, TimerOptions, Timers } from './timers.ts';
export { systemClock } from './system-clock.ts';
export { ManualClock } from './manual-clock.ts';
