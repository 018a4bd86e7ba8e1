import type { BatchResult } from '@tagstream/protocol';
import type { BatchStats, KeyTally } from './batch-counts.ts';
import type { CounterTotals } from './counter-totals.ts';

/** One running-total entry as a checkpoint keeps it: `forms` hold count − error between them. */
export interface TotalsEntry {
  key: string;
  count: number;
  error: number;
  forms: KeyTally;
}

/** A batch's pairs and profiles as a checkpoint keeps them: keys by name, while a window may read them. */
export interface BatchDetailJson {
  /** The batch's key pairs (related tags) as [key, key, tweets]; absent when not kept. */
  pairs?: [string, string, number][];
  /** Pair sightings the batch dropped at its cap. */
  pairOverflow?: number;
  /** Its keys' authors and languages as [key, author, language, tweets]; absent when not kept. */
  profiles?: [string, string, string, number][];
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
