import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { comparable, countRecording } from '../chaos/support/compare.ts';
import { killAll, type Proc } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';
import { ingestToRedis, resultsIn, untilResults, worker } from './support.ts';

// Workers that digest the lines for one counting emitter, and workers that count in parts merged in Redis.
describe.each([[[]], [['--merge']]])(
  'tagstream work --redis %j: the results stream is count’s, result by result',
  (flags: string[]) => {
    let dir: string;
    let recording: string;
    let expected: BatchResult[];
    let redis: TestRedis;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tagstream-work-'));
      recording = path.join(dir, 'three-minutes.jsonl.gz');
      await demoRecording(recording, 3);
      expected = await countRecording(recording);
    }, 60_000);
    beforeEach(async () => {
      redis = await startTestRedis();
    });
    afterEach(async () => {
      killAll();
      await redis.stop();
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('with one worker', async () => {
      const w = worker(redis.url, 'w1', flags);
      const ingest = ingestToRedis(recording, redis.url, 'max');
      expect(await ingest.exited).toBe(0);
      const results = await untilResults(redis.url, expected.length, 60_000);
      expect(comparable(results)).toEqual(comparable(expected));
      expect(results.every((r) => Array.isArray(r.rising))).toBe(true);
      // The batches were filled from the workers' parts (the emitter says so at its next checkpoint).
      if (flags.length > 0) await w.waitFor(/filled [1-9]\d* batches from parts/);
      await w.kill();
    }, 90_000);

    it('with two workers, the emitting one SIGKILLed mid-run: nothing lost, nothing twice', async () => {
      const workers = [worker(redis.url, 'w1', flags), worker(redis.url, 'w2', flags)];
      await Promise.all(workers.map((w) => w.waitFor(/reading the lines stream/)));
      const ingest = ingestToRedis(recording, redis.url, '200');
      await untilResults(redis.url, 5, 60_000);
      const emitting = workers.find((w) => /took the emitter lease/.test(w.log))!;
      const other: Proc = workers.find((w) => w !== emitting)!;
      await emitting.kill();
      const before = (await resultsIn(redis.url)).length;
      expect(before).toBeLessThan(expected.length);
      await other.waitFor(/took the emitter lease/);
      expect(await ingest.exited).toBe(0);
      const results = await untilResults(redis.url, expected.length, 90_000);
      // A little longer: nothing more (no result written twice) arrives.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await resultsIn(redis.url)).length).toBe(results.length);
      expect(comparable(results)).toEqual(comparable(expected));
    }, 150_000);
  },
);
