import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Redis } from 'ioredis';
import { connectRedis } from '../connect.ts';
import { startTestRedis, type TestRedis } from './redis-server.ts';

/** A suite's own redis-server and client, read once the suite has started. */
export interface RedisSuite<C extends Redis> {
  readonly redis: TestRedis;
  readonly client: C;
}

/**
 * Gives a `describe` block its own real redis-server (persistence off) and one client for the
 * whole block, emptied before each test; both are stopped after the block. `wrap` adds to the
 * client (scripts, say) before the tests get it.
 */
export function useTestRedis<C extends Redis = Redis>(
  wrap: (client: Redis) => C = (c) => c as C,
): RedisSuite<C> {
  let redis: TestRedis | null = null;
  let client: C | null = null;
  beforeAll(async () => {
    redis = await startTestRedis();
    client = wrap(connectRedis(redis.url));
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  beforeEach(async () => {
    await client!.flushall();
  });
  return {
    get redis() {
      return redis!;
    },
    get client() {
      return client!;
    },
  };
}
