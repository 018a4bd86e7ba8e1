import type { BatchResult, Settings, TagDetail, Tracker } from '@tagstream/protocol';
import {
  CounterSession,
  type CheckpointSnapshot,
  type CounterBase,
  type CounterCheckpoint,
  type CounterView,
  type CountingSession,
  type RestoreOutcome,
} from '@tagstream/stream';
import type { Clock } from '@tagstream/time';
import type { Logger } from 'pino';
import { lookbackBatches, readRetentionMs } from '../batch-reads.ts';
import { ResultHistory } from '../result-history.ts';
import { risingTags, type RisingOptions } from '../rising-tags.ts';
import { SampleTweets } from '../sample-tweets.ts';
import { readServerState, serverState, type ServerState } from '../server-state.ts';
import { tagDetail } from '../tag-detail.ts';

export interface TrackedCountOptions {
  /** The tracker: its name and rule, or the default tracker's name and no rule. */
  name: string;
  rule: string | null;
  settings: Settings;
  /** Counter options the settings do not cover (lateness, retention, caps). */
  counter: CounterBase;
  /** Wall time (`emittedAt`, plain-text arrivals) and monotonic time (`processingMs`). */
  clock: Clock;
  logger: Logger;
  historyLimit: number;
  sampleSize: number;
  rising: RisingOptions;
  /** Each result, once it carries the server's fields and is in the history. */
  published: (result: BatchResult) => void;
  /** A `begin` mark started a new stream and this count started afresh. */
  streamBegan?: (previous: { seq: number | null; tweets: number }) => void;
}

/**
 * One tracker's count (DESIGN.md §6, trackers): its counting session with the server's parts
 * around it, its recent results with their rising tags, and the tweets its drill-down shows.
 * What it is fed is decided by the tracker set; the default tracker gets everything.
 */
export class TrackedCount {
  readonly name: string;
  readonly rule: string | null;
  readonly history: ResultHistory;
  readonly samples: SampleTweets;
  readonly session: CountingSession;

  constructor(private readonly o: TrackedCountOptions) {
    this.name = o.name;
    this.rule = o.rule;
    this.history = new ResultHistory(o.historyLimit);
    this.samples = new SampleTweets(o.sampleSize);
    this.session = new CounterSession({
      settings: o.settings,
      // The drill-down's authors and languages: kept per batch for the window only.
      base: { tagProfiles: true, ...o.counter },
      // Rising tags and the drill-down read past batches: the counter keeps them that long.
      minRetentionMs: readRetentionMs,
      clock: o.clock,
      sink: {
        result: (r) => this.publish(r),
        streamBegan: (previous) => this.began(previous),
        counted: (tweet) => this.samples.add(tweet),
        failed: (err, call) => o.logger.error({ err, call, tracker: o.name }, 'pipeline step failed'),
      },
    });
  }

  /** The tracker this counts, as the API shows it (null for the default tracker). */
  get tracker(): Tracker | null {
    return this.rule === null ? null : { name: this.name, rule: this.rule };
  }

  get counter(): CounterView {
    return this.session.counter;
  }

  /** Applies settings (see CountingSession); a new batch interval clears the history with the counts. */
  applySettings(patch: Partial<Settings>): { settings: Settings; reset: boolean } {
    const change = this.session.applySettings(patch);
    if (change.reset) this.history.clear();
    return change;
  }

  /** A tag's drill-down (see tag-detail.ts). */
  tagDetail(key: string, fallbackDisplay: string, sampleLimit: number): TagDetail {
    const { history, samples } = this;
    const from = { history, samples, counter: this.session.counter, settings: this.session.settings };
    return tagDetail(from, key, fallbackDisplay, sampleLimit);
  }

  /** The state to checkpoint, with the server's part (history, samples; `extra` for the owner's own). */
  checkpoint(extra: Partial<ServerState> = {}): CounterCheckpoint {
    return this.session.checkpoint({
      ...serverState(this.history.recent(Infinity), this.samples.toJSON()),
      ...extra,
    });
  }

  /**
   * The same as `checkpoint`, with the counter's long parts as views of the live state (see
   * CountingSession.snapshot): nothing may reach this tracker until they have been read.
   */
  snapshot(extra: object = {}): CheckpointSnapshot {
    return this.session.snapshot({
      ...serverState(this.history.recent(Infinity), this.samples.toJSON()),
      ...extra,
    });
  }

  /**
   * Resumes from a checkpoint `checkpoint()` made (see CountingSession.restore), with its history
   * and samples. Throws CheckpointError for one that cannot be read.
   */
  restore(value: CounterCheckpoint): RestoreOutcome & { state: ServerState | null } {
    const outcome = this.session.restore(value);
    const state = readServerState(value.source);
    if (outcome.resumed && state !== null) {
      for (const r of state.history) this.history.push(r);
      this.samples.load(state.samples);
    }
    return { ...outcome, state };
  }

  /**
   * The session's news of a result, in the middle of closing batches: adds the server's fields
   * (rising tags, `emittedAt`, the tracker) and records it. Never checkpoints from here (the
   * counter's state is half-way through an update).
   */
  private publish(result: BatchResult): void {
    const { clock } = this.o;
    const started = clock.monotonic();
    const B = this.session.settings.batchMs;
    const from = Date.parse(result.window.start) / B;
    const to = Date.parse(result.window.end) / B;
    const { counter } = this.session;
    result.rising = risingTags(counter, from, to, lookbackBatches(to - from), result.top, this.o.rising);
    result.stats.processingMs =
      Math.round((result.stats.processingMs + (clock.monotonic() - started)) * 1000) / 1000;
    result.emittedAt = new Date(clock.now()).toISOString();
    result.tracker = this.name;
    this.history.push(result);
    this.o.published(result);
  }

  /** A new replay is counted afresh (DESIGN.md §3): history, rising tags and samples start again with it. */
  private began(previous: { seq: number | null; tweets: number }): void {
    this.history.clear();
    this.samples.clear();
    this.o.streamBegan?.(previous);
  }
}
