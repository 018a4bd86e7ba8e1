import type { Clock } from '@tagstream/time';
import {
  assertCheckpoint,
  batchFromJson,
  batchToJson,
  CHECKPOINT_VERSION,
  finiteOrNull,
  orMinusInfinity,
  tallyFromJson,
  tallyToJson,
  type BatchJson,
  type CounterCheckpoint,
} from './checkpoint.ts';
import type { CounterTotals } from './counter-totals.ts';
import type { CounterWiring } from './counter-wiring.ts';
import { readingOnce } from './string-dictionary.ts';
import { WindowedCounter } from './windowed-counter.ts';

/**
 * A checkpoint whose long parts (the batches, the running totals, the remembered ids) are views
 * of the live counter, read as they are written: a flood's state made into arrays at once held
 * the event loop for seconds and doubled the memory. Its owner must keep the counter unchanged
 * (no input, no tick, no reconfiguration) until the views have been read.
 */
export type CheckpointSnapshot = Omit<CounterCheckpoint, 'batches' | 'totals' | 'ids'> & {
  batches: Iterable<BatchJson>;
  totals: Omit<CounterCheckpoint['totals'], 'entries'> & {
    entries: Iterable<CounterCheckpoint['totals']['entries'][number]>;
  };
  ids: Iterable<[string, number]>;
};

/**
 * A counter's state as a checkpoint (DESIGN.md §8), plain JSON; `source` is the caller's own
 * part (where its input stood, its history…), kept opaque. Taken at once, between two inputs.
 */
export function toCheckpoint(counter: WindowedCounter, source?: unknown): CounterCheckpoint {
  return materialize(checkpointSnapshot(counter, source));
}

/** The snapshot's views read into arrays: a plain checkpoint. */
export function materialize(s: CheckpointSnapshot): CounterCheckpoint {
  return {
    ...s,
    batches: [...s.batches],
    totals: { ...s.totals, entries: [...s.totals.entries] },
    ids: [...s.ids],
  };
}

/** The counter's state with its long parts as views (see CheckpointSnapshot); the rest copied at once. */
export function checkpointSnapshot(counter: WindowedCounter, source?: unknown): CheckpointSnapshot {
  const s = counter.state();
  return {
    kind: 'tagstream-counter',
    version: CHECKPOINT_VERSION,
    options: { ...counter.options },
    batches: mapped(s.batches, batchToJson),
    windowEnd: finiteOrNull(s.windowEnd),
    closedIdx: finiteOrNull(s.closedIdx),
    nextEnd: s.nextEnd,
    prevNonEmpty: s.prevNonEmpty,
    totalsUpTo: finiteOrNull(s.totalsUpTo),
    totals: {
      tweets: s.totals.tweets,
      maxError: s.totals.maxError,
      entries: mapped(s.totals.entries, (e) => [e.key, e.count, e.error, tallyToJson(e.key, e.forms)]),
    },
    ids: s.ids,
    sourceWatermark: s.sourceWatermark,
    maxEventTime: s.maxEventTime,
    sawArrivalTime: s.sawArrivalTime,
    unplaced: { ...s.unplaced },
    formSeq: s.formSeq,
    seq: s.seq,
    prevRanks: [...s.prevRanks],
    lastResult: s.lastResult,
    lifetime: { ...s.lifetime },
    firstBatchIndex: s.firstBatchIndex,
    ...(source !== undefined ? { source } : {}),
  };
}

/**
 * `items` mapped by `fn` as they are read; iterable again as long as `items` is. Each item is
 * read and mapped without keeping the strings it makes in the counter's cache (`readingOnce`):
 * the views are read once, key after key.
 */
function mapped<T, U>(items: Iterable<T>, fn: (item: T) => U): Iterable<U> {
  return {
    *[Symbol.iterator]() {
      const it = items[Symbol.iterator]();
      for (;;) {
        const next = readingOnce(() => {
          const r = it.next();
          return r.done === true ? null : { value: fn(r.value) };
        });
        if (next === null) return;
        yield next.value;
      }
    },
  };
}

/**
 * Rebuilds a counter from a checkpoint (its own options win, since batches cannot be re-cut),
 * wired to `wiring`. Throws CheckpointError for anything that is not a readable checkpoint.
 */
export function fromCheckpoint(value: unknown, wiring: CounterWiring): WindowedCounter {
  assertCheckpoint(value);
  const batches = value.batches.map(batchFromJson);
  return new WindowedCounter({
    ...wiring,
    counting: value.options,
    state: {
      batches,
      // Older checkpoints lack it: the first batch held that holds tweets stands in.
      firstBatchIndex:
        value.firstBatchIndex !== undefined
          ? value.firstBatchIndex
          : ([...batches].sort((a, b) => a.index - b.index).find((b) => b.stats.tweets > 0)?.index ?? null),
      windowEnd: orMinusInfinity(value.windowEnd),
      closedIdx: orMinusInfinity(value.closedIdx),
      nextEnd: value.nextEnd,
      prevNonEmpty: value.prevNonEmpty,
      totalsUpTo: orMinusInfinity(value.totalsUpTo),
      totals: {
        tweets: value.totals.tweets,
        maxError: value.totals.maxError,
        entries: value.totals.entries.map(([, count, error, formsJson]) => {
          const { key, tally } = tallyFromJson(formsJson);
          return { key, count, error, forms: tally };
        }),
      },
      ids: value.ids,
      sourceWatermark: value.sourceWatermark,
      maxEventTime: value.maxEventTime,
      sawArrivalTime: value.sawArrivalTime,
      unplaced: value.unplaced,
      formSeq: value.formSeq,
      seq: value.seq,
      prevRanks: value.prevRanks,
      lastResult: value.lastResult,
      lifetime: value.lifetime as Partial<CounterTotals>,
    },
  });
}

/**
 * Throws CheckpointError unless a counter can be rebuilt from `value` (one is, then dropped):
 * how a checkpoint file's reader tells a damaged or foreign file from a good one.
 */
export function assertReadableCheckpoint(value: unknown, clock: Clock): asserts value is CounterCheckpoint {
  fromCheckpoint(value, { clock, sink: () => undefined });
}
