export {
  emptyCounterTotals,
  WindowedCounter,
  type ResultSink,
  type CounterTotals,
} from './windowed-counter.ts';
export {
  DEFAULT_COUNTER_OPTIONS,
  resolveOptions,
  CounterOptionsError,
  type CounterOptions,
} from './options.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { tagKey, compareCodePoints } from './tag-key.ts';
export { topK, type Ranked } from './top-k.ts';
export { feedLine, emptyLineTally, type LineTally, type StreamBegins } from './line-input.ts';
export { CheckpointError, CHECKPOINT_VERSION, type CounterCheckpoint } from './checkpoint.ts';
