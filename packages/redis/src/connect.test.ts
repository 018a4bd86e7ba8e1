import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedisUrl, connectRedis, reconnectDelay, redact } from './connect.ts';
import { startTestRedis, type TestRedis } from './testing/redis-server.ts';

describe('connectRedis against a real redis-server', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis({ aof: true });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('says once that Redis went away and once that it is back, and keeps what Redis acknowledged (AOF)', async () => {
    const states: string[] = [];
    let back: () => void = () => undefined;
    const client = connectRedis(redis.url, (state) => {
      states.push(state);
      if (state === 'up') back();
    });
    try {
      await client.xadd('s', '*', 'l', 'one');
      await redis.restart();
      await new Promise<void>((resolve) => {
        back = resolve;
        if (states.length >= 3) resolve();
      });
      expect(states).toEqual(['up', 'down', 'up']);
      const entries = await client.xrange('s', '-', '+');
      expect(entries.map(([, f]) => f[1])).toEqual(['one']);
    } finally {
      client.disconnect();
    }
  });
});

describe('redis URLs and retries', () => {
  it('names what is wrong with a --redis value, and hides passwords in logs', () => {
    expect(checkRedisUrl('redis://127.0.0.1:6379')).toBeNull();
    expect(checkRedisUrl('127.0.0.1:6379')).toMatch(/not a redis:\/\/ URL|not a URL/);
    expect(checkRedisUrl('http://x')).toMatch(/not a redis:\/\/ URL/);
    expect(redact('redis://:secret@h:1')).not.toContain('secret');
  });

  it('backs off from 100 ms, doubling, up to 5 s', () => {
    expect([1, 2, 3, 10].map(reconnectDelay)).toEqual([100, 200, 400, 5000]);
  });
});
