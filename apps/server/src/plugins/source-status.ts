import type { SourceStatus } from '@tagstream/protocol';
import { systemClock, type Clock } from '@tagstream/time';
import type { IngestorControl } from '../ingestor-control.ts';
import type { LiveCore } from '../pipeline/live-core.ts';
import type { KeywordsService } from './keywords.ts';
import type { TrackersService } from './trackers.ts';

export interface SourceStatusCacheOptions {
  /** What the server itself knows of its source (a web node: its Redis connection). */
  core: Pick<LiveCore, 'sourceStatus'>;
  /** The ingestor's control API; without it the status is the core's alone. */
  control: IngestorControl | null;
  /** Told the keywords each ingestor status holds. */
  keywords: KeywordsService;
  /** Told the trackers each ingestor status holds. */
  trackers?: Pick<TrackersService, 'ingestorReported'> | undefined;
  /** How long an ingestor status is reused (default 500 ms). */
  ttlMs?: number;
  clock?: Clock;
}

/**
 * The core's view of its source, enriched with the ingestor's replay position
 * when it can be asked; the track keywords in the ingestor's answer go to the
 * keywords service, its trackers to the trackers service. Answers are cached for `ttlMs`, so a thousand dashboards
 * connecting at once cost the ingestor one request, and concurrent callers share
 * one request in flight.
 */
export class SourceStatusCache {
  private cached: { at: number; status: SourceStatus } | null = null;
  private inflight: Promise<SourceStatus> | null = null;
  private readonly core: Pick<LiveCore, 'sourceStatus'>;
  private readonly control: IngestorControl | null;
  private readonly keywords: KeywordsService;
  private readonly trackers: Pick<TrackersService, 'ingestorReported'> | undefined;
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(opts: SourceStatusCacheOptions) {
    this.core = opts.core;
    this.control = opts.control;
    this.keywords = opts.keywords;
    this.trackers = opts.trackers;
    this.ttlMs = opts.ttlMs ?? 500;
    this.clock = opts.clock ?? systemClock;
  }

  /** The current status; `fresh` skips the cache (after a change the caller made). */
  async get(fresh = false): Promise<SourceStatus> {
    if (this.control === null) return this.core.sourceStatus();
    if (!fresh && this.cached && this.clock.now() - this.cached.at < this.ttlMs) {
      // The core's own part (connected, tweets/s, state) is always current.
      const { connected, tweetsPerSec, state } = this.core.sourceStatus();
      return { ...this.cached.status, connected, tweetsPerSec, state };
    }
    if (!fresh && this.inflight) return this.inflight;
    const p = this.fetch().finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    return p;
  }

  private async fetch(): Promise<SourceStatus> {
    const status = this.core.sourceStatus();
    const learn = this.keywords.learner();
    const reply = await this.control!.get('/status', 2_000);
    if (!reply.ok) {
      // The ingestor is away (or answers what this server cannot read): say what the core knows;
      // the keywords stay as last known.
      return status;
    }
    const body = reply.body;
    learn(body.keywords);
    this.trackers?.ingestorReported(body.trackers);
    let view: SourceStatus;
    if (body.kind === 'live') view = { ...status, kind: 'live' };
    else if (!body.replay) view = status;
    else {
      const r = body.replay;
      view = {
        ...status,
        kind: 'replay',
        replay: {
          // Only names: the ingestor's paths are the host's business.
          files: r.files.map((f) => f.split(/[\\/]/).pop() ?? f),
          position: r.position,
          total: r.total,
          speed: r.speed,
          paused: r.paused,
          loop: r.loop,
          tweetTime: r.tweetTimeIso,
        },
      };
    }
    this.cached = { at: this.clock.now(), status: view };
    return view;
  }
}
