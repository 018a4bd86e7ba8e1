import type { BatchResult, Settings } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import type { ScannedTweet, StreamMark, Tweet } from '@tagstream/tweets';
import type { CounterCheckpoint } from './checkpoint.ts';
import type { CheckpointSnapshot } from './counter-checkpoint.ts';
import type { CounterTotals } from './counter-totals.ts';
import type { LineTarget } from './line-input.ts';
import type { CounterBase } from './settings-options.ts';
import type { WindowDetail } from './window-detail.ts';
import type { WindowedCounter } from './windowed-counter.ts';

/** What the session's counter may be asked by its owner: reads only, input goes through the session. */
export type CounterView = Pick<
  WindowedCounter,
  | 'options'
  | 'latest'
  | 'watermark'
  | 'firstBatchIndex'
  | 'oldestRetainedBatchIndex'
  | 'keyCount'
  | 'keyCounts'
  | 'latestForm'
  | 'batchesHaveTweets'
> & {
  /** The window's related tags and a tag's authors and languages. */
  readonly detail: Pick<WindowDetail, 'related' | 'profile'>;
};

/** Where a session's news goes. Called in the middle of counting: never feed the session from here. */
export interface SessionSink {
  /** Each result as its window closes (the counter's state has already moved past it). */
  result(result: BatchResult): void;
  /** A `begin` mark started a new stream: counting starts afresh; `previous` is what the replaced counter had. */
  streamBegan?(previous: { seq: number | null; tweets: number }): void;
  /** Each counted tweet holding hashtags, with them. */
  counted?(tweet: Tweet, tags: readonly string[]): void;
  /**
   * A call above threw; the counter carried on as if it had not. Without this, the first such
   * error is thrown to the caller once the input that caused it has been fully counted.
   */
  failed?(err: unknown, call: 'result' | 'streamBegan' | 'counted'): void;
}

export interface CountingSessionOptions {
  /** The settings to count with; checked at once (`CounterOptionsError`). */
  settings: Settings;
  /** Counter options the settings do not cover (lateness, retention, caps). */
  base?: CounterBase;
  /** The retention (ms) readers of past batches need under given settings (rising tags, drill-down). */
  minRetentionMs?: (settings: Settings) => number;
  clock: Clock;
  sink: SessionSink;
  /** Tweets failing it are not counted (track rules). */
  filter?: ((tweet: Tweet) => boolean) | undefined;
  /**
   * Whether a `begin` mark starts counting afresh (true: a server reading replay after replay).
   * A reader of one stream (`tagstream count`) treats it as a plain watermark.
   */
  restartOnBegin?: boolean;
}

/** What `applySettings` did. */
export interface SettingsChange {
  settings: Settings;
  /** True when counting restarted (a new batch interval: batches cannot be re-cut). */
  reset: boolean;
}

/** What `restore` did with a checkpoint. */
export type RestoreOutcome =
  | { resumed: true; checkpoint: CounterCheckpoint; reconfigured: boolean }
  | { resumed: false; checkpoint: CounterCheckpoint; reason: 'batch-interval' | 'settings' };

/**
 * A run of counting under changing circumstances (DESIGN.md §3–4, §8): it owns the counter and
 * alone replaces it, on a `begin` mark, a batch-interval change and a restore, keeping lifetime
 * counts across replacements. Input goes in through it (`feedLine`), news comes out through its
 * sink; its owner reads the counter and never holds on to one.
 */
export interface CountingSession extends LineTarget {
  /** The counter counting now (a new one after each replacement). */
  readonly counter: CounterView;
  /** The settings in force. */
  readonly settings: Settings;
  /** Lifetime counts: this counter's plus every replaced one's (and a restored checkpoint's). */
  lifetime(): CounterTotals;

  add(tweet: Tweet): void;
  /** A line that could not be read. */
  malformed(): void;
  /** Input lines the source no longer had when we asked (DESIGN.md §8): counted as `lost`, never silent. */
  lost(lines: number): void;
  /** A watermark line (DESIGN.md §3); `begin` may start a new stream, `end` closes every batch. */
  watermark(time: number, mark?: StreamMark): void;
  /** A tweet the byte-level reader read (`feedBytes`): counted as `add` counts the tweet of that line. */
  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void;
  /** Lets wall time close batches of plain-text input. */
  tick(): void;
  /** The input is finished: every batch closes. */
  end(): void;

  /**
   * Changes settings live: window, slide, top K and the retweet setting apply from the next
   * result; a new batch interval restarts counting. Throws `CounterOptionsError` and changes
   * nothing when the result cannot be honoured.
   */
  applySettings(patch: Partial<Settings>): SettingsChange;
  /**
   * Resumes from a checkpoint (before any input). It is refused when made with another batch
   * interval, or, with `sameSettings`, with any other setting; otherwise the settings in force
   * apply to the resumed state. Throws `CheckpointError` for one that cannot be read.
   */
  restore(checkpoint: unknown, policy?: { sameSettings?: boolean }): RestoreOutcome;
  /** The state as a checkpoint; `source` is the owner's own part, kept opaque. */
  checkpoint(source?: unknown): CounterCheckpoint;
  /**
   * The same, with its long parts (batches, running totals, ids) as views read while it is
   * written: taken at once whatever the state's size. Nothing may be fed, ticked or changed
   * until they have been read.
   */
  snapshot(source?: unknown): CheckpointSnapshot;
}
