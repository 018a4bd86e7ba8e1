import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { startTestRedis } from '@tagstream/redis/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../apps/cli/test/run-tagstream.ts';
import { ingestToRedis, resultsIn, untilResults, webNode, worker } from '../scale-out/support.ts';
import { comparable, countRecording, getJson, sameAsCount } from './support/compare.ts';
import { killAll } from './support/processes.ts';

afterAll(() => killAll());

describe('chaos, long runs on Redis', () => {
  // Workers that digest for one counting emitter, and workers that count in parts merged in Redis.
  it.each([[[]], [['--merge']]])(
    'the demo recording at 40×, two workers %j and two web nodes, one worker SIGKILLed 20 s in: every window and the totals of count',
    async (flags: string[]) => {
      const redis = await startTestRedis();
      try {
        const recording = path.join(ROOT, 'samples/demo.jsonl.gz');
        const expected = await countRecording(recording);
        const workers = [worker(redis.url, 'w1', flags), worker(redis.url, 'w2', flags)];
        const nodes = await Promise.all([webNode(redis.url), webNode(redis.url)]);
        const ingest = ingestToRedis(recording, redis.url, '40');
        await new Promise((r) => setTimeout(r, 20_000));
        const emitting = workers.find((w) => /took the emitter lease/.test(w.log)) ?? workers[0]!;
        await emitting.kill();
        expect(await ingest.exited).toBe(0);
        const results = await untilResults(redis.url, expected.length, 300_000);
        await new Promise((r) => setTimeout(r, 2_000));
        expect((await resultsIn(redis.url)).length).toBe(expected.length);
        expect(comparable(results)).toEqual(comparable(expected));
        // With --merge, the worker emitting after the kill filled batches from the parts.
        if (flags.length > 0)
          await workers.find((w) => w !== emitting)!.waitFor(/filled [1-9]\d* batches from parts/);
        for (const node of nodes) {
          const history = await getJson<BatchResult[]>(`${node.url}/api/history?limit=360`);
          const { server, count } = sameAsCount(history, expected);
          expect(server).toEqual(count);
          expect(history.at(-1)!.totals).toEqual(expected.at(-1)!.totals);
        }
      } finally {
        killAll();
        await redis.stop();
      }
    },
  );
});
