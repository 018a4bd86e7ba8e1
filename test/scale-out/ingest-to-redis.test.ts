import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTagstream } from '../../apps/cli/test/run-tagstream.ts';
import { comparable, countRecording } from '../chaos/support/compare.ts';
import { WINDOW_FLAGS } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';

describe('tagstream ingest replay --redis', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(path.join(tmpdir(), 'tagstream-ingest-redis-'));
  });
  afterAll(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends every line, watermarks included, to the lines stream: counting the stream gives count’s results', async () => {
    const recording = path.join(dir, 'two-minutes.jsonl.gz');
    await demoRecording(recording, 2);
    const r = await runTagstream(
      [
        'ingest',
        'replay',
        recording,
        '--speed',
        'max',
        '--port',
        '0',
        '--control-port',
        '0',
        '--no-progress',
        '--linger',
        '0s',
      ],
      { env: { TAGSTREAM_REDIS_URL: redis.url } },
    );
    expect(r.code, r.stderr).toBe(0);
    const client = connectRedis(redis.url);
    const entries = await client.xrange(keyspace().lines, '-', '+');
    client.disconnect();
    const lines = entries.map(([, fields]) => fields[1]!);
    expect(lines[0]).toMatch(/"stream":"begin"/);
    expect(lines.at(-1)).toMatch(/"stream":"end"/);

    const counted = await runTagstream(['count', '-', ...WINDOW_FLAGS, '--json'], {
      input: lines.join('\n') + '\n',
    });
    expect(counted.code, counted.stderr).toBe(0);
    const fromStream = counted.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    const expected = await countRecording(recording);
    expect(expected.length).toBeGreaterThan(20);
    expect(comparable(fromStream)).toEqual(comparable(expected));
  }, 60_000);

  it('refuses a --redis value that is not a redis:// URL, naming it', async () => {
    const r = await runTagstream(['ingest', 'replay', 'samples/demo.jsonl.gz', '--redis', 'localhost:6379']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--redis: not a redis:\/\/ URL/);
  });
});
