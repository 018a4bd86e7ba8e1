import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IngestorControl } from '../ingestor-control.ts';
import type { ControlOutcome } from './control-outcome.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The track keywords: the one place that knows them. */
    keywords: KeywordsService;
  }
}

/**
 * The track keywords (DESIGN.md §6): the ingestor applies them (live: X stream
 * rules; replay: the rule language locally), this service is the server's one
 * copy. It learns them from the ingestor's answers and changes them through its
 * control API; every change it sees is announced as `changed`, which the
 * realtime plugin passes on to dashboards as `track`.
 */
export class KeywordsService extends EventEmitter<{ changed: [keywords: string[]] }> {
  private known: string[] | null = null;
  /** Bumped by each change made here, so that a status read begun before it cannot undo it. */
  private generation = 0;

  constructor(private readonly control: IngestorControl | null) {
    super();
  }

  /** Whether keywords can be changed at all: a plain line source has no ingestor to apply them. */
  get available(): boolean {
    return this.control !== null;
  }

  /** The keywords last known; none before the ingestor was first asked. */
  current(): string[] {
    return [...(this.known ?? [])];
  }

  /** Asks the ingestor for its keywords. */
  async read(): Promise<ControlOutcome<string[]>> {
    if (this.control === null) return { ok: true, value: [] };
    const learn = this.learner();
    const r = await this.control.get('/track');
    if (!r.ok) return { ok: false, reply: r };
    const { keywords } = r.body;
    learn(keywords);
    return { ok: true, value: keywords };
  }

  /** Has the ingestor apply these keywords (it answers a rule error with 400); announced even when unchanged. */
  async set(keywords: string[]): Promise<ControlOutcome<string[]>> {
    if (this.control === null) throw new Error('no ingestor to apply keywords to');
    const r = await this.control.send('PUT', '/track', { keywords });
    if (!r.ok) return { ok: false, reply: r };
    const applied = r.body.keywords;
    this.generation++;
    this.known = [...applied];
    this.emit('changed', this.current());
    return { ok: true, value: applied };
  }

  /**
   * For a read of the ingestor's state about to start: returns the function that
   * records the keywords it reports. Announced when they differ from those known
   * (the first ones learned are not a change); ignored when a change was made
   * here meanwhile, because the read may predate it.
   */
  learner(): (keywords: string[]) => void {
    const at = this.generation;
    return (keywords) => {
      if (at !== this.generation) return;
      const first = this.known === null;
      if (!first && JSON.stringify(keywords) === JSON.stringify(this.known)) return;
      this.known = [...keywords];
      if (!first) this.emit('changed', this.current());
    };
  }
}

export interface KeywordsOptions {
  /** The ingestor's control API, when the source is our own ingestor. */
  control: IngestorControl | null;
}

export default fp(
  async function keywords(app: FastifyInstance, opts: KeywordsOptions) {
    app.decorate('keywords', new KeywordsService(opts.control));
  },
  { name: 'tagstream-keywords' },
);
