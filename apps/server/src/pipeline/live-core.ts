import type { BatchResult, Settings, SourceStatus, TagDetail } from '@tagstream/protocol';
import {
  CounterSession,
  emptyLineTally,
  feedLine,
  assertReadableCheckpoint,
  type CounterBase,
  type CounterCheckpoint,
  type CounterTotals,
  type CounterView,
  type CountingSession,
} from '@tagstream/stream';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { CheckpointFile } from '../checkpoint/checkpoint-file.ts';
import { lookbackBatches, readRetentionMs } from './batch-reads.ts';
import { CheckpointTiming } from './checkpoint-timing.ts';
import { Listeners } from './listeners.ts';
import { LogReader } from './log-reader.ts';
import { ResultHistory } from './result-history.ts';
import { DEFAULT_RISING_OPTIONS, risingTags, type RisingOptions } from './rising-tags.ts';
import { SampleTweets } from './sample-tweets.ts';
import { readServerState, serverState } from './server-state.ts';
import { SourceHealth } from './source-health.ts';
import { tagDetail } from './tag-detail.ts';
import { TcpLineSource, type TcpAddress } from './tcp-line-source.ts';
import { startWallTick } from './wall-tick.ts';

export interface LiveCoreOptions {
  source: TcpAddress;
  settings: Settings;
  /** Counter options the settings do not cover (lateness, retention, caps). */
  counter?: CounterBase;
  /** Wall time (plain-text arrivals, `emittedAt`, checkpoint timing), monotonic time (lags) and timers. */
  clock: Timers;
  logger: Logger;
  historyLimit?: number;
  /** Tweets kept for the drill-down's samples. */
  sampleSize?: number;
  rising?: Partial<RisingOptions>;
  /** Where to checkpoint, and how often (see CheckpointTiming); plus once more on stop. */
  checkpoint?: { file: CheckpointFile; everyResults: number; everyMs?: number };
  /**
   * Ask the source for its log from our position (DESIGN.md §3, §8); default true. Off for a
   * plain line source, which would only see the request as a line of text.
   */
  resume?: boolean;
}

/** What a result listener learns besides the result. */
export interface ResultMeta {
  /** Monotonic ms at which the input that closed the result's batch arrived: the start of the close-to-emit lag. */
  closedAt: number;
}

/**
 * The server's running pipeline, as wiring: TCP lines (TcpLineSource) → the counting session
 * → results with rising tags, the recent history and sample tweets, announced to listeners;
 * beside it the source's health, the wall tick and checkpoint timing. The web layer only
 * listens to it and reads from it.
 *
 * Restarts lose nothing and count nothing twice within the ingestor's log bounds (DESIGN.md
 * §8): the checkpoint holds the counter (with the per-batch tag counts that rising tags read),
 * the history and the log position of the next line, all taken at one moment between two
 * inputs; on reconnect the core asks for the lines from that position (LogReader), so the lines
 * after the checkpoint give the same results as they did (or would have) the first time. Lines
 * that left the log before we asked are counted as `lost`, and said so.
 */
export class LiveCore {
  readonly history: ResultHistory;
  readonly samples: SampleTweets;
  readonly tally = emptyLineTally();
  oversized = 0;
  private readonly session: CountingSession;
  private readonly rising: RisingOptions;
  private readonly tcp: TcpLineSource;
  private readonly reader: LogReader | null;
  private readonly health: SourceHealth;
  private readonly checkpoints: CheckpointTiming | null;
  private stopTick: (() => void) | null = null;
  /** When the input now being processed arrived (monotonic ms). */
  private inputAt: number;
  private readonly results: Listeners<[BatchResult, ResultMeta]>;
  private readonly sources: Listeners<[SourceStatus]>;
  private readonly streams: Listeners<[]>;

  constructor(private readonly options: LiveCoreOptions) {
    const { clock, logger } = options;
    this.inputAt = clock.monotonic();
    this.rising = { ...DEFAULT_RISING_OPTIONS, ...options.rising };
    this.history = new ResultHistory(options.historyLimit ?? 360);
    this.samples = new SampleTweets(options.sampleSize ?? 5_000);
    this.health = new SourceHealth(options.source, clock);
    this.results = new Listeners((err) => logger.error({ err }, 'result listener failed'));
    this.sources = new Listeners((err) => logger.error({ err }, 'source listener failed'));
    this.streams = new Listeners((err) => logger.error({ err }, 'stream listener failed'));
    this.session = new CounterSession({
      settings: options.settings,
      // The drill-down's authors and languages: kept per batch for the window only.
      base: { tagProfiles: true, ...options.counter },
      // Rising tags and the drill-down read past batches: the counter keeps them that long.
      minRetentionMs: readRetentionMs,
      clock,
      sink: {
        result: (r) => this.publish(r),
        streamBegan: (previous) => this.streamBegan(previous),
        counted: (tweet) => this.samples.add(tweet),
        failed: (err, call) => logger.error({ err, call }, 'pipeline step failed'),
      },
    });
    const ckpt = options.checkpoint;
    this.checkpoints = ckpt
      ? new CheckpointTiming({
          ...ckpt,
          clock,
          logger,
          take: () =>
            this.session.checkpoint(
              serverState(
                this.history.recent(Infinity),
                this.samples.toJSON(),
                this.reader?.position ?? null,
              ),
            ),
          lines: () => this.tally.lines,
        })
      : null;
    const sourceLog = logger.child({ part: 'source' });
    this.reader =
      options.resume === false
        ? null
        : new LogReader({
            lost: (lines, at) => {
              this.session.lost(lines);
              sourceLog.warn(
                { lines, from: at.from, to: at.to },
                `${lines} lines were lost: they had left the ingestor's log before we asked for them (an outage longer than its bounds)`,
              );
              this.sources.emit(this.sourceStatus());
            },
            logChanged: (previous, now) =>
              sourceLog.warn(
                { previous, now },
                'the source answered from another log than our checkpoint’s: reading its current stream (what was sent between is unknown)',
              ),
            plain: () => sourceLog.info('the source does not serve offsets: reading its lines as they come'),
            refused: (reason) => {
              sourceLog.warn({ reason }, `the source refused us: ${reason}`);
              this.health.setState(`refused: ${reason}`);
            },
          });
    this.tcp = new TcpLineSource({
      address: options.source,
      logger: sourceLog,
      clock,
      ...(this.reader ? { reader: this.reader } : {}),
      events: {
        received: () => {
          this.inputAt = clock.monotonic();
          this.health.markTweets(this.tally.tweets);
        },
        line: (line) => feedLine(this.session, line, 'auto', this.tally),
        oversized: () => {
          this.oversized++;
          this.session.malformed();
        },
        status: (_connected, state) => {
          this.health.setState(state);
          this.sources.emit(this.sourceStatus());
        },
        // A finished replay closes the connection. Nothing ends here: the results stay, and
        // the client keeps reconnecting, because a clean close also happens when the
        // ingestor is restarted and then re-sends what we must not count as late. A replay
        // that ran to its end said so in its last line (an `end` mark), which closed the batches.
        end: () => undefined,
      },
    });
  }

  /** The counter counting now (another one after a new replay or batch interval): for reading. */
  get counter(): CounterView {
    return this.session.counter;
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
    const { logger, clock } = this.options;
    const read = await ckpt.file.read((v) => assertReadableCheckpoint(v, clock));
    if (read.kind === 'none') return;
    if (read.kind === 'set-aside') {
      logger.warn(
        { movedTo: read.movedTo, reason: read.reason },
        'checkpoint unreadable: moved aside, starting fresh',
      );
      return;
    }
    let value = read.value as CounterCheckpoint;
    const state = readServerState(value.source);
    // Checkpoints from before the counting session kept the replaced counters' counts in the server's part.
    if (value.lifetimeBase === undefined && state?.lifetimeBase)
      value = { ...value, lifetimeBase: state.lifetimeBase };
    const s = this.session.settings;
    const outcome = this.session.restore(value);
    const o = value.options;
    if (!outcome.resumed) {
      logger.warn(
        { checkpoint: { batchMs: o.batchMs }, settings: { batchMs: s.batchMs } },
        'checkpoint was made with another batch interval: starting fresh',
      );
      return;
    }
    if (state === null) {
      logger.warn('checkpoint holds no server state: history and rising tags start empty');
    } else {
      for (const r of state.history) this.history.push(r);
      this.samples.load(state.samples);
      this.reader?.resumeFrom(state.position ?? null);
    }
    if (outcome.reconfigured) {
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
        position: state?.position ?? null,
      },
      'resumed from checkpoint',
    );
  }

  /** Writes a checkpoint now (after one already being written). The state is taken at once, between two lines. */
  async checkpointNow(): Promise<void> {
    await this.checkpoints?.writeNow();
  }

  start(): void {
    this.tcp.start();
    this.stopTick = startWallTick(this.options.clock, () => this.tick());
  }

  /** Stops reading and writes a final checkpoint. */
  async stop(): Promise<void> {
    this.stopTick?.();
    this.tcp.stop();
    if (!this.checkpoints) return;
    await this.checkpoints.writeNow();
    this.options.logger.info(
      { seq: this.session.counter.latest?.seq ?? null, lines: this.tally.lines },
      'final checkpoint written',
    );
  }

  reconnects(): number {
    return this.tcp.reconnects;
  }

  /** Wall time at which the state in the newest checkpoint file was taken, or null. */
  lastCheckpointAt(): number | null {
    return this.checkpoints?.lastWrittenAt ?? null;
  }

  /** How the checkpoints go: the last one's pause of the event loop and duration, the longest pause (ms). */
  checkpointTimes(): { lastPauseMs: number; maxPauseMs: number; lastDurationMs: number } | null {
    const c = this.checkpoints;
    return c
      ? { lastPauseMs: c.lastPauseMs, maxPauseMs: c.maxPauseMs, lastDurationMs: c.lastDurationMs }
      : null;
  }

  /** Lifetime counts since the first start (across restarts, new replays and batch-interval changes). */
  lifetime(): CounterTotals {
    return this.session.lifetime();
  }

  /**
   * Applies new settings live. Window, slide and top K take effect at the next
   * result from the retained batches; the retweet setting applies to tweets from
   * now on; a new batch interval restarts counting (batches cannot be re-cut).
   * Returns what happened, in words a user can read. Throws CounterOptionsError
   * (and changes nothing) for settings that cannot be honoured.
   */
  applySettings(patch: Partial<Settings>): { settings: Settings; reset: boolean; message: string } {
    const change = this.session.applySettings(patch);
    if (change.reset) {
      this.history.clear();
      return {
        ...change,
        message:
          'batch interval changed: windows, history, rising tags and running totals start again from the next tweets',
      };
    }
    const parts = ['window, slide, top K and related tags apply from the next result'];
    if (patch.retweets !== undefined)
      parts.push(`retweets ${change.settings.retweets ? 'count' : 'are skipped'} from now on`);
    return { ...change, message: parts.join('; ') };
  }

  getSettings(): Settings {
    return this.session.settings;
  }

  sourceStatus(): SourceStatus {
    this.health.markTweets(this.tally.tweets);
    const lost = this.session.lifetime().lost;
    return { ...this.health.status(this.tcp.connected), ...(lost > 0 ? { lost } : {}) };
  }

  /** Lines re-sent below our log position and skipped by offset (never counted as duplicates). */
  skippedByOffset(): number {
    return this.reader?.skipped ?? 0;
  }

  /** A tag's drill-down (see tag-detail.ts). */
  tagDetail(key: string, fallbackDisplay = '#' + key, sampleLimit = 20): TagDetail {
    const { history, samples } = this;
    const from = { history, samples, counter: this.session.counter, settings: this.session.settings };
    return tagDetail(from, key, fallbackDisplay, sampleLimit);
  }

  onResult(fn: (result: BatchResult, meta: ResultMeta) => void): () => void {
    return this.results.add(fn);
  }

  /** Called when a new replay began and counting started afresh: what dashboards hold is out of date. */
  onStreamBegin(fn: () => void): () => void {
    return this.streams.add(fn);
  }

  onSource(fn: (status: SourceStatus) => void): () => void {
    return this.sources.add(fn);
  }

  private tick(): void {
    this.inputAt = this.options.clock.monotonic();
    this.session.tick();
    this.checkpoints?.tick();
  }

  /**
   * The session's news of a result, in the middle of closing batches: adds the server's
   * fields, records and announces the result. Never checkpoints from here (the counter's
   * state is half-way through an update); CheckpointTiming queues one for after the input.
   */
  private publish(result: BatchResult): void {
    const { clock } = this.options;
    const started = clock.monotonic();
    const B = this.session.settings.batchMs;
    const from = Date.parse(result.window.start) / B;
    const to = Date.parse(result.window.end) / B;
    const { counter } = this.session;
    result.rising = risingTags(counter, from, to, lookbackBatches(to - from), result.top, this.rising);
    result.stats.processingMs =
      Math.round((result.stats.processingMs + (clock.monotonic() - started)) * 1000) / 1000;
    result.emittedAt = new Date(clock.now()).toISOString();
    this.history.push(result);
    this.results.emit(result, { closedAt: this.inputAt });
    this.checkpoints?.resultEmitted();
  }

  /**
   * The source marked a new replay and the session counts it afresh (DESIGN.md §3): history,
   * rising tags and samples start again with it, as after a batch interval change.
   */
  private streamBegan(previous: { seq: number | null; tweets: number }): void {
    this.history.clear();
    this.samples.clear();
    this.options.logger.info({ previous }, 'a new replay began: counting it afresh');
    this.streams.emit();
  }
}
