import type { BatchResult, Settings } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import type { ScannedTweet, StreamMark, Tweet } from '@tagstream/tweets';
import { assertCheckpoint, type CounterCheckpoint } from './checkpoint.ts';
import {
  checkpointSnapshot,
  fromCheckpoint,
  materialize,
  type CheckpointSnapshot,
} from './counter-checkpoint.ts';
import { emptyCounterTotals, sumCounterTotals, type CounterTotals } from './counter-totals.ts';
import type { CounterWiring } from './counter-wiring.ts';
import type {
  CountingSession,
  CountingSessionOptions,
  RestoreOutcome,
  SessionSink,
  SettingsChange,
} from './counting-session.ts';
import { LIVE_OPTIONS, type CounterOptions, type LiveOption } from './options.ts';
import { counterOptionsFor, type CounterBase } from './settings-options.ts';
import { WindowedCounter } from './windowed-counter.ts';

/**
 * The counting session (see CountingSession): one `WindowedCounter` at a time, replaced here
 * and nowhere else. Every sink call is guarded, so an owner's failing listener never leaves a
 * counter half-way through closing batches.
 */
export class CounterSession implements CountingSession {
  private current: WindowedCounter;
  private inForce: Settings;
  /** Lifetime counts of the counters replaced so far. */
  private base: CounterTotals = emptyCounterTotals();
  /** A sink error waiting to be thrown once the current input is counted (no `failed` handler). */
  private failure: { err: unknown } | null = null;
  private readonly counterBase: CounterBase;
  private readonly minRetention: (s: Settings) => number;
  private readonly sink: SessionSink;
  private readonly wiring: CounterWiring;
  private readonly restartOnBegin: boolean;

  constructor(options: CountingSessionOptions) {
    this.counterBase = options.base ?? {};
    this.minRetention = options.minRetentionMs ?? (() => 0);
    this.sink = options.sink;
    this.restartOnBegin = options.restartOnBegin ?? true;
    this.wiring = this.guardedWiring(options.clock, options.filter);
    this.inForce = { ...options.settings };
    this.current = this.freshCounter(this.inForce);
  }

  get counter(): WindowedCounter {
    return this.current;
  }

  get settings(): Settings {
    return { ...this.inForce };
  }

  lifetime(): CounterTotals {
    return sumCounterTotals(this.base, this.current.lifetime);
  }

  get takesScanned(): boolean {
    return this.current.takesScanned;
  }

  add(tweet: Tweet): void {
    this.current.add(tweet);
    if (this.failure !== null) this.rethrow();
  }

  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void {
    this.current.addScanned(t, buf, lineStart, lineEnd);
    if (this.failure !== null) this.rethrow();
  }

  malformed(): void {
    this.current.malformed();
    if (this.failure !== null) this.rethrow();
  }

  lost(lines: number): void {
    this.current.lost(lines);
    if (this.failure !== null) this.rethrow();
  }

  watermark(time: number, mark?: StreamMark): void {
    if (mark === 'begin' && this.restartOnBegin) this.beginStream();
    this.current.watermarkAt(time);
    if (mark === 'end') this.current.end();
    if (this.failure !== null) this.rethrow();
  }

  tick(): void {
    this.current.tick();
    if (this.failure !== null) this.rethrow();
  }

  end(): void {
    this.current.end();
    if (this.failure !== null) this.rethrow();
  }

  applySettings(patch: Partial<Settings>): SettingsChange {
    const next: Settings = { ...this.inForce, ...patch };
    // Checked before anything changes: a setting that cannot be honoured leaves all as it was.
    const options = this.optionsFor(next);
    if (next.batchMs !== this.inForce.batchMs) {
      this.replace(new WindowedCounter({ ...this.wiring, counting: options }));
      this.inForce = next;
      return { settings: this.settings, reset: true };
    }
    this.current.reconfigure(pick(options));
    this.inForce = next;
    return { settings: this.settings, reset: false };
  }

  restore(value: unknown, policy: { sameSettings?: boolean } = {}): RestoreOutcome {
    assertCheckpoint(value);
    const o = value.options;
    const s = this.inForce;
    if (o.batchMs !== s.batchMs) return { resumed: false, checkpoint: value, reason: 'batch-interval' };
    if (policy.sameSettings) {
      const same =
        o.windowMs === s.windowMs &&
        o.slideMs === s.slideMs &&
        o.topK === s.topK &&
        o.retweets === s.retweets &&
        (o.related ?? 0) === s.related;
      if (!same) return { resumed: false, checkpoint: value, reason: 'settings' };
    }
    const restored = fromCheckpoint(value, this.wiring);
    this.current = restored;
    this.base = { ...emptyCounterTotals(), ...value.lifetimeBase };
    if (policy.sameSettings) return { resumed: true, checkpoint: value, reconfigured: false };
    // Batches cannot be re-cut, but everything else asked for now applies to the resumed state.
    const wanted = pick(this.optionsFor(s));
    const reconfigured = LIVE_OPTIONS.some((k) => restored.options[k] !== wanted[k]);
    if (reconfigured) restored.reconfigure(wanted);
    return { resumed: true, checkpoint: value, reconfigured };
  }

  checkpoint(source?: unknown): CounterCheckpoint {
    return materialize(this.snapshot(source));
  }

  snapshot(source?: unknown): CheckpointSnapshot {
    const value = checkpointSnapshot(this.current, source);
    // Absent while nothing was replaced, as in the checkpoints of a reader of one stream.
    if (Object.values(this.base).some((n) => n !== 0)) value.lifetimeBase = { ...this.base };
    return value;
  }

  /** Reports a sink call that threw; without a `failed` handler, it is thrown after the current input. */
  private fail(err: unknown, call: 'result' | 'streamBegan' | 'counted'): void {
    if (this.sink.failed) this.sink.failed(err, call);
    else this.failure ??= { err };
  }

  /**
   * A new stream (DESIGN.md §3, stream marks): its tweets may lie before everything counted
   * so far and would all be late, or duplicates by id, in the old counter. Counting starts
   * afresh with the settings in force; lifetime counts go on.
   */
  private beginStream(): void {
    const old = this.current;
    this.replace(this.freshCounter(this.inForce));
    if (this.sink.streamBegan) {
      try {
        this.sink.streamBegan({ seq: old.latest?.seq ?? null, tweets: old.lifetime.tweets });
      } catch (err) {
        this.fail(err, 'streamBegan');
      }
    }
  }

  private replace(next: WindowedCounter): void {
    this.base = sumCounterTotals(this.base, this.current.lifetime);
    this.current = next;
  }

  private freshCounter(settings: Settings): WindowedCounter {
    return new WindowedCounter({ ...this.wiring, counting: this.optionsFor(settings) });
  }

  private optionsFor(settings: Settings): CounterOptions {
    return counterOptionsFor(settings, this.counterBase, this.minRetention(settings));
  }

  /** The counters' wiring: every sink call guarded, so a throw never stops a counter mid-step. */
  private guardedWiring(clock: Clock, filter: ((t: Tweet) => boolean) | undefined): CounterWiring {
    const sink = this.sink;
    const counted = sink.counted;
    return {
      clock,
      filter,
      sink: (result: BatchResult) => {
        try {
          sink.result(result);
        } catch (err) {
          this.fail(err, 'result');
        }
      },
      onCounted:
        counted === undefined
          ? undefined
          : (tweet, tags) => {
              try {
                counted.call(sink, tweet, tags);
              } catch (err) {
                this.fail(err, 'counted');
              }
            },
    };
  }

  private rethrow(): never {
    const { err } = this.failure!;
    this.failure = null;
    throw err;
  }
}

/** The options `reconfigure` changes on a live counter (all but the batch interval). */
function pick(o: CounterOptions): Pick<CounterOptions, LiveOption> {
  return {
    windowMs: o.windowMs,
    slideMs: o.slideMs,
    topK: o.topK,
    retweets: o.retweets,
    retentionMs: o.retentionMs,
    related: o.related,
  };
}
