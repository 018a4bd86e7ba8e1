export type {
  CountingSession,
  CountingSessionOptions,
  CounterView,
  RestoreOutcome,
  SessionSink,
  SettingsChange,
} from './counting-session.ts';
export { CounterSession } from './counter-session.ts';
export { counterOptionsFor, settingsOf, type CounterBase } from './settings-options.ts';
export { WindowedCounter } from './windowed-counter.ts';
export type { CounterWiring, ResultSink, WindowedCounterOptions } from './counter-wiring.ts';
export { emptyCounterTotals, type CounterTotals } from './counter-totals.ts';
export {
  DEFAULT_COUNTER_OPTIONS,
  resolveOptions,
  CounterOptionsError,
  type CounterOptions,
} from './options.ts';
export { tagKey, compareCodePoints } from './tag-key.ts';
export { readingOnce } from './string-dictionary.ts';
export { topK, type Ranked } from './top-k.ts';
export { feedLine, emptyLineTally, type LineTally, type LineTarget } from './line-input.ts';
export { feedBytes, MAX_LINE_BYTES } from './byte-input.ts';
export { ByteLineReader, type LineGate } from './byte-line-reader.ts';
export { tweetOfLine } from './scanned-line.ts';
export { EventTimeOrder } from './event-time-order.ts';
export { CheckpointError, CHECKPOINT_VERSION, type CounterCheckpoint } from './checkpoint.ts';
export {
  assertReadableCheckpoint,
  fromCheckpoint,
  toCheckpoint,
  type CheckpointSnapshot,
} from './counter-checkpoint.ts';
export { LiveWatermark } from './live-watermark.ts';
export { digestLine, feedDigest } from './line-digest.ts';
export { runParts, partField, type FactRecord, type RunOutput } from './run-parts.ts';
export { MergeFeeder, type MergeEntry, type MergeNeed } from './merge-feeder.ts';
