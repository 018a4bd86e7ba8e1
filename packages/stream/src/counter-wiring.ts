import type { BatchResult } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import type { Tweet } from '@tagstream/tweets';
import type { CounterState } from './counter-state.ts';
import type { CounterOptions } from './options.ts';

/** Receives each emission. */
export type ResultSink = (result: BatchResult) => void;

/** What a counter is connected to: where its time comes from and where its results go. */
export interface CounterWiring {
  /** Wall time for plain-text arrivals; monotonic time for `processingMs`. */
  clock: Clock;
  sink: ResultSink;
  /** Tweets failing this predicate are not counted at all (track keywords). */
  filter?: ((t: Tweet) => boolean) | undefined;
  /** Sees every counted tweet with its hashtags (sample tweets for drill-down). */
  onCounted?: ((t: Tweet, tags: readonly string[]) => void) | undefined;
}

export interface WindowedCounterOptions extends CounterWiring {
  /** How to count: defaults filled in and combinations checked (`CounterOptionsError`). */
  counting?: Partial<CounterOptions>;
  /** State to resume from, made with the same options (`fromCheckpoint` in counter-checkpoint.ts). */
  state?: CounterState;
}
