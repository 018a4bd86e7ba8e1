import { setTimeout as sleep } from 'node:timers/promises';
import { compileTrack, type Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';
import { lineFormatter, type LineFormat } from './fanout/line-format.ts';
import { LineServer } from './fanout/line-server.ts';
import { loadRecordingSorted } from './recording/index.ts';
import {
  ReplaySource,
  type ReplaySpeed,
  type ReplayStatus,
  type ReplayTimers,
} from './replay/replay-source.ts';

export interface IngestorOptions {
  host: string;
  port: number;
  format: LineFormat;
  logger: Logger;
  maxConsumerBufferBytes?: number;
  backlogMs?: number;
}

/** What the ingestor needs of a live source. */
export interface LiveControl {
  setKeywords(keywords: string[]): Promise<void>;
  status(): unknown;
  close(): Promise<void>;
}

export interface ReplayRequest {
  files: string[];
  speed: ReplaySpeed;
  loop: boolean;
  maxGapMs?: number;
}

/** The ingestor's state as the control API reports it. */
export interface IngestorStatus {
  kind: 'replay' | 'live' | 'idle';
  address: string;
  format: LineFormat;
  consumers: number;
  linesSent: number;
  consumersCutOff: number;
  keywords: string[];
  live: unknown;
  replay:
    | (ReplayStatus & { files: string[]; tweetTimeIso: string | null; skipped: number; malformed: number })
    | null;
}

const realTimers: ReplayTimers = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
};

/**
 * The ingestor (DESIGN.md §7): one source at a time (a replay, or the live X
 * stream), filtered by the track keywords, fanned out over TCP as lines.
 */
export class Ingestor {
  readonly lines: LineServer;
  private readonly format;
  private replay: {
    source: ReplaySource;
    files: string[];
    done: Promise<void>;
    skipped: number;
    malformed: number;
  } | null = null;
  private keywords: string[] = [];
  private live: LiveControl | null = null;
  private filter: ((t: Tweet) => boolean) | undefined;

  constructor(private readonly options: IngestorOptions) {
    this.lines = new LineServer({
      host: options.host,
      port: options.port,
      logger: options.logger.child({ part: 'fanout' }),
      ...(options.maxConsumerBufferBytes !== undefined
        ? { maxConsumerBufferBytes: options.maxConsumerBufferBytes }
        : {}),
      ...(options.backlogMs !== undefined ? { backlogMs: options.backlogMs } : {}),
    });
    this.format = lineFormatter(options.format);
  }

  async listen(): Promise<{ host: string; port: number }> {
    const address = await this.lines.listen();
    this.options.logger.info(
      { ...address, format: this.options.format },
      `serving tweets on tcp://${address.host}:${address.port}`,
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

  /** Sends one tweet (from the live source) to every consumer, if it passes the track filter. */
  sendTweet(tweet: Tweet): void {
    this.lines.send(this.format.tweet(tweet));
  }

  /** Sends a watermark line (JSON format only). */
  sendWatermark(time: number): void {
    const line = this.format.watermark(time);
    if (line !== null) this.lines.send(line);
  }

  getKeywords(): string[] {
    return [...this.keywords];
  }

  /** Loads and starts replaying recordings (stopping any current replay). Resolves once the replay has started. */
  async startReplay(req: ReplayRequest, timers: ReplayTimers = realTimers): Promise<void> {
    const { tweets, stats } = await loadRecordingSorted(req.files);
    this.stopReplay();
    this.options.logger.info(
      {
        files: req.files,
        tweets: tweets.length,
        malformed: stats.malformed,
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
        watermark: (time) => this.sendWatermark(time),
        writable: () => this.lines.writable(),
      },
    });
    const done = (async () => {
      // A max-speed replay into nobody would only fill the backlog and drop it: wait for a reader.
      if (req.speed === 'max') await this.lines.hasConsumer();
      await source.run();
      this.options.logger.info(source.status(), 'replay finished');
    })();
    this.replay = { source, files: req.files, done, skipped: stats.skipped, malformed: stats.malformed };
  }

  /** Resolves when the current replay has sent its last line (never, for a loop). */
  async replayDone(): Promise<void> {
    await this.replay?.done;
  }

  replayControl(): ReplaySource | null {
    return this.replay?.source ?? null;
  }

  stopReplay(): void {
    this.replay?.source.close();
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
            }
          : null,
    };
  }

  async close(): Promise<void> {
    this.stopReplay();
    await this.live?.close();
    await this.lines.close();
  }
}
