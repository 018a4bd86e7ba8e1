import {
  DEFAULT_TRACKER,
  type BatchResult,
  type Settings,
  type SourceStatus,
  type TagDetail,
  type Tracker,
  type VoiceEntry,
} from '@tagstream/protocol';
import {
  emptyLineTally,
  assertReadableCheckpoint,
  type CounterBase,
  type CounterCheckpoint,
  type CounterTotals,
  type CounterView,
} from '@tagstream/stream';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { CheckpointFile } from '../checkpoint/checkpoint-file.ts';
import { CheckpointTiming } from './checkpoint-timing.ts';
import { Listeners } from './listeners.ts';
import { LogReader } from './log-reader.ts';
import type { ResultHistory } from './result-history.ts';
import { DEFAULT_RISING_OPTIONS, type RisingOptions } from './rising-tags.ts';
import type { SampleTweets } from './sample-tweets.ts';
import { readServerState } from './server-state.ts';
import { SourceHealth } from './source-health.ts';
import { TcpLineSource, type TcpAddress } from './tcp-line-source.ts';
import { TrackedCount } from './trackers/tracked-count.ts';
import { TrackerSet } from './trackers/tracker-set.ts';
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
  /** Trackers counted beside the default one from the start (checked by the caller), resumed from the checkpoint. */
  trackers?: Tracker[];
}

/** What a result listener learns besides the result. */
export interface ResultMeta {
  /** Monotonic ms at which the input that closed the result's batch arrived: the start of the close-to-emit lag. */
  closedAt: number;
}

/**
 * The server's running pipeline, as wiring: TCP lines (TcpLineSource) → the trackers, each a
 * counting session fed from the same lines (TrackerSet; the default one counts everything) →
 * results with rising tags, the recent history and sample tweets of each, announced to listeners;
 * beside it the source's health, the wall tick and checkpoint timing. The web layer only
 * listens to it and reads from it.
 *
 * Restarts lose nothing and count nothing twice within the ingestor's log bounds (DESIGN.md
 * §8): the checkpoint holds every tracker's counter (with the per-batch tag counts that rising
 * tags read) and history, and the log position of the next line, in one file, all taken at one
 * moment between two inputs; on reconnect the core asks for the lines from that position
 * (LogReader), so the lines after the checkpoint give the same results as they did (or would
 * have) the first time. Lines that left the log before we asked are counted as `lost` (in the
 * default tracker: which trackers they were for is unknown), and said so.
 */
export class LiveCore {
  readonly tally = emptyLineTally();
  private readonly trackerSet: TrackerSet;
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
    const rising = { ...DEFAULT_RISING_OPTIONS, ...options.rising };
    this.health = new SourceHealth(options.source, clock);
    this.results = new Listeners((err) => logger.error({ err }, 'result listener failed'));
    this.sources = new Listeners((err) => logger.error({ err }, 'source listener failed'));
    this.streams = new Listeners((err) => logger.error({ err }, 'stream listener failed'));
    const make = (tracker: Tracker | null): TrackedCount =>
      new TrackedCount({
        name: tracker?.name ?? DEFAULT_TRACKER,
        rule: tracker?.rule ?? null,
        // A tracker added later counts with the settings in force then (the set is not there yet at first).
        settings: this.trackerSet?.everything.session.settings ?? options.settings,
        counter: options.counter ?? {},
        clock,
        logger,
        historyLimit: options.historyLimit ?? 360,
        sampleSize: options.sampleSize ?? 5_000,
        rising,
        published: (r) => this.published(r),
        // One announcement per new stream: every tracker starts afresh with it, the default one says so.
        ...(tracker === null ? { streamBegan: (previous) => this.streamBegan(previous) } : {}),
      });
    this.trackerSet = new TrackerSet(make, logger, options.trackers ?? []);
    const ckpt = options.checkpoint;
    this.checkpoints = ckpt
      ? new CheckpointTiming({
          ...ckpt,
          clock,
          logger,
          // Views of every tracker's live state (not a copy), read as the file is written: input waits.
          take: () => this.trackerSet.snapshot({ position: this.reader?.position ?? null }),
          hold: () => this.tcp.hold(),
          lines: () => this.tally.lines,
        })
      : null;
    const sourceLog = logger.child({ part: 'source' });
    this.reader =
      options.resume === false
        ? null
        : new LogReader({
            lost: (lines, at) => {
              this.trackerSet.everything.session.lost(lines);
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
      lines: { target: this.trackerSet, tally: this.tally },
      events: {
        received: () => {
          this.inputAt = clock.monotonic();
          this.health.markTweets(this.tally.tweets);
        },
        status: (_connected, state) => {
          this.health.setState(state);
          this.sources.emit(this.sourceStatus());
        },
        // Nothing ends on a close (the results stay, the client reconnects): a restarted ingestor
        // closes cleanly too. A replay that ran to its end said so in its last line (`end`).
        end: () => undefined,
      },
    });
  }

  /** The default tracker's recent results (everything the source sends). */
  get history(): ResultHistory {
    return this.trackerSet.everything.history;
  }

  /** The default tracker's sample tweets. */
  get samples(): SampleTweets {
    return this.trackerSet.everything.samples;
  }

  /** The default tracker's counter (another one after a new replay or batch interval): for reading. */
  get counter(): CounterView {
    return this.trackerSet.everything.counter;
  }

  /** A tracker's count by name (the default one without a name), or null when there is no such tracker. */
  tracker(name?: string): TrackedCount | null {
    return this.trackerSet.get(name);
  }

  /** The trackers besides the default one. */
  trackers(): Tracker[] {
    return this.trackerSet.trackers();
  }

  /**
   * Follows these trackers from the next line on (checked by the caller): one kept with the same
   * rule goes on counting, a new or changed one starts empty. Checkpointed with the others.
   */
  setTrackers(trackers: Tracker[]): void {
    this.trackerSet.set(trackers);
  }

  /** Each tracker's tweets in its recent windows, for share of voice (the compare view). */
  voice(perTracker = 120): VoiceEntry[] {
    return this.trackerSet.voice(perTracker);
  }

  /**
   * Resumes from the checkpoint when there is a readable one made with the same batch interval
   * (batches cannot be re-cut); window, slide, top K and the retweet setting asked for now are
   * applied to the resumed state. Otherwise starts fresh, saying why. Trackers followed now
   * resume when saved under the same name with the same rule.
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
    const saved = readServerState(value.source);
    // Checkpoints from before the counting session kept the replaced counters' counts in the server's part.
    if (value.lifetimeBase === undefined && saved?.lifetimeBase)
      value = { ...value, lifetimeBase: saved.lifetimeBase };
    const everything = this.trackerSet.everything;
    const s = everything.session.settings;
    const outcome = everything.restore(value);
    const o = value.options;
    if (!outcome.resumed) {
      logger.warn(
        { checkpoint: { batchMs: o.batchMs }, settings: { batchMs: s.batchMs } },
        'checkpoint was made with another batch interval: starting fresh',
      );
      return;
    }
    if (outcome.state === null)
      logger.warn('checkpoint holds no server state: history and rising tags start empty');
    else this.reader?.resumeFrom(outcome.state.position ?? null);
    this.trackerSet.restoreNamed(outcome.state);
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
        history: everything.history.size,
        position: outcome.state?.position ?? null,
        trackers: outcome.state?.trackers?.length ?? 0,
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
      { seq: this.counter.latest?.seq ?? null, lines: this.tally.lines },
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

  /** The default tracker's lifetime counts since the first start (across restarts, new replays and batch-interval changes). */
  lifetime(): CounterTotals {
    return this.trackerSet.everything.session.lifetime();
  }

  /**
   * Applies new settings live, to every tracker: window, slide and top K from the next result,
   * retweets from now on; a new batch interval restarts counting (batches cannot be re-cut).
   * Returns what happened in words. Throws CounterOptionsError (changing nothing) when it cannot.
   */
  applySettings(patch: Partial<Settings>): { settings: Settings; reset: boolean; message: string } {
    this.checkpoints?.abandon();
    const change = this.trackerSet.applySettings(patch);
    if (change.reset) {
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
    return this.trackerSet.everything.session.settings;
  }

  sourceStatus(): SourceStatus {
    this.health.markTweets(this.tally.tweets);
    const lost = this.lifetime().lost;
    return { ...this.health.status(this.tcp.connected), ...(lost > 0 ? { lost } : {}) };
  }

  /** Lines re-sent below our log position and skipped by offset (never counted as duplicates). */
  skippedByOffset(): number {
    return this.reader?.skipped ?? 0;
  }

  /** A tag's drill-down in the default tracker (see tag-detail.ts); `TrackedCount.tagDetail` for another. */
  tagDetail(key: string, fallbackDisplay = '#' + key, sampleLimit = 20): TagDetail {
    return this.trackerSet.everything.tagDetail(key, fallbackDisplay, sampleLimit);
  }

  /** Every tracker's results (`result.tracker` says whose). */
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
    // While a checkpoint's snapshot is being written (the input held), the counters stay as they are.
    if (!this.tcp.held) this.trackerSet.tick();
    this.checkpoints?.tick();
  }

  /**
   * A tracker's result, in the middle of closing batches, already in its history: announced.
   * Never checkpoints from here (the counters' state is half-way through an update);
   * CheckpointTiming queues one for after the input.
   */
  private published(result: BatchResult): void {
    this.results.emit(result, { closedAt: this.inputAt });
    // Checkpoints count the default tracker's results: the others close the same windows.
    if (result.tracker === DEFAULT_TRACKER) this.checkpoints?.resultEmitted();
  }

  /** The source marked a new replay and every tracker counts it afresh (DESIGN.md §3). */
  private streamBegan(previous: { seq: number | null; tweets: number }): void {
    this.options.logger.info({ previous }, 'a new replay began: counting it afresh');
    this.streams.emit();
  }
}
