import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTagstream } from '../../apps/cli/test/run-tagstream.ts';
import { countRecording, getJson, metric, sameAsCount, untilReplayAt } from './support/compare.ts';
import { killAll, startIngestor, startServer, WINDOW_FLAGS } from './support/processes.ts';
import { demoRecording, floodRecording } from './support/recordings.ts';
import { stuckConsumers } from './support/stuck-consumers.ts';
import { percentile, watch } from './support/watch.ts';

/**
 * The chaos suite's long variants (`npm run chaos`): real processes, real sockets, SIGKILL,
 * minutes each. Each compares the final windows and totals with `tagstream count` on the same
 * recording, and prints what it measured.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-chaos-long-'));
});
afterAll(async () => {
  killAll();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finalState(url: string): Promise<{ results: BatchResult[]; metrics: string }> {
  return {
    results: await getJson<BatchResult[]>(`${url}/api/history?limit=10000`),
    metrics: await fetch(`${url}/metrics`).then((r) => r.text()),
  };
}

/** Until the newest result at `url` has counted `tweets` in its running totals. */
async function untilCounted(url: string, tweets: number): Promise<void> {
  for (;;) {
    const [last] = await getJson<BatchResult[]>(`${url}/api/history?limit=1`);
    if (last !== undefined && last.totals.tweets >= tweets) return;
    await sleep(250);
  }
}

describe('chaos, long runs', () => {
  it('a server down for 75 s mid-replay ends with every window and the totals of count, duplicates 0', async () => {
    const recording = path.join(dir, 'sixteen.jsonl.gz');
    const first = await demoRecording(recording, 16);
    const expected = await countRecording(recording);
    const checkpoints = path.join(dir, 'ckpt-75');
    const ingestor = await startIngestor({ recording, logDir: path.join(dir, 'log-75'), speed: '8' });
    const server = await startServer({ ingestor, checkpoints, dir });
    await untilReplayAt(ingestor.control, first, 25 * 8 * 1000);
    await server.proc.kill();
    await sleep(75_000);
    const again = await startServer({ ingestor, checkpoints, dir });
    expect(await ingestor.proc.exited).toBe(0);
    const { results, metrics } = await finalState(again.url);
    const { server: s, count: c } = sameAsCount(results, expected);
    expect(s).toEqual(c);
    expect(results.at(-1)!.totals).toEqual(expected.at(-1)!.totals);
    expect(metric(metrics, 'tagstream_duplicates_total')).toBe(0);
    expect(metric(metrics, 'tagstream_lost_total')).toBe(0);
    console.info(
      `75 s outage: ${results.length} results compared, final totals ${results.at(-1)!.totals.tweets} tweets, duplicates 0, lost 0`,
    );
    await again.proc.kill();
  });

  it('the ingestor SIGKILLed mid-replay and restarted: the server reads on, and ends like count', async () => {
    const recording = path.join(dir, 'six.jsonl.gz');
    const first = await demoRecording(recording, 6, 16);
    const expected = await countRecording(recording);
    const logDir = path.join(dir, 'log-ing');
    const ingestor = await startIngestor({ recording, logDir, speed: '10' });
    const server = await startServer({ ingestor, checkpoints: path.join(dir, 'ckpt-ing'), dir });
    await untilReplayAt(ingestor.control, first, 120_000);
    await ingestor.proc.kill();
    await sleep(3_000);
    const again = await startIngestor({ recording, logDir, speed: '10', ports: ingestor });
    expect(await again.proc.exited).toBe(0);
    const { results, metrics } = await finalState(server.url);
    const { server: s, count: c } = sameAsCount(results, expected);
    expect(s).toEqual(c);
    expect(metric(metrics, 'tagstream_duplicates_total')).toBe(0);
    expect(metric(metrics, 'tagstream_lost_total')).toBe(0);
    await server.proc.kill();
  });

  it('twenty consumers that never read cost the real consumer less than 10 % of its throughput', async () => {
    const recording = path.join(dir, 'flood-small.jsonl.gz');
    await floodRecording(recording, 300_000, 300);
    const expected = await countRecording(recording);
    const rates: { stuck: number; tweetsPerSec: number }[] = [];
    // Alternating, so the machine's other load falls on both alike.
    for (const stuck of [0, 20, 0, 20, 0, 20]) {
      const ingestor = await startIngestor({
        recording,
        logDir: path.join(dir, `log-stuck-${rates.length}`),
        speed: 'max',
      });
      const closeStuck = await stuckConsumers(ingestor.port, stuck);
      const started = performance.now();
      const count = spawnTagstream(['count', `tcp://127.0.0.1:${ingestor.port}`, ...WINDOW_FLAGS, '--json']);
      let out = '';
      let results = 0;
      await new Promise<void>((resolve) =>
        count.stdout!.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          results = out.split('\n').length - 1;
          if (results >= expected.length) resolve();
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      count.kill('SIGKILL');
      closeStuck();
      await ingestor.proc.kill();
      const lastLine = out.trim().split('\n').at(-1)!;
      expect((JSON.parse(lastLine) as BatchResult).totals).toEqual(expected.at(-1)!.totals);
      rates.push({ stuck, tweetsPerSec: 300_000 / seconds });
    }
    const median = (n: number) =>
      percentile(
        rates.filter((r) => r.stuck === n).map((r) => r.tweetsPerSec),
        0.5,
      );
    const ratio = median(20) / median(0);
    console.info(
      `stuck consumers: ${rates.map((r) => `${r.stuck}: ${Math.round(r.tweetsPerSec)}/s`).join(', ')}; median ratio ${ratio.toFixed(3)}`,
    );
    expect(ratio).toBeGreaterThan(0.9);
  });

  it('a max-speed flood of unique tags: counts like count; checkpoints, memory and /api/health measured', async () => {
    const recording = path.join(dir, 'flood.jsonl.gz');
    await floodRecording(recording, 600_000, 600);
    const expected = await countRecording(recording);
    // The replay is sent in seconds; on a loaded machine the server may take minutes to read it.
    const ingestor = await startIngestor({
      recording,
      logDir: path.join(dir, 'log-flood'),
      speed: 'max',
      extra: ['--linger', '8m'],
    });
    // The server's own checkpoint cadence: the test watches that it keeps it under the flood.
    const { proc: server, url } = await startServer({
      ingestor,
      checkpoints: path.join(dir, 'ckpt-flood'),
      dir,
      checkpointEvery: null,
    });
    const watching = watch(url, server.child.pid!, ingestor.proc.child.pid!);
    expect(await ingestor.proc.exited).toBe(0);
    // The ingestor ends once it has written the whole log to the socket; the server reads on.
    await untilCounted(url, expected.at(-1)!.totals.tweets);
    const w = watching.stop();
    const { results, metrics } = await finalState(url);
    const { server: s, count: c } = sameAsCount(results, expected);
    expect(s).toEqual(c);
    expect(metric(metrics, 'tagstream_duplicates_total')).toBe(0);
    const p99 = percentile(w.healthMs, 0.99);
    console.info(
      `flood: ${w.checkpoints} checkpoints seen, max age ${w.maxCheckpointAgeS.toFixed(1)} s, longest pause ${w.maxCheckpointPauseS.toFixed(3)} s; ` +
        `RSS server ${w.maxServerRssMiB.toFixed(0)} MiB, ingestor ${w.maxIngestorRssMiB.toFixed(0)} MiB; ` +
        `/api/health p50 ${percentile(w.healthMs, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${w.healthMs.length} calls)`,
    );
    // The bounds README states: checkpoint age within twice the interval (10 s), 400 MiB each.
    expect.soft(w.maxCheckpointAgeS).toBeLessThanOrEqual(20);
    expect.soft(w.maxServerRssMiB).toBeLessThanOrEqual(400);
    expect.soft(w.maxIngestorRssMiB).toBeLessThanOrEqual(400);
    expect.soft(p99).toBeLessThan(200);
    server.child.kill('SIGKILL');
  });
});
