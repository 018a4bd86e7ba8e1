import { EventEmitter } from 'node:events';
import { DEFAULT_TRACKER, type Tracker } from '@tagstream/protocol';
import { validateTrackers, type TrackersError } from '@tagstream/tweets';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IngestorControl } from '../ingestor-control.ts';
import type { LiveCore } from '../pipeline/live-core.ts';
import type { ControlOutcome } from './control-outcome.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The trackers: read and changed here, announced from here. */
    trackers: TrackersService;
  }
}

/** What a change of trackers came to: the trackers now followed, the ingestor's refusal, or why the list is invalid. */
export type TrackersOutcome = ControlOutcome<Tracker[]> | { ok: false; invalid: TrackersError };

export interface TrackersServiceOptions {
  core: LiveCore;
  /** The ingestor's control API, when the source is our own ingestor. */
  control: IngestorControl | null;
  /** Keeps the trackers for the next start. */
  persist?: ((trackers: Tracker[]) => Promise<void>) | undefined;
  logger: FastifyBaseLogger;
}

/**
 * The trackers (DESIGN.md §6): named rules counted side by side. The server owns them: the core
 * counts each (one counting session per tracker), and our ingestor applies them too, so that live
 * each is an X stream rule whose matches come back routed to it, and a replay sends a tracker's
 * tweets even when the track keywords would not. A change is checked here (names, rules), then
 * applied by the ingestor (which may refuse it: X's rule limits), then by the core, kept for the
 * next start and announced as `changed` (the realtime plugin tells dashboards). When the
 * ingestor's trackers differ from ours (it restarted, or started after us), it is given ours.
 */
export class TrackersService extends EventEmitter<{ changed: [trackers: Tracker[]] }> {
  private pushing: Promise<unknown> | null = null;
  private lastPushFailure = '';

  constructor(private readonly o: TrackersServiceOptions) {
    super();
  }

  /** The trackers followed now, besides the default one. */
  list(): Tracker[] {
    return this.o.core.trackers();
  }

  /** Follows these trackers instead of the current ones; announced even when unchanged. */
  async set(trackers: Tracker[]): Promise<TrackersOutcome> {
    const invalid = validateTrackers(trackers, DEFAULT_TRACKER);
    if (invalid !== null) return { ok: false, invalid };
    const list = trackers.map(({ name, rule }) => ({ name, rule }));
    if (this.o.control !== null) {
      const r = await this.o.control.send('PUT', '/trackers', { trackers: list });
      if (!r.ok) return { ok: false, reply: r };
    }
    this.o.core.setTrackers(list);
    this.emit('changed', this.list());
    void this.o
      .persist?.(list)
      .catch((err: Error) =>
        this.o.logger.error({ err: err.message }, 'could not keep the trackers for the next start'),
      );
    return { ok: true, value: this.list() };
  }

  /**
   * The trackers an ingestor status reported: when they are not ours, the ingestor is given ours
   * (one request at a time; a refusal is logged once per reason and tried again at the next status).
   */
  ingestorReported(reported: Tracker[]): void {
    const ours = this.list();
    if (this.o.control === null || this.pushing !== null || sameTrackers(reported, ours)) return;
    const control = this.o.control;
    this.pushing = control
      .send('PUT', '/trackers', { trackers: ours })
      .then((r) => {
        if (r.ok) {
          this.lastPushFailure = '';
          this.o.logger.info({ trackers: ours.map((t) => t.name) }, 'the ingestor was given our trackers');
          return;
        }
        const reason = JSON.stringify(r.body);
        if (reason !== this.lastPushFailure)
          this.o.logger.warn({ status: r.status, reply: r.body }, 'the ingestor refused our trackers');
        this.lastPushFailure = reason;
      })
      .finally(() => {
        this.pushing = null;
      });
  }
}

function sameTrackers(a: Tracker[], b: Tracker[]): boolean {
  return a.length === b.length && a.every((t, i) => t.name === b[i]?.name && t.rule === b[i]?.rule);
}

export interface TrackersOptions {
  control: IngestorControl | null;
  persist?: ((trackers: Tracker[]) => Promise<void>) | undefined;
}

export default fp(
  async function trackers(app: FastifyInstance, opts: TrackersOptions) {
    app.decorate(
      'trackers',
      new TrackersService({ core: app.core, control: opts.control, persist: opts.persist, logger: app.log }),
    );
  },
  { name: 'tagstream-trackers', dependencies: ['tagstream-core'] },
);
