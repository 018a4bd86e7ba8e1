import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  heapMiB: number;
  minutes: number;
  tweets: number;
  /** Retained batches, their (key, batch) entries, remembered ids and running-total keys at the end. */
  batches: number;
  batchKeys: number;
  ids: number;
  totalKeys: number;
  /** (heap − idle heap) / batch entries: what one key of one retained batch costs, ids and totals included. */
  heapBytesPerBatchKey: number;
  /** RSS of the same child process doing nothing: node, tsx and the modules loaded. */
  baselineRssMiB: number;
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

function child(args: string[]): ChildReport {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'memory-child.ts'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out) as ChildReport;
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
  const idle = child(['idle', '0']);
  const ret = child(['retention', String(opts.minutes), '5000']);
  const flood = child(['flood', String(opts.floodMinutes), String(opts.floodPerSec)]);
  const half = ret.samples.find((s) => s.minute >= ret.minutes / 2) ?? ret.samples[0]!;
  const atRetention = flood.samples.find((s) => s.minute >= 11) ?? flood.samples.at(-1)!;
  return {
    rssMiB: ret.rssMiB,
    heapMiB: ret.heapMiB,
    minutes: ret.minutes,
    tweets: ret.tweets,
    batches: ret.batches,
    batchKeys: ret.batchKeys,
    ids: ret.ids,
    totalKeys: ret.totalKeys,
    heapBytesPerBatchKey: Math.round(((ret.heapMiB - idle.heapMiB) * 1048576) / Math.max(1, ret.batchKeys)),
    baselineRssMiB: idle.rssMiB,
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
