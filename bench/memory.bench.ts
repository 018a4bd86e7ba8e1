import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface ChildReport {
  mode: string;
  minutes: number;
  perSec: number;
  tweets: number;
  seconds: number;
  rssMiB: number;
  heapMiB: number;
  peakRssMiB: number;
  heapTotalMiB: number;
  arrayBuffersMiB: number;
  overflow: number;
  batches: number;
  batchKeys: number;
  ids: number;
  totalKeys: number;
  options: { maxKeysPerBatch: number; maxTotalKeys: number; retentionMs: number };
  samples: { minute: number; rssMiB: number; heapMiB: number }[];
}

export interface MemoryFigures {
  /** RSS after `minutes` of tweet time at 5,000 tweets/s with one hour of retention (DESIGN §10: under 300 MiB for 60). */
  rssMiB: number;
  /** The same with Node's and glibc's defaults instead of the image's settings (IMAGE_*). */
  rssDefaultsMiB: number;
  /** The largest of the per-minute samples (each after a full collection), and the same with the defaults. */
  peakRssMiB: number;
  peakRssDefaultsMiB: number;
  heapMiB: number;
  /** What V8 reserved for its heap, and the typed arrays outside it (the counter's columns). */
  heapTotalMiB: number;
  arrayBuffersMiB: number;
  minutes: number;
  tweets: number;
  /** Retained batches, their (key, batch) entries, remembered ids and running-total keys at the end. */
  batches: number;
  batchKeys: number;
  ids: number;
  totalKeys: number;
  /** (heap − idle heap) / batch entries: what one key of one retained batch costs, ids and totals included. */
  heapBytesPerBatchKey: number;
  /** RSS of the same child process doing nothing: node and the modules loaded. */
  baselineRssMiB: number;
  /** The idle child run through tsx instead of bundled: what the loader alone costs. */
  tsxBaselineRssMiB: number;
  /** RSS growth per minute of tweet time over the last half of the run. */
  rssMiBPerMinute: number;
  flood: {
    minutes: number;
    tweets: number;
    uniqueTags: number;
    overflow: number;
    maxKeysPerBatch: number;
    maxTotalKeys: number;
    rssMiB: number;
    /** RSS at the end of the run minus RSS when the retention first filled (minute 11): near 0 when the caps hold. */
    rssGrowthAfterRetentionMiB: number;
    samples: { minute: number; rssMiB: number }[];
  };
}

/**
 * How the Docker image runs the services (Dockerfile), which this benchmark measures:
 * - MALLOC_ARENA_MAX=2: glibc's malloc keeps at most two arenas instead of one for each thread
 *   that ever allocated (up to eight per core; V8's and libuv's workers). With the default, 10
 *   to 30 MiB of freed typed arrays stayed resident here, differently from run to run.
 * - --max-semi-space-size=4 (MiB): V8's young generation stops at 2 × 4 MiB instead of 2 × 16.
 *   The counter keeps its long-lived data in typed arrays, so a larger nursery buys nothing:
 *   the core ran as fast or faster with it in the same A/B (docs/performance.md).
 */
export const IMAGE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2' };
export const IMAGE_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * Runs the child bundled (esbuild, as `npm start` and the image run the command) rather than
 * through tsx: the product does not carry a TypeScript loader, whose hooks alone hold about
 * 35 MiB of RSS. `defaults`: Node's and glibc's defaults instead of the image's settings.
 */
function child(bundle: string, args: string[], defaults = false): ChildReport {
  const env = { ...process.env };
  delete env.MALLOC_ARENA_MAX;
  const out = execFileSync(process.execPath, [...(defaults ? [] : IMAGE_NODE_FLAGS), bundle, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: defaults ? env : { ...env, ...IMAGE_MALLOC_ENV },
  });
  return JSON.parse(out) as ChildReport;
}

function bundleChild(dir: string): string {
  const outfile = path.join(dir, 'memory-child.mjs');
  buildSync({
    entryPoints: [path.join(HERE, 'memory-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Each scenario in a fresh child process, so that RSS is the core's and nothing else's: an idle
 * baseline, an hour (or `minutes`) of retention at 5,000 tweets/s, and a flood of unique tags.
 */
export function benchMemory(opts: {
  minutes: number;
  floodMinutes: number;
  floodPerSec: number;
}): MemoryFigures {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-memory-'));
  let idle: ChildReport, ret: ChildReport, retDefault: ChildReport, flood: ChildReport, tsxIdle: ChildReport;
  try {
    const bundle = bundleChild(dir);
    idle = child(bundle, ['idle', '0']);
    ret = child(bundle, ['retention', String(opts.minutes), '5000']);
    retDefault = child(bundle, ['retention', String(opts.minutes), '5000'], true);
    flood = child(bundle, ['flood', String(opts.floodMinutes), String(opts.floodPerSec)]);
    const tsxOut = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(HERE, 'memory-child.ts'), 'idle', '0'],
      { encoding: 'utf8' },
    );
    tsxIdle = JSON.parse(tsxOut) as ChildReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const half = ret.samples.find((s) => s.minute >= ret.minutes / 2) ?? ret.samples[0]!;
  const atRetention = flood.samples.find((s) => s.minute >= 11) ?? flood.samples.at(-1)!;
  return {
    rssMiB: ret.rssMiB,
    rssDefaultsMiB: retDefault.rssMiB,
    peakRssMiB: ret.peakRssMiB,
    peakRssDefaultsMiB: retDefault.peakRssMiB,
    heapMiB: ret.heapMiB,
    heapTotalMiB: ret.heapTotalMiB,
    arrayBuffersMiB: ret.arrayBuffersMiB,
    minutes: ret.minutes,
    tweets: ret.tweets,
    batches: ret.batches,
    batchKeys: ret.batchKeys,
    ids: ret.ids,
    totalKeys: ret.totalKeys,
    heapBytesPerBatchKey: Math.round(((ret.heapMiB - idle.heapMiB) * 1048576) / Math.max(1, ret.batchKeys)),
    baselineRssMiB: idle.rssMiB,
    tsxBaselineRssMiB: tsxIdle.rssMiB,
    rssMiBPerMinute:
      Math.round(((ret.rssMiB - half.rssMiB) / Math.max(1, ret.minutes - half.minute)) * 10) / 10,
    flood: {
      minutes: flood.minutes,
      tweets: flood.tweets,
      uniqueTags: flood.tweets * 2,
      overflow: flood.overflow,
      maxKeysPerBatch: flood.options.maxKeysPerBatch,
      maxTotalKeys: flood.options.maxTotalKeys,
      rssMiB: flood.rssMiB,
      rssGrowthAfterRetentionMiB: Math.round((flood.rssMiB - atRetention.rssMiB) * 10) / 10,
      samples: flood.samples.map((s) => ({ minute: s.minute, rssMiB: s.rssMiB })),
    },
  };
}
