import type { BatchResult } from '@tagstream/protocol';
import type { BatchStats, KeyTally } from './batch-counts.ts';
import type { BatchDetailJson, BatchTallies } from './counter-state.ts';
import type { CounterTotals } from './counter-totals.ts';
import type { CounterOptions } from './options.ts';

/** Bumped whenever the shape changes; a checkpoint of another version is set aside, never misread. */
export const CHECKPOINT_VERSION = 1;

/** A key's tally in JSON: [key, count, form, formSeq, other forms as [form, count, seq]…]. */
export type KeyTallyJson = [string, number, string, number, ...[string, number, number][]];

/** A batch in JSON: its tallies, and its pairs and profiles while a window may read them. */
export interface BatchJson extends BatchDetailJson {
  index: number;
  stats: BatchStats;
  keys: KeyTallyJson[];
}

/**
 * Everything the core needs to resume with the same counts (DESIGN.md §8):
 * batches in retention, window position, running totals, remembered ids,
 * watermark state and the result sequence. Plain JSON; `-Infinity` is written as null.
 */
export interface CounterCheckpoint {
  kind: 'tagstream-counter';
  version: number;
  options: CounterOptions;
  batches: BatchJson[];
  windowEnd: number | null;
  closedIdx: number | null;
  nextEnd: number | null;
  prevNonEmpty: boolean;
  totalsUpTo: number | null;
  totals: { tweets: number; maxError: number; entries: [string, number, number, KeyTallyJson][] };
  ids: [string, number][];
  sourceWatermark: number | null;
  maxEventTime: number | null;
  sawArrivalTime: boolean;
  unplaced: BatchStats;
  formSeq: number;
  seq: number;
  prevRanks: [string, number][];
  lastResult: BatchResult | null;
  lifetime: Record<string, number>;
  /**
   * The first batch index that ever held a counted tweet (`WindowedCounter.firstBatchIndex`).
   * Optional: older checkpoints lack it, and then the first retained batch holding tweets stands in.
   */
  firstBatchIndex?: number | null;
  /**
   * A session's lifetime counts of the counters it replaced (a new replay, a new batch
   * interval), so that lifetime metrics go on across restarts. Absent: none were replaced.
   */
  lifetimeBase?: CounterTotals;
  /** Opaque to the core: where the caller's input stood (file offsets, line counts). */
  source?: unknown;
}

/** Thrown for a checkpoint that is not ours, of another version, or damaged. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function tallyToJson(key: string, t: KeyTally): KeyTallyJson {
  const out: KeyTallyJson = [key, t.count, t.form, t.formSeq];
  if (t.others) for (const [form, o] of t.others) out.push([form, o.count, o.seq]);
  return out;
}

export function tallyFromJson(j: KeyTallyJson): { key: string; tally: KeyTally } {
  const [key, count, form, formSeq, ...others] = j;
  const tally: KeyTally = { count, form, formSeq };
  if (others.length > 0) tally.others = new Map(others.map(([f, c, s]) => [f, { count: c, seq: s }]));
  return { key, tally };
}

export function batchToJson(b: BatchTallies): BatchJson {
  return {
    index: b.index,
    stats: { ...b.stats },
    keys: [...b.tallies].map(([k, t]) => tallyToJson(k, t)),
    ...b.detail,
  };
}

export function batchFromJson(j: BatchJson): BatchTallies {
  const { index, stats, keys, ...detail } = j;
  return {
    index,
    stats: { ...stats },
    tallies: keys.map((entry) => {
      const { key, tally } = tallyFromJson(entry);
      return [key, tally];
    }),
    detail,
  };
}

export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
export const orMinusInfinity = (x: number | null): number => (x === null ? -Infinity : x);

/** Checks that a parsed JSON value is a checkpoint this version can read. */
export function assertCheckpoint(value: unknown): asserts value is CounterCheckpoint {
  const v = value as Partial<CounterCheckpoint> | null;
  if (v === null || typeof v !== 'object' || v.kind !== 'tagstream-counter') {
    throw new CheckpointError('not a tagstream checkpoint');
  }
  if (v.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`checkpoint version ${String(v.version)} is not ${CHECKPOINT_VERSION}`);
  }
  if (
    !Array.isArray(v.batches) ||
    !Array.isArray(v.ids) ||
    typeof v.options !== 'object' ||
    v.totals === undefined
  ) {
    throw new CheckpointError('checkpoint is incomplete');
  }
}
