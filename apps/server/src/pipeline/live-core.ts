import type { BatchResult, Settings, SourceStatus } from '@tagstream/protocol';
import {
  emptyLineTally,
  feedLine,
  WindowedCounter,
  type Clock,
  type CounterCheckpoint,
  type CounterOptions,
} from '@tagstream/stream';
import type { CheckpointFile } from '../checkpoint/checkpoint-file.ts';
import type { Logger } from 'pino';
import { RateMeter } from './rate-meter.ts';
import { ResultHistory } from './result-history.ts';
import { SampleTweets } from './sample-tweets.ts';
import { TcpLineSource, type TcpAddress } from './tcp-line-source.ts';

export interface LiveCoreOptions {
  source: TcpAddress;
  settings: Settings;
  counter?: Partial<CounterOptions>;
  clock: Clock;
  logger: Logger;
  historyLimit?: number;
  /** Where to checkpoint, and how often (every N results, plus on stop). */
  checkpoint?: { file: CheckpointFile; everyResults: number };
}

type Listener<T> = (value: T) => void;

/**
 * The server's running pipeline: TCP lines → windowed counter → results, with
 * the recent history, sample tweets and the source's health. The web layer only
 * listens to it.
 */
export class LiveCore {
  counter: WindowedCounter;
  readonly history: ResultHistory;
  readonly samples = new SampleTweets(5_000);
  readonly tally = emptyLineTally();
  oversized = 0;
  private settings: Settings;
  private readonly tcp: TcpLineSource;
  private readonly rate: RateMeter;
  private ticker: NodeJS.Timeout | null = null;
  private sourceState = 'connecting';
  private checkpointAt: number | null = null;
  private checkpointing: Promise<void> | null = null;
  private resultsSinceCheckpoint = 0;
  private readonly resultListeners = new Set<Listener<BatchResult>>();
  private readonly sourceListeners = new Set<Listener<SourceStatus>>();

  constructor(private readonly options: LiveCoreOptions) {
    this.settings = options.settings;
    this.history = new ResultHistory(options.historyLimit ?? 360);
    this.rate = new RateMeter(5, () => options.clock.now());
    this.counter = this.makeCounter();
    this.tcp = new TcpLineSource({
      address: options.source,
      logger: options.logger.child({ part: 'source' }),
      events: {
        line: (line) => {
          this.rate.mark();
          feedLine(this.counter, line, 'auto', this.tally);
        },
        oversized: () => {
          this.oversized++;
          this.counter.malformed();
        },
        status: (_connected, state) => {
          this.sourceState = state;
          this.emitSource();
        },
        end: () => undefined,
      },
    });
  }

  /**
   * Resumes from the checkpoint when there is a readable one made with the same
   * settings; otherwise starts fresh, saying why.
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
    if (
      o.batchMs !== s.batchMs ||
      o.windowMs !== s.windowMs ||
      o.slideMs !== s.slideMs ||
      o.topK !== s.topK ||
      o.retweets !== s.retweets
    ) {
      logger.warn(
        { checkpoint: { batchMs: o.batchMs, windowMs: o.windowMs, slideMs: o.slideMs }, settings: s },
        'checkpoint was made with other settings: starting fresh',
      );
      return;
    }
    this.counter = this.makeCounter(value);
    const history = (value.source as { history?: BatchResult[] } | undefined)?.history ?? [];
    for (const r of history) this.history.push(r);
    logger.info(
      { seq: value.seq, batches: value.batches.length, ids: value.ids.length },
      'resumed from checkpoint',
    );
  }

  /** Writes a checkpoint now (waits for one already being written). */
  async checkpointNow(): Promise<void> {
    const ckpt = this.options.checkpoint;
    if (!ckpt) return;
    while (this.checkpointing) await this.checkpointing;
    const value = this.counter.toCheckpoint({ history: this.history.recent(60) });
    this.checkpointing = ckpt.file
      .write(value)
      .then(() => {
        this.checkpointAt = Date.now();
      })
      .catch((err: Error) => this.options.logger.error({ err: err.message }, 'checkpoint write failed'))
      .finally(() => {
        this.checkpointing = null;
      });
    await this.checkpointing;
  }

  start(): void {
    this.tcp.start();
    // Plain-text sources run on wall time: something must close their batches when no line arrives.
    this.ticker = setInterval(() => this.counter.tick(), 250);
    this.ticker.unref();
  }

  /** Stops reading and writes a final checkpoint. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.tcp.stop();
    await this.checkpointNow();
  }

  reconnects(): number {
    return this.tcp.reconnects;
  }

  /** Wall time of the last checkpoint written, or null. */
  lastCheckpointAt(): number | null {
    return this.checkpointAt;
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
      this.settings = next;
      try {
        this.counter = this.makeCounter();
      } catch (err) {
        this.settings = previous;
        throw err;
      }
      this.history.clear();
      return {
        settings: this.getSettings(),
        reset: true,
        message:
          'batch interval changed: windows, history and running totals start again from the next tweets',
      };
    }
    this.counter.reconfigure({
      windowMs: next.windowMs,
      slideMs: next.slideMs,
      topK: next.topK,
      retweets: next.retweets,
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
    return {
      kind: 'tcp',
      address: `tcp://${this.options.source.host}:${this.options.source.port}`,
      connected: this.tcp.connected,
      tweetsPerSec: Math.round(this.rate.perSecond() * 10) / 10,
      state: this.sourceState,
    };
  }

  onResult(fn: Listener<BatchResult>): () => void {
    this.resultListeners.add(fn);
    return () => this.resultListeners.delete(fn);
  }

  onSource(fn: Listener<SourceStatus>): () => void {
    this.sourceListeners.add(fn);
    return () => this.sourceListeners.delete(fn);
  }

  private makeCounter(checkpoint?: CounterCheckpoint): WindowedCounter {
    const s = this.settings;
    if (checkpoint) {
      return WindowedCounter.fromCheckpoint(
        checkpoint,
        this.options.clock,
        (r) => this.publish(r),
        undefined,
        null,
        (t) => this.samples.add(t),
      );
    }
    return new WindowedCounter(
      {
        ...this.options.counter,
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
      (tweet) => this.samples.add(tweet),
    );
  }

  private publish(result: BatchResult): void {
    this.history.push(result);
    for (const fn of this.resultListeners) fn(result);
    const ckpt = this.options.checkpoint;
    if (ckpt && ++this.resultsSinceCheckpoint >= ckpt.everyResults && this.checkpointing === null) {
      this.resultsSinceCheckpoint = 0;
      void this.checkpointNow();
    }
  }

  private emitSource(): void {
    const status = this.sourceStatus();
    for (const fn of this.sourceListeners) fn(status);
  }
}
