import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTagstream } from '../../apps/cli/test/run-tagstream.ts';
import { comparable } from '../chaos/support/compare.ts';
import { killAll, WINDOW_FLAGS } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';
import { ingestToRedis, untilResults, worker } from './support.ts';

// Workers that digest for one counting emitter, and workers that count in parts merged in Redis.
describe.each([[[]], [['--merge']]])(
  'lines trimmed from the stream before any worker read them, workers %j',
  (flags: string[]) => {
    let redis: TestRedis;
    let dir: string;
    beforeAll(async () => {
      redis = await startTestRedis();
      dir = mkdtempSync(path.join(tmpdir(), 'tagstream-trimmed-'));
    });
    afterAll(async () => {
      killAll();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('are counted as lost, in the window stats and in a warning, never silently', async () => {
      const recording = path.join(dir, 'two-minutes.jsonl.gz');
      await demoRecording(recording, 2);
      // A tiny size bound: the stream keeps its newest thousand lines or so, and no worker runs yet.
      const ingest = ingestToRedis(recording, redis.url, 'max', ['--log-max-size', '1KiB']);
      expect(await ingest.exited).toBe(0);
      const keys = keyspace();
      const client = connectRedis(redis.url);
      const kept = await client.xrange(keys.lines, '-', '+');
      const appended = await client.hgetall(keys.appended);
      client.disconnect();
      const trimmed = Number(appended.last) - Number(appended.first) + 1 - kept.length;
      expect(trimmed).toBeGreaterThan(1_000);

      // What count makes of the lines the stream still holds.
      const counted = await runTagstream(['count', '-', ...WINDOW_FLAGS, '--json'], {
        input: kept.map(([, f]) => f[1]!).join('\n') + '\n',
      });
      expect(counted.code, counted.stderr).toBe(0);
      const expected = counted.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as BatchResult);

      const w = worker(redis.url, 'w1', flags);
      const results = await untilResults(redis.url, expected.length, 60_000);
      const lost = results.map((r) => r.stats.lost ?? 0);
      // Counted where the gap was seen: in the first batch, so in each window that holds it.
      expect(lost[0]).toBe(trimmed);
      expect(lost.every((n) => n === trimmed || n === 0)).toBe(true);
      expect(lost.indexOf(0)).toBeGreaterThan(0);
      expect(lost.slice(lost.indexOf(0)).every((n) => n === 0)).toBe(true);
      const [, warned] = await w.waitFor(/"lines":(\d+)[^\n]*lines were lost/);
      expect(Number(warned)).toBe(trimmed);
      const withoutLost = (rs: BatchResult[]): unknown[] =>
        comparable(rs.map((r) => ({ ...r, stats: { ...r.stats, lost: 0 } })));
      expect(withoutLost(results)).toEqual(withoutLost(expected));
    }, 90_000);
  },
);
