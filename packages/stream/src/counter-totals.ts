/** Lifetime counters, for metrics (the results carry the per-window ones). */
export interface CounterTotals {
  tweets: number;
  late: number;
  duplicates: number;
  malformed: number;
  overflow: number;
  lost: number;
  filtered: number;
  emitted: number;
}

/** All lifetime counters at zero. */
export function emptyCounterTotals(): CounterTotals {
  return { tweets: 0, late: 0, duplicates: 0, malformed: 0, overflow: 0, lost: 0, filtered: 0, emitted: 0 };
}

/** Two sets of lifetime counters added up (a replaced counter's and its successor's). */
export function sumCounterTotals(a: CounterTotals, b: CounterTotals): CounterTotals {
  return {
    tweets: a.tweets + b.tweets,
    late: a.late + b.late,
    duplicates: a.duplicates + b.duplicates,
    malformed: a.malformed + b.malformed,
    overflow: a.overflow + b.overflow,
    lost: (a.lost ?? 0) + (b.lost ?? 0),
    filtered: a.filtered + b.filtered,
    emitted: a.emitted + b.emitted,
  };
}
