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
import { DEFAULT_MAX_LINE_BYTES, readRecording } from '@tagstream/recordings';
import { ReplaySource, type ReplaySpeed } from './replay/replay-source.ts';
import { PackedTweets } from './replay/packed-tweets.ts';

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

/** The ingestor's state as the control API reports it (its contract is in @tagstream/protocol). */
export type { IngestorStatus };

/** What reading one recording for a replay found besides its tweets. */
export interface ReplayFileStats {
  file: string;
  tweets: number;
  lines: number;
  malformed: number;
  skipped: number;
  oversized: number;
}

/** How a replay ended: ran to its end, was stopped, or another replay took its place (POST /replay). */
export type ReplayOutcome = 'finished' | 'stopped' | 'replaced';

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
  private replay: {
    source: ReplaySource;
    files: string[];
    done: Promise<void>;
    replaced: boolean;
    stop: () => void;
    skipped: number;
    malformed: number;
    oversized: number;
  } | null = null;
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
    for (const f of files) {
      const name = f.file;
      if (f.oversized > 0)
        log.warn(
          f,
          `${name}: ${plural(f.oversized, 'line')} longer than the ${LINE_LIMIT} line limit dropped`,
        );
      if (f.malformed > 0) log.warn(f, `${name}: ${plural(f.malformed, 'malformed line')} skipped`);
      if (f.tweets === 0 && tweets.length > 0) log.warn(f, `${name}: no tweets in this file`);
    }
    if (tweets.length === 0) {
      const why = files
        .map(
          (f) =>
            `${f.file}: ${f.lines === 0 ? 'empty' : `no tweets in ${plural(f.lines, 'line')}${droppedNote(f)}`}`,
        )
        .join('; ');
      throw new ReplayStartError(`nothing to replay (${why})`);
    }
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
    const source = new ReplaySource(tweets, {
      speed: req.speed,
      loop: req.loop,
      maxGapMs: req.maxGapMs ?? 5_000,
      watermarkEveryMs: 200,
      timers,
      filter: (t) => this.filter === undefined || this.filter(t),
      sink: {
        tweet: (t) => this.sendTweet(t),
        watermark: (time, stream) => this.sendWatermark(time, stream),
        writable: () => this.lines.writable(),
      },
    });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const done = (async () => {
      // A max-speed replay into nobody would only fill the log (and push its oldest lines out): wait for a reader.
      if (req.speed === 'max') await Promise.race([this.lines.hasConsumer(), stopped]);
      await source.run();
      const status = source.status();
      log.info(status, status.done ? 'replay finished' : 'replay stopped');
    })();
    this.replay = {
      source,
      files: req.files,
      done,
      replaced: false,
      stop: () => {
        source.close();
        stop();
      },
      skipped: sum('skipped'),
      malformed: sum('malformed'),
      oversized: sum('oversized'),
    };
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
              skipped: r.skipped,
              malformed: r.malformed,
              oversized: r.oversized,
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

/**
 * Reads the recordings one after another and sorts all their tweets by event time (DESIGN.md §4),
 * keeping per-file counts so that problems can be reported by file. Throws the first RecordingError.
 * The tweets are held packed (see PackedTweets): a replay holds its whole recording.
 */
export async function loadForReplay(
  paths: readonly string[],
): Promise<{ tweets: PackedTweets; files: ReplayFileStats[] }> {
  const tweets = new PackedTweets();
  const files: ReplayFileStats[] = [];
  for (const file of paths) {
    const f: ReplayFileStats = { file, tweets: 0, lines: 0, malformed: 0, skipped: 0, oversized: 0 };
    for await (const event of readRecording(file)) {
      switch (event.kind) {
        case 'tweet':
          tweets.add(event.tweet);
          f.tweets++;
          break;
        case 'malformed':
        case 'skipped':
        case 'oversized':
          f[event.kind]++;
          break;
        case 'end':
          f.lines = event.lines;
          break;
      }
    }
    files.push(f);
  }
  return { tweets: tweets.sortByEventTime(), files };
}

const LINE_LIMIT = `${DEFAULT_MAX_LINE_BYTES / (1024 * 1024)} MiB`;

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function droppedNote(f: ReplayFileStats): string {
  const parts: string[] = [];
  if (f.oversized > 0) parts.push(`${plural(f.oversized, 'line')} over ${LINE_LIMIT} dropped`);
  if (f.malformed > 0) parts.push(`${plural(f.malformed, 'malformed line')}`);
  if (f.skipped > 0) parts.push(`${plural(f.skipped, 'non-tweet record')}`);
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}
