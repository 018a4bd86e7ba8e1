import { DEFAULT_SETTINGS, type BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace, type Redis } from '@tagstream/redis';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { systemClock } from '@tagstream/time';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWork, type Work } from './work.ts';

const keys = keyspace();
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const tweet = (i: number, text: string): string =>
  JSON.stringify({ id: String(1_000 + i), created_at: new Date(T0 + i * 1_000).toISOString(), text });
const watermark = (ms: number, stream?: string): string =>
  JSON.stringify({ watermark: new Date(T0 + ms).toISOString(), ...(stream ? { stream } : {}) });

/** Appends lines as the ingestor does: each with its log offset, the first naming the log. */
async function appendLines(client: Redis, lines: string[]): Promise<void> {
  await client.hset(keys.appended, 'log', 'log-1', 'first', '0', 'last', String(lines.length - 1));
  for (const [o, l] of lines.entries()) {
    await client.xadd(keys.lines, '*', 'l', l, 'o', String(o), ...(o === 0 ? ['g', 'log-1'] : []));
  }
}

async function untilResults(client: Redis, n: number): Promise<BatchResult[]> {
  for (;;) {
    const entries = await client.xrange(keys.results, '-', '+');
    if (entries.length >= n) return entries.map(([, f]) => JSON.parse(f[f.indexOf('r') + 1]!) as BatchResult);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('startWork against a real redis-server', () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startTestRedis();
    client = connectRedis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });
  beforeEach(async () => {
    await client.flushall();
  });

  // Claims only after a minute: what a worker reads here is its own.
  const work = (name: string): Promise<Work> =>
    startWork({
      url: redis.url,
      name,
      settings: DEFAULT_SETTINGS,
      claimIdleMs: 60_000,
      leaseTtlMs: 1_000,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });

  it('a worker whose pending entries were trimmed meanwhile acknowledges them, and they count as lost', async () => {
    const lines = [
      watermark(0, 'begin'),
      tweet(1, 'gone #a'),
      tweet(2, 'gone #a'),
      tweet(3, 'kept #b'),
      tweet(4, 'kept #b #c'),
      watermark(30_000, 'end'),
    ];
    await appendLines(client, lines);
    // A worker named w1 read every entry and died before flushing; then the stream lost its first
    // three. Started again, w1 finds them gone (XAUTOCLAIM drops them from the pending list; a read
    // of its own pending entries returns them without fields) and counts the rest.
    await client.xgroup('CREATE', keys.lines, keys.group, '0', 'MKSTREAM');
    await client.xreadgroup('GROUP', keys.group, 'w1', 'COUNT', 100, 'STREAMS', keys.lines, '>');
    const ids = (await client.xrange(keys.lines, '-', '+')).map(([id]) => id);
    await client.xtrim(keys.lines, 'MINID', ids[3]!);

    const w = await work('w1');
    try {
      const [first] = await untilResults(client, 1);
      expect(first!.stats.lost).toBe(3);
      expect(first!.stats.tweets).toBe(2);
      expect(first!.top.map((t) => [t.tag, t.count])).toEqual([
        ['b', 2],
        ['c', 1],
      ]);
      // Nothing stays pending: the trimmed entries were acknowledged too.
      for (;;) {
        const [pending] = (await client.xpending(keys.lines, keys.group)) as [number];
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await w.stop();
    }
  });
});
