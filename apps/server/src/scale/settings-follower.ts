import type { Settings } from '@tagstream/protocol';
import type { Keyspace, Redis } from '@tagstream/redis';

/** How often the emitter looks for new settings: a change applies from the next few lines. */
const CHECK_EVERY_MS = 200;

/**
 * The emitter's view of the settings every process shares (the `settings` key, field `json`,
 * written by web nodes through SharedSettings):
 * read when the emitter takes the lease, then polled, each change reported once.
 */
export class SettingsFollower {
  private seen: string | null = null;
  private nextCheckAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  /** The shared settings now, or `fallback` while Redis holds none. */
  async current(fallback: Settings): Promise<Settings> {
    this.seen = await this.redis.hget(this.keys.settings, 'json');
    return this.seen === null ? fallback : { ...fallback, ...(JSON.parse(this.seen) as Partial<Settings>) };
  }

  /** New settings written since the last look (at most every CHECK_EVERY_MS of `now`), else null. */
  async changed(now: number): Promise<Partial<Settings> | null> {
    if (now < this.nextCheckAt) return null;
    this.nextCheckAt = now + CHECK_EVERY_MS;
    const json = await this.redis.hget(this.keys.settings, 'json');
    if (json === null || json === this.seen) return null;
    this.seen = json;
    try {
      return JSON.parse(json) as Partial<Settings>;
    } catch {
      return null;
    }
  }
}
