import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { BatchResult, IngestorStatus } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';
import { killAll, Proc } from './tagstream-process.ts';

/**
 * DESIGN.md §8 and issue 5's first "done when": ingestor and server as real
 * processes, the server killed with SIGKILL in the middle of a replay and
 * restarted with the same checkpoint folder, gives the same final results as
 * an uninterrupted run beside it.
 */

const SPEED = 20;
const MINUTES = 16;
/** Kill well into the replay, so that the checkpoint and the log position have to matter. */
const KILL_AFTER_WALL_S = 36;

let dir: string;
let recording: string;
let firstTweetAt: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-restart-'));
  const rec = generateDemoRecording({ seed: 5, minutes: MINUTES });
  recording = path.join(dir, 'sixteen-minutes.jsonl.gz');
  firstTweetAt = Date.parse(rec.summary.firstCreatedAt);
  await writeFile(recording, rec.gzip);
});
afterAll(async () => {
  killAll();
  await rm(dir, { recursive: true, force: true });
});

async function startIngestor(): Promise<{ proc: Proc; port: string; control: string }> {
  const proc = new Proc([
    'ingest',
    'replay',
    recording,
    '--speed',
    String(SPEED),
    '--port',
    '0',
    '--control-port',
    '0',
    '--no-progress',
  ]);
  const [, port] = await proc.waitFor(/serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const [, controlPort] = await proc.waitFor(
    /"part":"control".*?Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
  );
  return { proc, port: port!, control: `http://127.0.0.1:${controlPort}/` };
}

async function startServer(
  ingestor: { port: string; control: string },
  checkpoints: string,
): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc([
    'serve',
    '--source',
    `tcp://127.0.0.1:${ingestor.port}`,
    '--control',
    ingestor.control,
    '--port',
    '0',
    '--checkpoints',
    checkpoints,
    '--checkpoint-every',
    '10',
    '--recordings',
    path.join(dir, 'recordings'),
    '--batch',
    '2s',
    '--window',
    '6s',
  ]);
  const [, url] = await proc.waitFor(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/);
  return { proc, url: url! };
}

const getJson = async <T>(url: string): Promise<T> => {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
};

/** What a user compares (duplicates included: nothing is re-delivered); timings are timings. */
function comparable(results: BatchResult[]): unknown[] {
  return results.map(({ emittedAt: _e, ...r }) => ({ ...r, stats: { ...r.stats, processingMs: 0 } }));
}

const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};

describe('a server killed mid-replay and restarted', { timeout: 150_000 }, () => {
  it('ends with the same results as an uninterrupted run, and SIGTERM writes a final checkpoint', async () => {
    const steadyCkpt = path.join(dir, 'steady');
    const killedCkpt = path.join(dir, 'killed');
    const [ingestA, ingestB] = await Promise.all([startIngestor(), startIngestor()]);
    const [steady, victim] = await Promise.all([
      startServer(ingestA, steadyCkpt),
      startServer(ingestB, killedCkpt),
    ]);

    // Wait (on the ingestor's own replay clock) until the first lines have left its 30-second backlog.
    let position = 0;
    for (;;) {
      const { replay } = await getJson<IngestorStatus>(`${ingestB.control}status`);
      if (replay === null) throw new Error('the ingestor is not replaying');
      const at = replay.tweetTimeIso === null ? 0 : Date.parse(replay.tweetTimeIso);
      position = replay.position;
      if (at - firstTweetAt >= KILL_AFTER_WALL_S * SPEED * 1000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const before = await getJson<BatchResult[]>(`${victim.url}/api/history?limit=10000`);
    expect(before.length).toBeGreaterThan(100);
    await stat(path.join(killedCkpt, 'core.ckpt.gz'));
    victim.proc.child.kill('SIGKILL');
    await victim.proc.exited;

    const restarted = await startServer(ingestB, killedCkpt);
    const [, resumedSeq, resumedTweets] = await restarted.proc.waitFor(
      /"seq":(\d+),"tweets":(\d+).*"msg":"resumed from checkpoint"/,
      'resumed from checkpoint',
    );
    expect(Number(resumedSeq)).toBeGreaterThan(50);

    // Let both replays finish; each ingestor closes its consumers and exits.
    expect(await ingestA.proc.exited).toBe(0);
    expect(await ingestB.proc.exited).toBe(0);
    await steady.proc.waitFor(/line source closed; reconnecting/);
    await restarted.proc.waitFor(/line source closed; reconnecting/);

    const expected = await getJson<BatchResult[]>(`${steady.url}/api/history?limit=10000`);
    const got = await getJson<BatchResult[]>(`${restarted.url}/api/history?limit=10000`);
    // The server keeps its newest 360 results.
    expect(expected.length).toBe(360);
    expect(comparable(got)).toEqual(comparable(expected));
    const last = got.at(-1)!;
    expect(last.totals.tweets).toBeGreaterThan(10_000);
    expect(last.rising).toBeDefined();

    // The restarted core asked for the lines after its checkpoint's log position: nothing was re-sent
    // (no duplicates), nothing lost, nothing late.
    const metrics = await fetch(`${restarted.url}/metrics`).then((r) => r.text());
    const duplicates = metric(metrics, 'tagstream_duplicates_total');
    expect(duplicates).toBe(0);
    expect(metric(metrics, 'tagstream_lost_total')).toBe(0);
    expect(expected.reduce((n, r) => n + r.stats.duplicates, 0)).toBe(0);
    expect(metric(metrics, 'tagstream_late_total')).toBe(0);

    console.info(
      `restart: ${expected.length} results; killed at replay position ${position} (seq ${before.at(-1)!.seq}); ` +
        `resumed at seq ${resumedSeq} with ${resumedTweets} tweets; ${duplicates} duplicates; ` +
        `final totals ${last.totals.tweets} tweets, top ${last.totals.top[0]!.display} ${last.totals.top[0]!.count}`,
    );

    // SIGTERM: a graceful stop writes one more checkpoint, holding the very last result.
    const ckptFile = path.join(steadyCkpt, 'core.ckpt.gz');
    const mtime = (await stat(ckptFile)).mtimeMs;
    steady.proc.child.kill('SIGTERM');
    expect(await steady.proc.exited).toBe(0);
    await steady.proc.waitFor(/final checkpoint written/);
    expect((await stat(ckptFile)).mtimeMs).toBeGreaterThan(mtime);
    const saved = JSON.parse(gunzipSync(await readFile(ckptFile)).toString('utf8')) as {
      lastResult: BatchResult;
      source: { history: BatchResult[] };
    };
    expect(saved.lastResult.seq).toBe(expected.at(-1)!.seq);
    expect(saved.source.history.length).toBe(expected.length);

    restarted.proc.child.kill('SIGTERM');
    expect(await restarted.proc.exited).toBe(0);
  });
});
