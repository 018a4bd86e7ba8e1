import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IngestorStatus, LiveStatus } from '@tagstream/protocol';
import { systemClock, type Timers } from '@tagstream/time';
import { compileTrack, type StreamMark, type Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';
import { lineFormatter, type LineFormat } from './fanout/line-format.ts';
import { LineServer } from './fanout/line-server.ts';
import { DEFAULT_LOG_BOUNDS, type LogBounds } from './log/line-log.ts';
import { LmdbLineLog } from './log/lmdb-line-log.ts';
import { feedFolder } from './replay/folder-replay.ts';
import { loadForReplay, nothingToReplay, reportFileProblems } from './replay/load-for-replay.ts';
import { ReplaySource, type ReplayOptions, type ReplaySpeed } from './replay/replay-source.ts';

export interface IngestorOptions {
  host: string;
  port: number;
  format: LineFormat;
  logger: Logger;
  maxConsumerBufferBytes?: number;
  /** Consumers past this many are refused (default 64). */
  maxConsumers?: number;
  /**
   * The durable log (DESIGN.md §8): its folder, kept across restarts, and its bounds. Without a
   * folder the log lives in a temporary one, removed on close.
   */
  log?: { dir?: string | undefined; bounds?: Partial<LogBounds> };
  /** Wall time and timers for replays (tests inject a manual clock); the system clock by default. */
  clock?: Timers;
}

/** What the ingestor needs of a live source. */
export interface LiveControl {
  setKeywords(keywords: string[]): Promise<void>;
  status(): LiveStatus;
  close(): Promise<void>;
}

export interface ReplayRequest {
  files: string[];
  speed: ReplaySpeed;
  loop: boolean;
  maxGapMs?: number;
}

/** A replay of every recording that appears in a folder (`ingest replay --watch DIR`). */
export interface FolderReplayRequest {
  dir: string;
  /** How long a new file must stay unchanged to be read. */
  settleMs: number;
  speed: ReplaySpeed;
  maxGapMs?: number;
}

/** The replay running now. */
interface RunningReplay {
  source: ReplaySource;
  /** Its files (a watched folder's grow as they come). */
  files: string[];
  done: Promise<void>;
  /** Another replay took its place (POST /replay). */
  replaced: boolean;
  /** Stops it where it is (no end mark). */
  stop: () => void;
  /** Ends it at once with its end mark (a watched folder's stops watching). */
  end: () => void;
  counts: { skipped: number; malformed: number; oversized: number };
}

/** How a replay ended: ran to its end, was stopped, or another replay took its place (POST /replay). */
export type ReplayOutcome = 'finished' | 'stopped' | 'replaced';

/** The ingestor's state as the control API reports it (its contract is in @tagstream/protocol). */
export type { IngestorStatus };

/** A replay that cannot start: no tweets in any of its files, or a live stream is the source. */
export class ReplayStartError extends Error {
  override name = 'ReplayStartError';
}

/**
 * The ingestor (DESIGN.md §7): one source at a time (a replay, or the live X
 * stream), filtered by the track keywords, fanned out over TCP as lines.
 */
export class Ingestor {
  readonly lines: LineServer;
  readonly log: LmdbLineLog;
  private readonly format;
  private readonly tempLogDir: string | null;
  private replay: RunningReplay | null = null;
  private keywords: string[] = [];
  private live: LiveControl | null = null;
  private filter: ((t: Tweet) => boolean) | undefined;

  constructor(private readonly options: IngestorOptions) {
    const clock = options.clock ?? systemClock;
    this.tempLogDir = options.log?.dir ? null : mkdtempSync(path.join(tmpdir(), 'tagstream-log-'));
    const dir = options.log?.dir ?? this.tempLogDir!;
    this.log = LmdbLineLog.open(dir, { ...DEFAULT_LOG_BOUNDS, ...options.log?.bounds }, clock.now());
    this.lines = new LineServer({
      host: options.host,
      port: options.port,
      logger: options.logger.child({ part: 'fanout' }),
      log: this.log,
      format: options.format,
      clock,
      ...(options.maxConsumerBufferBytes !== undefined
        ? { maxConsumerBufferBytes: options.maxConsumerBufferBytes }
        : {}),
      ...(options.maxConsumers !== undefined ? { maxConsumers: options.maxConsumers } : {}),
    });
    this.format = lineFormatter(options.format);
  }

  async listen(): Promise<{ host: string; port: number }> {
    const address = await this.lines.listen();
    this.options.logger.info(
      { ...address, format: this.options.format },
      `serving tweets on tcp://${address.host}:${address.port}`,
    );
    const log = this.log.stats();
    this.options.logger.info(
      { log: this.log.dir, first: log.first, end: log.end, bytes: log.bytes, id: this.log.id },
      'line log open',
    );
    return address;
  }

  /**
   * Applies track keywords: a replay filters with them locally, the live source
   * turns them into X stream rules. Throws RuleSyntaxError for a bad rule (or X's
   * rejection), leaving the old ones in place.
   */
  async setKeywords(keywords: string[]): Promise<void> {
    const filter = keywords.length > 0 ? compileTrack(keywords) : undefined;
    if (this.live) await this.live.setKeywords(keywords);
    this.keywords = [...keywords];
    this.filter = filter;
    this.options.logger.info({ keywords }, 'track keywords set');
  }

  /** Makes the live X stream the source: its lines fan out as they come. */
  attachLive(live: LiveControl): void {
    this.stopReplay();
    this.live = live;
  }

  /**
   * Sends one tweet to every consumer. The live source calls it for every line X sends: X's stream
   * rules did the filtering (our matcher would drop tweets X matched on fields it cannot see).
   */
  sendTweet(tweet: Tweet): void {
    this.lines.send(this.format.tweet(tweet));
  }

  /** Sends a watermark line (JSON format only), with a replay's stream mark when it has one. */
  sendWatermark(time: number, stream?: StreamMark): void {
    const line = this.format.watermark(time, stream);
    if (line !== null) this.lines.send(line, stream === 'begin');
  }

  getKeywords(): string[] {
    return [...this.keywords];
  }

  /** True while the live X stream is the source (a replay would mix into it). */
  isLive(): boolean {
    return this.live !== null;
  }

  /**
   * Loads and starts replaying recordings (stopping any current replay). Resolves once the replay
   * has started. Throws the RecordingError of a file that cannot be read, or a ReplayStartError
   * when the files hold no tweet at all; the current replay, if any, then goes on.
   */
  async startReplay(req: ReplayRequest, timers: Timers = this.options.clock ?? systemClock): Promise<void> {
    if (this.live) throw new ReplayStartError('the live X stream is the source; no replay while it runs');
    const log = this.options.logger;
    const { tweets, files } = await loadForReplay(req.files);
    reportFileProblems(log, files, tweets.length > 0);
    if (tweets.length === 0) throw new ReplayStartError(`nothing to replay (${nothingToReplay(files)})`);
    if (this.live) throw new ReplayStartError('the live X stream is the source; no replay while it runs');
    if (this.replay) this.replay.replaced = true;
    this.stopReplay();
    const sum = (k: 'malformed' | 'skipped' | 'oversized') => files.reduce((n, f) => n + f[k], 0);
    log.info(
      {
        files: req.files,
        tweets: tweets.length,
        malformed: sum('malformed'),
        oversized: sum('oversized'),
        speed: req.speed,
        loop: req.loop,
      },
      'replay loaded',
    );
    const source = this.newSource(
      tweets,
      { speed: req.speed, loop: req.loop, maxGapMs: req.maxGapMs },
      timers,
    );
    this.install(source, req.files, {
      counts: { skipped: sum('skipped'), malformed: sum('malformed'), oversized: sum('oversized') },
    });
  }

  /**
   * Replays every recording that appears in a folder from now on, one stream over all of them
   * (see feedFolder), until ended (`endReplay`) or replaced. Resolves once the folder is watched;
   * throws the RecordingError of a folder that cannot be, and the current replay then goes on.
   */
  async startFolderReplay(
    req: FolderReplayRequest,
    timers: Timers = this.options.clock ?? systemClock,
  ): Promise<void> {
    if (this.live) throw new ReplayStartError('the live X stream is the source; no replay while it runs');
    const log = this.options.logger;
    const source = this.newSource(
      [],
      { speed: req.speed, loop: false, maxGapMs: req.maxGapMs, open: true },
      timers,
    );
    const feed = await feedFolder({ dir: req.dir, settleMs: req.settleMs, timers, logger: log, source });
    if (this.replay) this.replay.replaced = true;
    this.stopReplay();
    log.info(
      { dir: req.dir, settleMs: req.settleMs, speed: req.speed },
      `replaying what appears in ${req.dir}`,
    );
    feed.done.catch((err: unknown) => {
      log.error(
        { err, dir: req.dir },
        'the watched folder can no longer be read: the replay ends with what it has',
      );
      source.finish();
    });
    this.install(source, feed.files, {
      counts: feed.counts,
      stopFeed: () => feed.stop(),
    });
  }

  /**
   * Ends the replay now, with its end mark (consumers close every batch), and resolves once that
   * is sent: a watched folder's stops watching and drops what it has not sent yet.
   */
  async endReplay(): Promise<void> {
    const current = this.replay;
    if (current === null) return;
    current.end();
    await current.done;
  }

  /**
   * Resolves when the replay running now ends, saying how (never, for a loop that runs on). The
   * command line waits on its own replay: one that a dashboard replaced is no longer its to end.
   */
  async replayOutcome(): Promise<ReplayOutcome> {
    const current = this.replay;
    if (current === null) return 'stopped';
    await current.done;
    if (current.replaced) return 'replaced';
    return current.source.status().done ? 'finished' : 'stopped';
  }

  replayControl(): ReplaySource | null {
    return this.replay?.source ?? null;
  }

  private newSource(
    tweets: Tweet[],
    o: Pick<ReplayOptions, 'speed' | 'loop' | 'open'> & { maxGapMs: number | undefined },
    timers: Timers,
  ): ReplaySource {
    return new ReplaySource(tweets, {
      ...o,
      maxGapMs: o.maxGapMs ?? 5_000,
      watermarkEveryMs: 200,
      timers,
      filter: (t) => this.filter === undefined || this.filter(t),
      sink: {
        tweet: (t) => this.sendTweet(t),
        watermark: (time, stream) => this.sendWatermark(time, stream),
        writable: () => this.lines.writable(),
      },
    });
  }

  /** Makes `source` the running replay and runs it. */
  private install(
    source: ReplaySource,
    files: string[],
    extra: { counts: RunningReplay['counts']; stopFeed?: () => void },
  ): void {
    const log = this.options.logger;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const done = (async () => {
      // A max-speed replay into nobody would only fill the log (and push its oldest lines out): wait for a reader.
      if (source.status().speed === 'max') await Promise.race([this.lines.hasConsumer(), stopped]);
      await source.run();
      const status = source.status();
      log.info(status, status.done ? 'replay finished' : 'replay stopped');
    })();
    this.replay = {
      source,
      files,
      done,
      replaced: false,
      stop: () => {
        extra.stopFeed?.();
        source.close();
        stop();
      },
      end: () => {
        extra.stopFeed?.();
        source.finish({ dropUnsent: true });
        stop();
      },
      counts: extra.counts,
    };
  }

  stopReplay(): void {
    this.replay?.stop();
    this.replay = null;
  }

  status(): IngestorStatus {
    const s = this.lines.stats();
    let address = '';
    try {
      const a = this.lines.address();
      address = `tcp://${a.host}:${a.port}`;
    } catch {
      // not listening yet
    }
    const r = this.replay;
    const rs = r?.source.status();
    return {
      kind: this.live ? 'live' : r ? 'replay' : 'idle',
      address,
      format: this.options.format,
      consumers: s.consumers,
      linesSent: s.linesSent,
      consumersCutOff: s.consumersCutOff,
      consumersRefused: s.consumersRefused,
      log: { first: s.logFirst, end: s.logEnd, bytes: s.logBytes, skipped: s.linesSkipped },
      keywords: this.getKeywords(),
      live: this.live ? this.live.status() : null,
      replay:
        r && rs
          ? {
              ...rs,
              files: r.files,
              tweetTimeIso: rs.tweetTime === null ? null : new Date(rs.tweetTime).toISOString(),
              ...r.counts,
            }
          : null,
    };
  }

  async close(): Promise<void> {
    this.stopReplay();
    await this.live?.close();
    await this.lines.close();
    await this.log.close();
    if (this.tempLogDir) rmSync(this.tempLogDir, { recursive: true, force: true });
  }
}
