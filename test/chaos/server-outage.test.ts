import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult, SourceStatus } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRecording, getJson, metric, sameAsCount, untilReplayAt } from './support/compare.ts';
import { killAll, startIngestor, startServer } from './support/processes.ts';
import { demoRecording } from './support/recordings.ts';

/**
 * The chaos suite's short runs (DESIGN.md §8, issue 15): real processes, real sockets, SIGKILL.
 * Each ends by comparing the server's windows and totals with `tagstream count` on the same
 * recording. The long variants (a 75 s outage, floods, stuck consumers) are in `npm run chaos`.
 */

const SPEED = '12';
let dir: string;
let recording: string;
let firstTweetAt: number;
let expected: BatchResult[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-chaos-'));
  recording = path.join(dir, 'six-minutes.jsonl.gz');
  firstTweetAt = await demoRecording(recording, 6);
  expected = await countRecording(recording);
});
afterAll(async () => {
  killAll();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the server at `url` has a checkpoint in place (its age on /metrics is no longer -1). */
async function untilCheckpointed(url: string): Promise<void> {
  while (metric(await fetch(`${url}/metrics`).then((r) => r.text()), 'tagstream_checkpoint_age_seconds') < 0)
    await sleep(100);
}

describe.concurrent('chaos, short runs', { timeout: 120_000 }, () => {
  it('a server killed and restarted mid-replay ends like count, with no duplicates and nothing lost', async () => {
    const logDir = path.join(dir, 'log-a');
    const checkpoints = path.join(dir, 'ckpt-a');
    const ingestor = await startIngestor({ recording, logDir, speed: SPEED });
    const server = await startServer({ ingestor, checkpoints, dir });
    await untilReplayAt(ingestor.control, firstTweetAt, 100_000);
    await server.proc.kill();
    // Down for longer than any socket buffer could hold: the lines wait in the ingestor's log.
    await sleep(6_000);
    const again = await startServer({ ingestor, checkpoints, dir });
    await again.proc.waitFor(/resumed from checkpoint/);
    expect(await ingestor.proc.exited).toBe(0);
    const got = await getJson<BatchResult[]>(`${again.url}/api/history?limit=10000`);
    const { server: s, count: c } = sameAsCount(got, expected);
    expect(s).toEqual(c);
    const metrics = await fetch(`${again.url}/metrics`).then((r) => r.text());
    expect(metric(metrics, 'tagstream_duplicates_total')).toBe(0);
    expect(metric(metrics, 'tagstream_lost_total')).toBe(0);
    expect(got.at(-1)!.totals).toEqual(expected.at(-1)!.totals);
    await again.proc.kill();
  });

  it('server and ingestor both killed: the log outlives the ingestor, and the end is still count’s', async () => {
    const logDir = path.join(dir, 'log-b');
    const checkpoints = path.join(dir, 'ckpt-b');
    const ingestor = await startIngestor({ recording, logDir, speed: SPEED });
    const server = await startServer({ ingestor, checkpoints, dir });
    await untilReplayAt(ingestor.control, firstTweetAt, 60_000);
    await server.proc.kill();
    await sleep(1_000);
    await ingestor.proc.kill();
    await sleep(1_000);
    // The same ports and log: the restarted ingestor replays its file again, from a new begin mark.
    const ingestor2 = await startIngestor({ recording, logDir, speed: SPEED, ports: ingestor });
    const again = await startServer({ ingestor: ingestor2, checkpoints, dir });
    expect(await ingestor2.proc.exited).toBe(0);
    expect(again.proc.log).not.toMatch(/another log/);
    const got = await getJson<BatchResult[]>(`${again.url}/api/history?limit=10000`);
    const { server: s, count: c } = sameAsCount(got, expected);
    expect(s).toEqual(c);
    const metrics = await fetch(`${again.url}/metrics`).then((r) => r.text());
    expect(metric(metrics, 'tagstream_duplicates_total')).toBe(0);
    expect(metric(metrics, 'tagstream_lost_total')).toBe(0);
    await again.proc.kill();
  });

  it('an outage longer than the log counts the lines it lost: in the stats, /metrics, the log and the source status', async () => {
    const logDir = path.join(dir, 'log-c');
    const checkpoints = path.join(dir, 'ckpt-c');
    const ingestor = await startIngestor({
      recording,
      logDir,
      speed: SPEED,
      // The default --linger (60 s): on a loaded machine the replay can end while the server is down,
      // and the ingestor must still be there when it comes back.
      extra: ['--log-max-age', '2s'],
    });
    const server = await startServer({ ingestor, checkpoints, dir });
    await untilReplayAt(ingestor.control, firstTweetAt, 60_000);
    // The replay runs ahead of a server that just started: killed before its first checkpoint,
    // it would ask for the stream from its start again, which the log still holds.
    await untilCheckpointed(server.url);
    await server.proc.kill();
    await sleep(6_000);
    const again = await startServer({ ingestor, checkpoints, dir });
    const [warning] = await again.proc.waitFor(/.*lines were lost.*/);
    expect(warning).toContain('"level":40');
    await ingestor.proc.exited;
    // The log kept dropping lines older than 2 s while the server caught up: every gap is counted.
    const warned = [...again.proc.log.matchAll(/"lines":(\d+)[^\n]*lines were lost/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(warned).toBeGreaterThan(100);
    const metrics = await fetch(`${again.url}/metrics`).then((r) => r.text());
    expect(metric(metrics, 'tagstream_lost_total')).toBe(warned);
    expect((await getJson<SourceStatus>(`${again.url}/api/source`)).lost).toBe(warned);
    const got = await getJson<BatchResult[]>(`${again.url}/api/history?limit=10000`);
    // Counted in the window stats where each gap was seen: every 2 s batch lies in three 6 s windows.
    expect(got.reduce((n, r) => n + (r.stats.lost ?? 0), 0)).toBe(3 * warned);
    await again.proc.kill();
  });
});
