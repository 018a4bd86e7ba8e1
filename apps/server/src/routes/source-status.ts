import type { SourceStatus } from '@tagstream/protocol';
import { systemClock, type Clock } from '@tagstream/time';
import type { IngestorControl } from '../ingestor-control.ts';
import type { LiveCore } from '../pipeline/live-core.ts';

interface IngestorStatusBody {
  kind?: string;
  keywords?: string[];
  replay?: {
    files: string[];
    position: number;
    total: number;
    speed: number | 'max';
    paused: boolean;
    loop: boolean;
    tweetTimeIso: string | null;
  } | null;
}

/** What the dashboards are told about the source: the core's connection plus the ingestor's replay and keywords. */
export interface SourceView {
  status: SourceStatus;
  keywords: string[];
}

/**
 * The core's view of its source, enriched with the ingestor's replay position
 * and track keywords when it can be asked. Answers are cached for `ttlMs`, so a
 * thousand dashboards connecting at once cost the ingestor one request, and
 * concurrent callers share one request in flight.
 */
export class SourceStatusCache {
  private cached: { at: number; view: SourceView } | null = null;
  private inflight: Promise<SourceView> | null = null;
  private keywords: string[] = [];

  constructor(
    private readonly core: LiveCore,
    private readonly control: IngestorControl | null,
    private readonly ttlMs = 500,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The current view; `fresh` skips the cache (after a change the caller made). */
  async get(fresh = false): Promise<SourceView> {
    if (this.control === null) return { status: this.core.sourceStatus(), keywords: [] };
    if (!fresh && this.cached && this.clock.now() - this.cached.at < this.ttlMs) {
      // The core's own part (connected, tweets/s, state) is always current.
      const { connected, tweetsPerSec, state } = this.core.sourceStatus();
      const view = this.cached.view;
      return { ...view, status: { ...view.status, connected, tweetsPerSec, state } };
    }
    if (!fresh && this.inflight) return this.inflight;
    const p = this.fetch().finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    return p;
  }

  /** Keywords last reported by the ingestor (or set through the API). */
  setKeywords(keywords: string[]): void {
    this.keywords = [...keywords];
    if (this.cached) this.cached.view = { ...this.cached.view, keywords: this.keywords };
  }

  private async fetch(): Promise<SourceView> {
    const status = this.core.sourceStatus();
    const reply = await this.control!.get('/status', 2_000);
    if (reply.status !== 200 || typeof reply.body !== 'object' || reply.body === null) {
      // The ingestor is away: say what the core knows, keep the last keywords.
      return { status, keywords: this.keywords };
    }
    const body = reply.body as IngestorStatusBody;
    if (Array.isArray(body.keywords)) this.keywords = body.keywords.filter((k) => typeof k === 'string');
    let view: SourceView;
    if (body.kind === 'live') view = { status: { ...status, kind: 'live' }, keywords: this.keywords };
    else if (!body.replay) view = { status, keywords: this.keywords };
    else {
      const r = body.replay;
      view = {
        keywords: this.keywords,
        status: {
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
        },
      };
    }
    this.cached = { at: this.clock.now(), view };
    return view;
  }
}
