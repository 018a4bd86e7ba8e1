import type { BatchResult } from '@tagstream/protocol';
import { BatchCounts, type BatchStats, type KeyTally } from './batch-counts.ts';
import { BatchPairs } from './batch-pairs.ts';
import { BatchProfiles } from './batch-profiles.ts';
import type { CounterTotals } from './counter-totals.ts';
import type { CounterOptions } from './options.ts';
import { CompactBatch } from './compact-batch.ts';
import { talliesOf, type RetainedBatch } from './retained-batch.ts';

/** Bumped whenever the shape changes; a checkpoint of another version is set aside, never misread. */
export const CHECKPOINT_VERSION = 1;

/** A key's tally in JSON: [key, count, form, formSeq, other forms as [form, count, seq]…]. */
export type KeyTallyJson = [string, number, string, number, ...[string, number, number][]];

export interface BatchJson {
  index: number;
  stats: BatchStats;
  keys: KeyTallyJson[];
  /** The batch's key pairs (related tags) as [key, key, tweets], while a window may read them; absent otherwise. */
  pairs?: [string, string, number][];
  /** Pair sightings the batch dropped at its cap. */
  pairOverflow?: number;
  /** Its keys' authors and languages as [key, author, language, tweets], while a window may read them. */
  profiles?: [string, string, string, number][];
}

/** The caps a batch read back from a checkpoint keeps its pairs and profiles under. */
export type BatchCaps = Pick<
  CounterOptions,
  'maxKeysPerBatch' | 'maxPairsPerBatch' | 'maxProfileEntriesPerBatch'
>;

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

export function batchToJson(b: RetainedBatch): BatchJson {
  const out: BatchJson = {
    index: b.index,
    stats: { ...b.stats },
    keys: [...talliesOf(b)].map(([k, t]) => tallyToJson(k, t)),
  };
  if (b.pairs === null && b.profiles === null) return out;
  // Pairs and profiles name keys by id: the batch's own while it counts, the dictionary's once compacted.
  const open = b instanceof CompactBatch ? null : [...b.keys.keys()];
  const name = (id: number): string => (open === null ? (b as CompactBatch).nameOf(id) : open[id]!);
  if (b.pairs !== null) {
    const pairs: [string, string, number][] = [];
    b.pairs.forEach((x, y, n) => pairs.push([name(x), name(y), n]));
    out.pairs = pairs;
    out.pairOverflow = b.pairs.overflow;
  }
  if (b.profiles !== null) {
    const profiles: [string, string, string, number][] = [];
    b.profiles.forEach((id, author, lang, n) => profiles.push([name(id), author, lang, n]));
    out.profiles = profiles;
  }
  return out;
}

export function batchFromJson(j: BatchJson, caps: BatchCaps): BatchCounts {
  const b = new BatchCounts(j.index, caps.maxKeysPerBatch);
  Object.assign(b.stats, j.stats);
  for (const entry of j.keys) {
    const { key, tally } = tallyFromJson(entry);
    b.restoreKey(key, tally);
  }
  // A pair or profile of a key the batch does not hold (a damaged file) is left out.
  const id = (key: string): number => b.keys.get(key)?.id ?? -1;
  if (j.pairs !== undefined) {
    const pairs = (b.pairs = new BatchPairs(caps.maxPairsPerBatch));
    for (const [x, y, n] of j.pairs) if (id(x) >= 0 && id(y) >= 0) pairs.addPair(id(x), id(y), n);
    pairs.overflow = j.pairOverflow ?? 0;
  }
  if (j.profiles !== undefined) {
    const profiles = (b.profiles = new BatchProfiles(caps.maxProfileEntriesPerBatch));
    for (const [key, author, lang, n] of j.profiles) if (id(key) >= 0) profiles.add(id(key), author, lang, n);
  }
  return b;
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
