import { EventEmitter } from 'node:events';
import type { ReplayRequest, ReplaySpeedRequest, SourceStatus } from '@tagstream/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IngestorControl } from '../ingestor-control.ts';
import type { LiveCore } from '../pipeline/live-core.ts';
import type { ControlOutcome } from './control-outcome.ts';
import type { KeywordsService } from './keywords.ts';
import { SourceStatusCache } from './source-status.ts';
import type { TrackersService } from './trackers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The source's status and the replay's controls. */
    source: SourceService;
  }
}

export interface SourceServiceOptions {
  core: Pick<LiveCore, 'sourceStatus'>;
  control: IngestorControl | null;
  keywords: KeywordsService;
  trackers?: TrackersService;
}

/**
 * What the server knows of its source (the core's connection plus the
 * ingestor's replay), and the replay's controls, passed to the ingestor's
 * control API. Each status looked at on purpose (`refresh`) is announced as
 * `status`: after a replay change, when the core's connection changes, and when
 * the realtime plugin polls while dashboards watch.
 */
export class SourceService extends EventEmitter<{ status: [status: SourceStatus] }> {
  private readonly cache: SourceStatusCache;
  private readonly control: IngestorControl | null;

  constructor(opts: SourceServiceOptions) {
    super();
    this.control = opts.control;
    this.cache = new SourceStatusCache(opts);
  }

  /** Whether the replay can be controlled: a plain line source has no ingestor. */
  get available(): boolean {
    return this.control !== null;
  }

  /** The current status, from a cache of half a second unless `fresh`. */
  status(fresh = false): Promise<SourceStatus> {
    return this.cache.get(fresh);
  }

  /** The current status, announced. */
  async refresh(fresh: boolean): Promise<SourceStatus> {
    const status = await this.cache.get(fresh);
    this.emit('status', status);
    return status;
  }

  replay(request: ReplayRequest): Promise<ControlOutcome<SourceStatus>> {
    return this.change('/replay', request);
  }

  pause(): Promise<ControlOutcome<SourceStatus>> {
    return this.change('/replay/pause');
  }

  resume(): Promise<ControlOutcome<SourceStatus>> {
    return this.change('/replay/resume');
  }

  speed(request: ReplaySpeedRequest): Promise<ControlOutcome<SourceStatus>> {
    return this.change('/replay/speed', request);
  }

  /** Passes a change to the ingestor; once done, the fresh status, announced. */
  private async change(
    path: '/replay' | '/replay/pause' | '/replay/resume' | '/replay/speed',
    body?: ReplayRequest | ReplaySpeedRequest,
  ): Promise<ControlOutcome<SourceStatus>> {
    if (this.control === null) throw new Error('no ingestor to control');
    const r = await this.control.send('POST', path, body);
    if (!r.ok) return { ok: false, reply: r };
    return { ok: true, value: await this.refresh(true) };
  }
}

export default fp(
  async function source(app: FastifyInstance, opts: { control: IngestorControl | null }) {
    const service = new SourceService({
      core: app.core,
      control: opts.control,
      keywords: app.keywords,
      trackers: app.trackers,
    });
    app.decorate('source', service);
    // The core's connection changed: what the ingestor says may have changed with it.
    const off = app.core.onSource(() => void service.refresh(true).catch(() => undefined));
    app.addHook('onClose', async () => off());
  },
  { name: 'tagstream-source', dependencies: ['tagstream-core', 'tagstream-keywords', 'tagstream-trackers'] },
);
