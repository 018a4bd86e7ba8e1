import type { BatchResult } from '@tagstream/protocol';
import type { BatchStats, KeyTally } from './batch-counts.ts';
import type { BatchDetailJson } from './batch-detail-json.ts';
import type { CounterTotals } from './counter-totals.ts';

/** One running-total entry as a checkpoint keeps it: `forms` hold count − error between them. */
export interface TotalsEntry {
  key: string;
  count: number;
  error: number;
  forms: KeyTally;
}

/** One batch as a checkpoint keeps it: its stats, each key's tally, and its pairs and profiles if kept. */
export interface BatchTallies {
  index: number;
  stats: BatchStats;
  tallies: Iterable<[string, KeyTally]>;
  detail?: BatchDetailJson;
}

/**
 * Everything a `WindowedCounter` holds besides its options, as plain values: what
 * `toCheckpoint` writes and `fromCheckpoint` reads back (counter-checkpoint.ts). Batch and
 * window positions are batch indices, `-Infinity` before anything happened. Taken from a
 * counter, the iterables and batches are live views: read them at once, before it moves on.
 */
export interface CounterState {
  /** Held batches, oldest first. */
  batches: Iterable<BatchTallies>;
  windowEnd: number;
  closedIdx: number;
  nextEnd: number | null;
  prevNonEmpty: boolean;
  totalsUpTo: number;
  totals: { tweets: number; maxError: number; entries: Iterable<TotalsEntry> };
  /** Remembered ids with their event times. */
  ids: Iterable<[string, number]>;
  sourceWatermark: number | null;
  maxEventTime: number | null;
  sawArrivalTime: boolean;
  unplaced: BatchStats;
  formSeq: number;
  seq: number;
  prevRanks: Iterable<[string, number]>;
  lastResult: BatchResult | null;
  lifetime: Partial<CounterTotals>;
  firstBatchIndex: number | null;
}
