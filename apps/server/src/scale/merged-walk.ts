import type { Keyspace, Redis } from '@tagstream/redis';
import { MergeFeeder, type CounterSession, type FactRecord, type MergeEntry } from '@tagstream/stream';
import type { Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';

const REPORT_EVERY_MS = 10_000;
/** As often as the drill-downs are written. */
const SAMPLES_EVERY_MS = 1_000;

/**
 * The emitter's walk when workers count in parts (`work --merge`): each entry's value in `digests`
 * is either a line's facts (its run was flushed with parts) or its digest (read one by one), and
 * the `MergeFeeder` says which parts and digests it needs before it feeds an entry or fills a
 * batch; they are read here, from `parts` and `digests:full`.
 */
export class MergedWalk {
  private readonly feeder: MergeFeeder;
  private reportAt = -Infinity;
  private reported = 0;
  private samplesAt = -Infinity;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
    session: CounterSession,
    o: { watermarkFromSource: boolean; counted: (t: Tweet) => void },
  ) {
    this.feeder = new MergeFeeder(session, o);
  }

  /** Whether a checkpoint can be made now (every segment started is walked to its end). */
  get atBoundary(): boolean {
    return this.feeder.atBoundary;
  }

  /** Says how the batches were filled, when more were since it last did, at most every `REPORT_EVERY_MS` of `now`. */
  report(logger: Logger, now: number): void {
    const { merged, serial } = this.feeder.fills;
    if (now < this.reportAt || merged + serial === this.reported) return;
    this.reportAt = now + REPORT_EVERY_MS;
    this.reported = merged + serial;
    logger.info({ merged, serial }, `filled ${merged} batches from parts, ${serial} from digests one by one`);
  }

  /** Feeds the entry `id` whose value in `digests` is `value`. */
  async feed(id: string, value: string): Promise<void> {
    const entry: MergeEntry = value.startsWith('{')
      ? { id, facts: JSON.parse(value) as FactRecord }
      : { id, digest: value };
    await this.supply(entry);
    this.feeder.feed(entry);
  }

  /** Adds every batch's hashtags waiting, so the session can be checkpointed whole (at a boundary only). */
  async fillAll(): Promise<void> {
    await this.supply(null);
    this.feeder.fillAll();
  }

  /** Hands the newest tweets of batches filled from parts to the samples, at most every second of `now`. */
  async samples(now: number): Promise<void> {
    if (now < this.samplesAt) return;
    this.samplesAt = now + SAMPLES_EVERY_MS;
    const ids = this.feeder.samplesWanted;
    if (ids.length === 0) return;
    const digests = await this.redis.hmget(this.keys.fullDigests, ...ids);
    this.feeder.supplySamples(new Map(ids.map((id, i) => [id, digests[i] ?? null])));
  }

  /** Deletes the full digests of `ids` and the parts walked, once a checkpoint is past them. */
  async forget(ids: readonly string[]): Promise<void> {
    const parts = this.feeder.walkedParts;
    this.feeder.walkedParts = [];
    for (let i = 0; i < ids.length; i += 1_000)
      await this.redis.hdel(this.keys.fullDigests, ...ids.slice(i, i + 1_000));
    for (let i = 0; i < parts.length; i += 1_000)
      await this.redis.hdel(this.keys.parts, ...parts.slice(i, i + 1_000));
  }

  private async supply(entry: MergeEntry | null): Promise<void> {
    for (let need = this.feeder.missing(entry); need !== null; need = this.feeder.missing(entry)) {
      const parts = need.parts.length > 0 ? await this.redis.hmget(this.keys.parts, ...need.parts) : [];
      const digests =
        need.digests.length > 0 ? await this.redis.hmget(this.keys.fullDigests, ...need.digests) : [];
      this.feeder.supply(
        new Map(need.parts.map((f, i) => [f, parts[i] ?? null])),
        new Map(need.digests.map((id, i) => [id, digests[i] ?? null])),
      );
    }
  }
}
