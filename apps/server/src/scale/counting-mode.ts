import type { Keyspace, Redis } from '@tagstream/redis';
import type { TimerHandle, Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { ScaleScripts } from './redis-scripts.ts';

/** How the workers of a stream count: in parts merged in Redis (`--merge`) or by digests fed one by one. */
export type CountingMode = 'merge' | 'digests';

const flagOf = (mode: string): string => (mode === 'merge' ? 'with --merge' : 'without --merge');

/** A worker started with the other counting mode than the workers running on its stream. */
export class CountingModeError extends Error {
  override name = 'CountingModeError';
  constructor(
    readonly mine: CountingMode,
    readonly theirs: string,
  ) {
    super(
      `the workers running on this stream count ${flagOf(theirs)}, this one was started ${flagOf(mine)}: every worker of a stream must agree (an emitter of one mode cannot read what workers of the other write); start it with the same flag, or stop the others first`,
    );
  }
}

export interface CountingModeOptions {
  redis: Redis & ScaleScripts;
  keys: Keyspace;
  mode: CountingMode;
  /** How long the mode outlives the last worker renewing it. */
  ttlMs: number;
  clock: Timers;
  logger: Logger;
}

/**
 * The counting mode of a stream's running workers, held in Redis (`workers:mode`, with a TTL every
 * worker renews): a worker joins only if it agrees, and the mode can change once the last worker
 * of the other one has stopped renewing it for a TTL.
 */
export class CountingModeClaim {
  private timer: TimerHandle | null = null;
  private warned = false;

  private constructor(private readonly o: CountingModeOptions) {}

  /** Joins the stream's workers in `mode`, or throws CountingModeError if the running ones count otherwise. */
  static async join(o: CountingModeOptions): Promise<CountingModeClaim> {
    const held = await o.redis.claimMode(o.keys.workersMode, o.mode, o.ttlMs);
    if (held !== o.mode) throw new CountingModeError(o.mode, held);
    const claim = new CountingModeClaim(o);
    claim.timer = o.clock.setInterval(() => void claim.renew(), Math.max(50, o.ttlMs / 3), {
      keepAlive: false,
    });
    return claim;
  }

  private async renew(): Promise<void> {
    const { redis, keys, mode, ttlMs, logger } = this.o;
    // Unreachable Redis: the worker says so elsewhere; the claim is renewed once it is back.
    const held = await redis.claimMode(keys.workersMode, mode, ttlMs).catch(() => mode);
    if (held !== mode && !this.warned) {
      // Only if Redis lost the key (restarted without persistence) and a worker of the other mode came first.
      logger.error({ mode, theirs: held }, new CountingModeError(mode, held).message);
    }
    this.warned = held !== mode;
  }

  stop(): void {
    this.o.clock.clearTimeout(this.timer ?? undefined);
    this.timer = null;
  }
}
