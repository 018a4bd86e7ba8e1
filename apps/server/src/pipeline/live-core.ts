import type { BatchResult, Settings, SourceStatus, TagDetail } from '@tagstream/protocol';
import {
  DEFAULT_COUNTER_OPTIONS,
  emptyCounterTotals,
  emptyLineTally,
  feedLine,
  WindowedCounter,
  type Clock,
  type CounterCheckpoint,
  type CounterOptions,
  type CounterTotals,
} from '@tagstream/stream';
import type { Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';
import type { CheckpointFile } from '../checkpoint/checkpoint-file.ts';
import { RateMeter } from './rate-meter.ts';
import { ResultHistory } from './result-history.ts';
import { DEFAULT_RISING_OPTIONS, risingTags, tagSeries, type RisingOptions } from './rising-tags.ts';
import { SampleTweets } from './sample-tweets.ts';
import { TcpLineSource, type TcpAddress } from './tcp-line-source.ts';

export interface LiveCoreOptions {
  source: TcpAddress;
  settings: Settings;
  counter?: Partial<CounterOptions>;
  /** Wall time: the counter's clock for plain-text input, and `emittedAt`. */
  clock: Clock;
  /** Monotonic milliseconds, for processing time and the close-to-emit lag. */
  monotonic?: () => number;
  logger: Logger;
  historyLimit?: number;
  /** Tweets kept for the drill-down's samples. */
  sampleSize?: number;
  rising?: Partial<RisingOptions>;
  /**
   * Where to checkpoint, and how often: after every `everyResults` results, and
   * at least every `everyMs` of wall time while input arrives (default 10 s), so
   * a killed server never depends on more than that much of the ingestor's
   * 30-second backlog; plus once more on stop.
   */
  checkpoint?: { file: CheckpointFile; everyResults: number; everyMs?: number };
}

/** What a result listener learns besides the result. */
export interface ResultMeta {
  /** Monotonic ms at which the input that closed the result's batch arrived: the start of the close-to-emit lag. */
  closedAt: number;
}

type Listener<T> = (value: T) => void;
type ResultListener = (result: BatchResult, meta: ResultMeta) => void;

/** The server's own part of a checkpoint, in the counter checkpoint's `source` field. */
interface ServerState {
  kind: 'tagstream-server';
  version: 1;
  history: BatchResult[];
  samples: Tweet[];
  /** Lifetime counts of counters replaced by a batch-interval change (metrics stay monotonic). */
  lifetimeBase: CounterTotals;
}

/** Batches before a window that its rising tags are judged against: four windows' worth, 6 to 30 batches. */
export function lookbackBatches(windowBatches: number): number {
  return Math.min(30, Math.max(6, 4 * windowBatches));
}

/**
 * The server's running pipeline: TCP lines → windowed counter → results, with
 * the recent history, rising tags, sample tweets and the source's health. The
 * web layer only listens to it.
 *
 * Restarts lose nothing when the checkpoint is younger than the ingestor's
 * backlog (DESIGN.md §7, §8): the checkpoint holds the counter (with the ids it
 * counted and the per-batch tag counts that rising tags read) and the history; on reconnect the
 * ingestor re-sends its newest lines, the counter drops what it had already
 * counted by id, and the lines after the checkpoint give the same results as
 * they did (or would have) the first time.
 */
export class LiveCore {
  counter: WindowedCounter;
  readonly history: ResultHistory;
  readonly samples: SampleTweets;
  readonly tally = emptyLineTally();
  oversized = 0;
  private settings: Settings;
  private readonly rising: RisingOptions;
  private readonly tcp: TcpLineSource;
  private readonly rate: RateMeter;
  private readonly monotonic: () => number;
  private lifetimeBase = emptyCounterTotals();
  private ticker: NodeJS.Timeout | null = null;
  private sourceState = 'connecting';
  /** When the input now being processed arrived (monotonic ms). */
  private inputAt: number;
  private tweetsRated = 0;
  private checkpointAt: number | null = null;
  private checkpointTriedAt: number;
  private checkpointing: Promise<void> | null = null;
  private checkpointQueued = false;
  private resultsSinceCheckpoint = 0;
  private linesAtCheckpoint = 0;
  private readonly resultListeners = new Set<ResultListener>();
  private readonly sourceListeners = new Set<Listener<SourceStatus>>();
  private readonly streamListeners = new Set<() => void>();

  constructor(private readonly options: LiveCoreOptions) {
    this.settings = options.settings;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.inputAt = this.monotonic();
    this.checkpointTriedAt = options.clock.now();
    this.rising = { ...DEFAULT_RISING_OPTIONS, ...options.rising };
    this.history = new ResultHistory(options.historyLimit ?? 360);
    this.samples = new SampleTweets(options.sampleSize ?? 5_000);
    this.rate = new RateMeter(5, () => options.clock.now());
    this.counter = this.makeCounter();
    this.tcp = new TcpLineSource({
      address: options.source,
      logger: options.logger.child({ part: 'source' }),
      events: {
        received: () => {
          this.inputAt = this.monotonic();
          this.markRate();
        },
        line: (line) => feedLine(this.counter, line, 'auto', this.tally, this.beginStream),
        oversized: () => {
          this.oversized++;
          this.counter.malformed();
        },
        status: (_connected, state) => {
          this.sourceState = state;
          this.emitSource();
        },
        // A finished replay closes the connection. Nothing ends here: the results stay, and
        // the client keeps reconnecting, because a clean close also happens when the
        // ingestor is restarted and then re-sends what we must not count as late. A replay
        // that ran to its end said so in its last line (an `end` mark), which closed the batches.
        end: () => undefined,
      },
    });
  }

  /**
   * Resumes from the checkpoint when there is a readable one made with the same
   * batch interval (batches cannot be re-cut); window, slide, top K and the
   * retweet setting asked for now are applied to the resumed state. Otherwise
   * starts fresh, saying why.
   */
  async restore(): Promise<void> {
    const ckpt = this.options.checkpoint;
    if (!ckpt) return;
    const { logger } = this.options;
    const read = await ckpt.file.read((v) => {
      WindowedCounter.fromCheckpoint(v, this.options.clock, () => undefined);
    });
    if (read.kind === 'none') return;
    if (read.kind === 'set-aside') {
      logger.warn(
        { movedTo: read.movedTo, reason: read.reason },
        'checkpoint unreadable: moved aside, starting fresh',
      );
      return;
    }
    const value = read.value as CounterCheckpoint;
    const o = value.options;
    const s = this.settings;
    if (o.batchMs !== s.batchMs) {
      logger.warn(
        { checkpoint: { batchMs: o.batchMs }, settings: { batchMs: s.batchMs } },
        'checkpoint was made with another batch interval: starting fresh',
      );
      return;
    }
    this.counter = this.makeCounter(value);
    const state = serverState(value.source);
    if (state === null) {
      logger.warn('checkpoint holds no server state: history and rising tags start empty');
    } else {
      for (const r of state.history) this.history.push(r);
      this.samples.load(state.samples);
      this.lifetimeBase = { ...emptyCounterTotals(), ...state.lifetimeBase };
    }
    if (
      o.windowMs !== s.windowMs ||
      o.slideMs !== s.slideMs ||
      o.topK !== s.topK ||
      o.retweets !== s.retweets ||
      o.retentionMs !== this.retentionMs(s)
    ) {
      this.counter.reconfigure({
        windowMs: s.windowMs,
        slideMs: s.slideMs,
        topK: s.topK,
        retweets: s.retweets,
        retentionMs: this.retentionMs(s),
      });
      logger.info(
        { checkpoint: { windowMs: o.windowMs, slideMs: o.slideMs, topK: o.topK }, settings: s },
        'resumed state uses the settings asked for now',
      );
    }
    logger.info(
      {
        seq: value.seq,
        tweets: value.lifetime.tweets ?? 0,
        batches: value.batches.length,
        ids: value.ids.length,
        history: this.history.size,
      },
      'resumed from checkpoint',
    );
  }

  /** Writes a checkpoint now (after one already being written). The state is taken at once, between two lines. */
  async checkpointNow(): Promise<void> {
    const ckpt = this.options.checkpoint;
    if (!ckpt) return;
    while (this.checkpointing) await this.checkpointing;
    const takenAt = this.options.clock.now();
    const value = this.counter.toCheckpoint(this.serverState());
    this.resultsSinceCheckpoint = 0;
    this.linesAtCheckpoint = this.tally.lines;
    this.checkpointTriedAt = takenAt;
    this.checkpointing = ckpt.file
      .write(value)
      .then(() => {
        this.checkpointAt = takenAt;
      })
      .catch((err: Error) => this.options.logger.error({ err: err.message }, 'checkpoint write failed'))
      .finally(() => {
        this.checkpointing = null;
      });
    await this.checkpointing;
  }

  start(): void {
    this.tcp.start();
    this.ticker = setInterval(() => this.tick(), 250);
    this.ticker.unref();
  }

  /** Stops reading and writes a final checkpoint. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.tcp.stop();
    if (!this.options.checkpoint) return;
    await this.checkpointNow();
    this.options.logger.info(
      { seq: this.counter.latest?.seq ?? null, lines: this.tally.lines },
      'final checkpoint written',
    );
  }

  reconnects(): number {
    return this.tcp.reconnects;
  }

  /** Wall time at which the state in the newest checkpoint file was taken, or null. */
  lastCheckpointAt(): number | null {
    return this.checkpointAt;
  }

  /** Lifetime counts since the first start (across restarts and batch-interval changes). */
  lifetime(): CounterTotals {
    return sumTotals(this.lifetimeBase, this.counter.lifetime);
  }

  /**
   * Applies new settings live. Window, slide and top K take effect at the next
   * result from the retained batches; the retweet setting applies to tweets from
   * now on; a new batch interval restarts counting (batches cannot be re-cut).
   * Returns what happened, in words a user can read.
   */
  applySettings(patch: Partial<Settings>): { settings: Settings; reset: boolean; message: string } {
    const next: Settings = { ...this.settings, ...patch };
    if (next.batchMs !== this.settings.batchMs) {
      const previous = this.settings;
      const old = this.counter;
      this.settings = next;
      try {
        this.counter = this.makeCounter();
      } catch (err) {
        this.settings = previous;
        throw err;
      }
      this.lifetimeBase = sumTotals(this.lifetimeBase, old.lifetime);
      this.history.clear();
      return {
        settings: this.getSettings(),
        reset: true,
        message:
          'batch interval changed: windows, history, rising tags and running totals start again from the next tweets',
      };
    }
    this.counter.reconfigure({
      windowMs: next.windowMs,
      slideMs: next.slideMs,
      topK: next.topK,
      retweets: next.retweets,
      retentionMs: this.retentionMs(next),
    });
    this.settings = next;
    const parts = ['window, slide and top K apply from the next result'];
    if (patch.retweets !== undefined)
      parts.push(`retweets ${next.retweets ? 'count' : 'are skipped'} from now on`);
    return { settings: this.getSettings(), reset: false, message: parts.join('; ') };
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  sourceStatus(): SourceStatus {
    this.markRate();
    return {
      kind: 'tcp',
      address: `tcp://${this.options.source.host}:${this.options.source.port}`,
      connected: this.tcp.connected,
      tweetsPerSec: Math.round(this.rate.perSecond() * 10) / 10,
      state: this.sourceState,
    };
  }

  /**
   * A tag's drill-down: its count in the latest window, its exact count per
   * closed batch over the retained batches, and its newest sample tweets.
   */
  tagDetail(key: string, fallbackDisplay = '#' + key, sampleLimit = 20): TagDetail {
    const latest = this.history.latest();
    const B = this.settings.batchMs;
    const to = latest ? Date.parse(latest.window.end) / B : 0;
    const from = latest ? Date.parse(latest.window.start) / B : 0;
    const display =
      latest?.top.find((t) => t.tag === key)?.display ??
      latest?.rising?.find((t) => t.tag === key)?.display ??
      (this.counter.latestForm(key) !== null ? '#' + this.counter.latestForm(key)! : null);
    return {
      tag: key,
      display: display ?? fallbackDisplay,
      count: latest ? this.counter.keyCount(key, from, to) : 0,
      samples: this.samples.find(key, sampleLimit),
      series: latest
        ? tagSeries(this.counter, key, to - this.retainBatches(this.settings), to).map(
            ({ index, count }) => ({
              start: new Date(index * B).toISOString(),
              end: new Date((index + 1) * B).toISOString(),
              count,
            }),
          )
        : [],
    };
  }

  onResult(fn: ResultListener): () => void {
    this.resultListeners.add(fn);
    return () => this.resultListeners.delete(fn);
  }

  /** Called when a new replay began and counting started afresh: what dashboards hold is out of date. */
  onStreamBegin(fn: () => void): () => void {
    this.streamListeners.add(fn);
    return () => this.streamListeners.delete(fn);
  }

  onSource(fn: Listener<SourceStatus>): () => void {
    this.sourceListeners.add(fn);
    return () => this.sourceListeners.delete(fn);
  }

  private tick(): void {
    this.inputAt = this.monotonic();
    // Plain-text sources run on wall time: something must close their batches when no line arrives.
    this.counter.tick();
    const ckpt = this.options.checkpoint;
    if (
      ckpt &&
      this.checkpointing === null &&
      this.tally.lines !== this.linesAtCheckpoint &&
      this.options.clock.now() - this.checkpointTriedAt >= (ckpt.everyMs ?? 10_000)
    )
      void this.checkpointNow();
  }

  private markRate(): void {
    const n = this.tally.tweets - this.tweetsRated;
    if (n > 0) this.rate.mark(n);
    this.tweetsRated = this.tally.tweets;
  }

  /** Batches that rising tags and the drill-down read: the longest lookback plus the window, and at least 30 for the drill-down. */
  private retainBatches(s: Settings): number {
    const w = s.windowMs / s.batchMs;
    return Math.max(lookbackBatches(w) + w, 30);
  }

  /** The counter's retention: what was asked for, and at least what rising tags and the drill-down read. */
  private retentionMs(s: Settings): number {
    const asked = this.options.counter?.retentionMs ?? DEFAULT_COUNTER_OPTIONS.retentionMs;
    return Math.max(asked, this.retainBatches(s) * s.batchMs);
  }

  private serverState(): ServerState {
    return {
      kind: 'tagstream-server',
      version: 1,
      history: this.history.recent(Infinity),
      samples: this.samples.toJSON(),
      lifetimeBase: { ...this.lifetimeBase },
    };
  }

  /**
   * The source marked a new replay (DESIGN.md §3): its tweets may lie before everything
   * counted so far, so windows, running totals, duplicate ids, history, rising tags and
   * samples start again from it, as after a batch interval change. Lifetime counts go on.
   */
  private readonly beginStream = (): WindowedCounter => {
    const old = this.counter;
    this.counter = this.makeCounter();
    this.lifetimeBase = sumTotals(this.lifetimeBase, old.lifetime);
    this.history.clear();
    this.samples.clear();
    this.options.logger.info(
      { previous: { seq: old.latest?.seq ?? null, tweets: old.lifetime.tweets } },
      'a new replay began: counting it afresh',
    );
    for (const fn of this.streamListeners) {
      try {
        fn();
      } catch (err) {
        this.options.logger.error({ err }, 'stream listener failed');
      }
    }
    return this.counter;
  };

  private makeCounter(checkpoint?: CounterCheckpoint): WindowedCounter {
    const s = this.settings;
    const counted = (tweet: Tweet): void => this.samples.add(tweet);
    if (checkpoint) {
      return WindowedCounter.fromCheckpoint(
        checkpoint,
        this.options.clock,
        (r) => this.publish(r),
        undefined,
        null,
        counted,
      );
    }
    return new WindowedCounter(
      {
        ...this.options.counter,
        retentionMs: this.retentionMs(s),
        batchMs: s.batchMs,
        windowMs: s.windowMs,
        slideMs: s.slideMs,
        topK: s.topK,
        retweets: s.retweets,
      },
      this.options.clock,
      (result) => this.publish(result),
      undefined,
      null,
      counted,
    );
  }

  /**
   * Called by the counter in the middle of closing batches: adds the server's
   * fields, records and announces the result. Never checkpoints from here (the
   * counter's state is half-way through an update); a checkpoint is queued for
   * when the current input has been processed.
   */
  private publish(result: BatchResult): void {
    const started = this.monotonic();
    const B = this.settings.batchMs;
    const from = Date.parse(result.window.start) / B;
    const to = Date.parse(result.window.end) / B;
    result.rising = risingTags(this.counter, from, to, lookbackBatches(to - from), result.top, this.rising);
    result.stats.processingMs =
      Math.round((result.stats.processingMs + (this.monotonic() - started)) * 1000) / 1000;
    result.emittedAt = new Date(this.options.clock.now()).toISOString();
    this.history.push(result);
    const meta: ResultMeta = { closedAt: this.inputAt };
    for (const fn of this.resultListeners) {
      try {
        fn(result, meta);
      } catch (err) {
        // A listener's failure must not leave the counter half-way through closing batches.
        this.options.logger.error({ err }, 'result listener failed');
      }
    }
    const ckpt = this.options.checkpoint;
    if (ckpt && ++this.resultsSinceCheckpoint >= ckpt.everyResults && !this.checkpointQueued) {
      this.checkpointQueued = true;
      queueMicrotask(() => {
        this.checkpointQueued = false;
        if (this.checkpointing === null) void this.checkpointNow();
      });
    }
  }

  private emitSource(): void {
    const status = this.sourceStatus();
    for (const fn of this.sourceListeners) fn(status);
  }
}

function serverState(value: unknown): ServerState | null {
  const v = value as Partial<ServerState> | null | undefined;
  if (typeof v !== 'object' || v === null || v.kind !== 'tagstream-server' || v.version !== 1) return null;
  if (!Array.isArray(v.history)) return null;
  return v as ServerState;
}

function sumTotals(a: CounterTotals, b: CounterTotals): CounterTotals {
  return {
    tweets: a.tweets + b.tweets,
    late: a.late + b.late,
    duplicates: a.duplicates + b.duplicates,
    malformed: a.malformed + b.malformed,
    overflow: a.overflow + b.overflow,
    filtered: a.filtered + b.filtered,
    emitted: a.emitted + b.emitted,
  };
}
