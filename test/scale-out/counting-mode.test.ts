import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAll } from '../chaos/support/processes.ts';
import { worker } from './support.ts';

describe('tagstream work: every worker of a stream counts the same way', () => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await startTestRedis();
  });
  afterEach(async () => {
    killAll();
    await redis.stop();
  });

  it.each([
    [['--merge'], [], /count with --merge, this one was started without --merge/],
    [[], ['--merge'], /count without --merge, this one was started with --merge/],
  ])(
    'a worker %j running, one started %j exits with code 2 and says why',
    async (running, started, message) => {
      const first = worker(redis.url, 'w1', running);
      await first.waitFor(/reading the lines stream/);
      const refused = worker(redis.url, 'w2', started);
      expect(await refused.exited).toBe(2);
      expect(refused.log).toMatch(message);
      expect(refused.log).toMatch(/every worker of a stream must agree/);
      // The running worker is unharmed, and one that agrees joins it.
      const agreeing = worker(redis.url, 'w3', running);
      await agreeing.waitFor(/reading the lines stream/);
      expect(first.child.exitCode).toBeNull();
      await Promise.all([first.kill(), agreeing.kill()]);
    },
    30_000,
  );
});
