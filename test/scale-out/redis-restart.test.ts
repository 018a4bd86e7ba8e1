import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, countRecording } from '../chaos/support/compare.ts';
import { killAll } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';
import { ingestToRedis, untilResults, worker } from './support.ts';

// Workers that digest for one counting emitter, and workers that count in parts merged in Redis.
describe.each([[[]], [['--merge']]])('Redis restarted mid-stream (AOF on), workers %j', (flags: string[]) => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startTestRedis({ aof: true });
    dir = mkdtempSync(path.join(tmpdir(), 'tagstream-redis-restart-'));
  });
  afterAll(async () => {
    killAll();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every process says so, reconnects, and the results are still count’s', async () => {
    const recording = path.join(dir, 'two-minutes.jsonl.gz');
    await demoRecording(recording, 2);
    const expected = await countRecording(recording);
    const workers = [worker(redis.url, 'w1', flags), worker(redis.url, 'w2', flags)];
    const ingest = ingestToRedis(recording, redis.url, '20');
    await untilResults(redis.url, 5, 60_000);
    await redis.restart();
    for (const p of [...workers, ingest]) {
      await p.waitFor(/(unreachable|lost the connection)[\s\S]*connected to Redis/, 'the reconnect');
    }
    expect(await ingest.exited).toBe(0);
    const results = await untilResults(redis.url, expected.length, 90_000);
    await new Promise((r) => setTimeout(r, 1_000));
    // ioredis sends an append again when the restart swallowed its reply; the append script
    // skips lines whose offset is already in the stream, so no line is there twice: every window's
    // duplicates are count's too.
    expect(results.map((r) => r.stats.duplicates)).toEqual(expected.map((r) => r.stats.duplicates));
    expect(comparable(results)).toEqual(comparable(expected));
  }, 150_000);
});
