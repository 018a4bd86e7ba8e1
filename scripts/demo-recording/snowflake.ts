/**
 * Snowflake ids as X issues them: 41 bits of milliseconds since the Twitter epoch, then
 * 5 bits of datacenter, 5 bits of worker and a 12-bit per-millisecond sequence.
 * id = ((ms − 1288834974657) << 22) | (datacenter << 17) | (worker << 12) | sequence
 */
import type { Random } from './prng.ts';

export const TWITTER_EPOCH_MS = 1288834974657;

const DATACENTERS = [1, 2, 10, 11] as const;

/** Event time of a Snowflake id (decimal string), in epoch milliseconds. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + TWITTER_EPOCH_MS;
}

/**
 * Hands out unique Snowflake ids. Uniqueness comes from the sequence: every id minted for the
 * same millisecond gets the next sequence number, whatever datacenter/worker bits it carries.
 */
export class SnowflakeMinter {
  private readonly sequence = new Map<number, number>();

  mint(ms: number, rng: Random): string {
    const seq = this.sequence.get(ms) ?? 0;
    if (seq > 0xfff) throw new Error(`more than 4096 ids in millisecond ${ms}`);
    this.sequence.set(ms, seq + 1);
    // A stream shows ids from a handful of datacenter/worker pairs, not all 1024.
    const datacenter = rng.pick(DATACENTERS);
    const worker = rng.int(0, 8);
    const id =
      (BigInt(ms - TWITTER_EPOCH_MS) << 22n) |
      (BigInt(datacenter) << 17n) |
      (BigInt(worker) << 12n) |
      BigInt(seq);
    return id.toString();
  }
}
