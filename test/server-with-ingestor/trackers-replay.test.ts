/**
 * Trackers side by side on a replay (issue 20's "done when"): a real ingestor replays a recording
 * to the server over TCP, the server counts two trackers beside the default one, and each
 * tracker's results, totals included, are those of `tagstream count --track RULE` on the same
 * recording, emission by emission; the default tracker's are those of `tagstream count`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SETTINGS, type BatchResult, type Tracker } from '@tagstream/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { runTagstream } from '../../apps/cli/test/run-tagstream.ts';
import { bootServer, Cleanup, eventually, json, tempDir } from '../../apps/server/src/testing/harness.ts';
import { generateDemoRecording } from '../../scripts/demo-recording/generate.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

const SETTINGS = { batchMs: 2_000, windowMs: 6_000, slideMs: 2_000 };
// The server lists related tags by default (a setting): count is asked for as many.
const FLAGS = [
  '--batch',
  '2s',
  '--window',
  '6s',
  '--slide',
  '2s',
  '--related',
  String(DEFAULT_SETTINGS.related),
  '--json',
];
const CRYPTO: Tracker = { name: 'crypto', rule: '#ether OR #eth OR #bitcoin' };
const SKY: Tracker = { name: 'sky', rule: '#eclipse -#nfl' };

/**
 * What a user compares: every emission's windows, tops, stats and totals. The server's own
 * additions (rising tags, when it emitted, whose result) are left out, and so are malformed lines,
 * which never cross the socket (count reports a recording's in its first window).
 */
function comparable(r: BatchResult): unknown {
  const { rising: _rising, emittedAt: _emitted, tracker: _tracker, ...rest } = r;
  return { ...rest, stats: { ...r.stats, processingMs: 0, malformed: 0 } };
}

async function counted(file: string, rule?: string): Promise<BatchResult[]> {
  const run = await runTagstream(['count', file, ...FLAGS, ...(rule ? ['--track', rule] : [])]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BatchResult);
}

describe('trackers on a replay', { timeout: 120_000 }, () => {
  it('count each tracker as `tagstream count --track RULE` does on the same recording, side by side', async () => {
    const recordings = path.join(await tempDir(c), 'recordings');
    await mkdir(recordings);
    const file = path.join(recordings, 'two-minutes.jsonl.gz');
    await writeFile(file, generateDemoRecording({ seed: 20, minutes: 2 }).gzip);
    const ing = await ingestorStack(c, recordings);
    const server = await bootServer(c, {
      source: { host: '127.0.0.1', port: ing.port },
      controlUrl: ing.controlUrl,
      recordingsDir: recordings,
      settings: SETTINGS,
      broadcastIntervalMs: 0,
    });
    const call = (method: string, p: string, body: unknown) =>
      fetch(`${server.url}${p}`, { method, ...json(body) });
    expect((await call('PUT', '/api/trackers', { trackers: [CRYPTO, SKY] })).status).toBe(200);
    // The ingestor was given them too (its filter lets their tweets through whatever the keywords).
    expect(ing.ingestor.getTrackers()).toEqual([CRYPTO, SKY]);

    const [all, crypto, sky] = await Promise.all([
      counted(file),
      counted(file, CRYPTO.rule),
      counted(file, SKY.rule),
    ]);
    expect(
      (await call('POST', '/api/replay', { file: path.basename(file), speed: 'max', loop: false })).status,
    ).toBe(200);
    const history = async (tracker: string): Promise<BatchResult[]> =>
      (await fetch(`${server.url}/api/history?tracker=${tracker}&limit=10000`)).json() as Promise<
        BatchResult[]
      >;
    // The replay's `end` mark closes every window, down to the first empty one, as the end of a file does.
    await eventually(
      () => history('everything'),
      (h) => h.at(-1)?.window.end === all.at(-1)!.window.end,
      60_000,
    );

    for (const [name, expected] of [
      ['everything', all],
      ['crypto', crypto],
      ['sky', sky],
    ] as const) {
      const got = await history(name);
      expect(got.length, name).toBeGreaterThan(5);
      expect(got.map(comparable), name).toEqual(expected.map(comparable));
      expect(got.every((r) => r.tracker === name)).toBe(true);
    }
    // Each tracker its own top list, its totals within the default tracker's.
    const top = async (tracker: string) =>
      (await fetch(`${server.url}/api/top?tracker=${tracker}`)).json() as Promise<BatchResult>;
    const [topAll, topCrypto, topSky] = await Promise.all(['everything', 'crypto', 'sky'].map(top));
    expect(topCrypto!.totals).toEqual(crypto.at(-1)!.totals);
    expect(topSky!.totals).toEqual(sky.at(-1)!.totals);
    expect(topCrypto!.totals.top.slice(0, 3).map((t) => t.tag)).toEqual(
      expect.arrayContaining(['ether', 'eth', 'bitcoin']) as unknown,
    );
    expect(topSky!.totals.top[0]?.tag).toBe('eclipse');
    expect(topCrypto!.totals.tweets + topSky!.totals.tweets).toBeLessThan(topAll!.totals.tweets);
  });
});
