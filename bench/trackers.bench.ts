import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { IMAGE_MALLOC_ENV, IMAGE_NODE_FLAGS } from './memory.bench.ts';
import { round } from './measure.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface ChildReport {
  count: number;
  kind: 'topic' | 'all';
  minutes: number;
  perSec: number;
  tweets: number;
  cpuSeconds: number;
  rssMiB: number;
  heapMiB: number;
  arrayBuffersMiB: number;
  counted: number[];
}

export interface TrackersRow {
  trackers: number;
  kind: 'topic' | 'all';
  /** Share of the stream each tracker counts. */
  share: number;
  rssMiB: number;
  heapMiB: number;
  /** (RSS − the run without trackers) ÷ trackers. */
  rssMiBPerTracker: number | null;
  heapMiBPerTracker: number | null;
  /** CPU seconds per million lines, and the same over the run without trackers. */
  cpuSecPerMillion: number;
  cpuVsBaseline: number;
}

export interface TrackersFigures {
  minutes: number;
  perSec: number;
  tweets: number;
  rows: TrackersRow[];
}

/**
 * Memory and CPU per tracker (issue 20): the server's trackers in fresh child processes, bundled
 * and run as the image runs the services, with 0 (the baseline, measured in the same run), 1, 5
 * and 10 trackers that each follow a fifth of the stream, and 1 and 10 that match every tweet.
 * Each child counts `minutes` of tweet time at `perSec` with the server's default settings: past
 * the ten minutes a counter remembers ids and batches, so its memory has reached its level.
 */
export function benchTrackers(opts: { minutes: number; perSec: number }): TrackersFigures {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-trackers-'));
  const reports: ChildReport[] = [];
  try {
    const bundle = path.join(dir, 'trackers-child.mjs');
    buildSync({
      entryPoints: [path.join(HERE, 'trackers-child.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    const scenarios: [number, 'topic' | 'all'][] = [
      [0, 'topic'],
      [1, 'topic'],
      [5, 'topic'],
      [10, 'topic'],
      [1, 'all'],
      [10, 'all'],
    ];
    for (const [count, kind] of scenarios) {
      const out = execFileSync(
        process.execPath,
        [...IMAGE_NODE_FLAGS, bundle, String(count), kind, String(opts.minutes), String(opts.perSec)],
        { encoding: 'utf8', env: { ...process.env, ...IMAGE_MALLOC_ENV }, maxBuffer: 1 << 20 },
      );
      reports.push(JSON.parse(out) as ChildReport);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = reports[0]!;
  const lines = base.tweets * 1.001; // tweets and the watermarks between them
  const perMillion = (r: ChildReport) => round((r.cpuSeconds / lines) * 1e6, 2);
  return {
    minutes: opts.minutes,
    perSec: opts.perSec,
    tweets: base.tweets,
    rows: reports.map((r) => ({
      trackers: r.count,
      kind: r.kind,
      share: r.count === 0 ? 0 : round((r.counted[1] ?? 0) / Math.max(1, r.counted[0] ?? 1), 3),
      rssMiB: r.rssMiB,
      heapMiB: r.heapMiB,
      rssMiBPerTracker: r.count === 0 ? null : round((r.rssMiB - base.rssMiB) / r.count, 1),
      heapMiBPerTracker: r.count === 0 ? null : round((r.heapMiB - base.heapMiB) / r.count, 1),
      cpuSecPerMillion: perMillion(r),
      cpuVsBaseline: round(r.cpuSeconds / base.cpuSeconds, 2),
    })),
  };
}
