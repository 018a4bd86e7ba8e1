import type { BatchCounts, KeyTally } from './batch-counts.ts';
import { displayForm } from './display-form.ts';
import { ranksAbove } from './top-k.ts';

interface TotalEntry {
  key: string;
  /** Count since start; under Space-Saving it may overcount by at most `error`. */
  count: number;
  error: number;
  /** Sightings of each surface form, for the display form. */
  forms: KeyTally;
  /** Position in the min-heap once Space-Saving is on. */
  heapIndex: number;
  /** The `top()` call this entry was last listed as a candidate for (dedupes `touched`). */
  mark: number;
}

/** A running-total entry as reported. */
export interface TotalRanked {
  key: string;
  count: number;
  display: string;
}

/**
 * Counts since start (Spark's `updateStateByKey`), exact up to `maxKeys` distinct
 * keys and then approximate with Space-Saving (Metwally et al.): a new key
 * replaces the smallest entry and inherits its count as error, so memory stays
 * bounded and every reported count overcounts by at most `maxError`.
 */
export class RunningTotals {
  private readonly entries = new Map<string, TotalEntry>();
  /** Min-heap by count, built the first time the key cap is reached. */
  private heap: TotalEntry[] | null = null;
  tweets = 0;
  maxError = 0;
  /**
   * The top list of the last `top()` call, for `bestK` entries (-1: none, rebuild from all).
   * Counts only grow, so an entry that was below that list and has not been touched since
   * is still below it: the next top K is among `best` and `touched`. That turns a scan of
   * every key (up to a million) at each emission into a scan of the keys of the new batches.
   */
  private best: TotalEntry[] = [];
  private bestK = -1;
  /** Entries added or changed since the last `top()` call (each once, by `mark`). */
  private touched: TotalEntry[] = [];
  private epoch = 0;

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Folds one closed batch into the totals. */
  addBatch(batch: BatchCounts): void {
    this.tweets += batch.stats.tweets;
    for (const [key, tally] of batch.keys) this.add(key, tally);
  }

  /** Adds one key's tally (also used when restoring a checkpoint). */
  add(key: string, tally: KeyTally, error = 0): void {
    // A count that shrinks would break the reasoning behind `best`; never happens, but stay exact.
    if (tally.count < 0) this.bestK = -1;
    let entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.count += tally.count;
      mergeForms(entry.forms, tally);
      if (this.heap) this.siftDown(entry.heapIndex);
      this.touch(entry);
      return;
    }
    if (this.entries.size < this.maxKeys) {
      entry = { key, count: tally.count + error, error, forms: copyForms(tally), heapIndex: -1, mark: -1 };
      this.entries.set(key, entry);
      this.touch(entry);
      if (error > this.maxError) this.maxError = error;
      if (this.heap) this.heapPush(entry);
      return;
    }
    this.replaceSmallest(key, tally);
  }

  /** The top K, best first. */
  top(k: number): TotalRanked[] {
    const best: TotalEntry[] = [];
    if (k > 0) {
      if (k === this.bestK) {
        // Touched entries are offered once, from `touched`; evicted ones are marked -2 and skipped.
        for (const e of this.best) if (e.mark !== this.epoch) offer(best, e, k);
        for (const e of this.touched) if (e.mark === this.epoch) offer(best, e, k);
      } else {
        for (const e of this.entries.values()) offer(best, e, k);
      }
    }
    this.best = best;
    this.bestK = k;
    this.touched = [];
    this.epoch++;
    return best.map((e) => ({ key: e.key, count: e.count, display: displayForm([e.forms]) }));
  }

  private touch(entry: TotalEntry): void {
    if (entry.mark === this.epoch) return;
    entry.mark = this.epoch;
    this.touched.push(entry);
  }

  /** Every entry, for checkpoints. */
  *dump(): Iterable<{ key: string; count: number; error: number; forms: KeyTally }> {
    for (const e of this.entries.values())
      yield { key: e.key, count: e.count, error: e.error, forms: e.forms };
  }

  private replaceSmallest(key: string, tally: KeyTally): void {
    this.heap ??= this.buildHeap();
    const min = this.heap[0]!;
    this.entries.delete(min.key);
    min.mark = -2;
    // The evicted entry leaves the top list too: rebuild it from all entries next time.
    if (this.best.includes(min)) this.bestK = -1;
    const entry: TotalEntry = {
      key,
      count: min.count + tally.count,
      error: min.count,
      forms: copyForms(tally),
      heapIndex: 0,
      mark: -1,
    };
    if (min.count > this.maxError) this.maxError = min.count;
    this.entries.set(key, entry);
    this.heap[0] = entry;
    this.siftDown(0);
    this.touch(entry);
  }

  private buildHeap(): TotalEntry[] {
    const heap = [...this.entries.values()];
    heap.forEach((e, i) => (e.heapIndex = i));
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.siftDownIn(heap, i);
    return heap;
  }

  private heapPush(entry: TotalEntry): void {
    const heap = this.heap!;
    entry.heapIndex = heap.length;
    heap.push(entry);
    let i = entry.heapIndex;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!lessThan(heap[i]!, heap[parent]!)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    this.siftDownIn(this.heap!, i);
  }

  private siftDownIn(heap: TotalEntry[], i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && lessThan(heap[l]!, heap[smallest]!)) smallest = l;
      if (r < heap.length && lessThan(heap[r]!, heap[smallest]!)) smallest = r;
      if (smallest === i) return;
      swap(heap, i, smallest);
      i = smallest;
    }
  }
}

/** Heap order: the entry that would be evicted first is the lowest-ranked one. */
function lessThan(a: TotalEntry, b: TotalEntry): boolean {
  return ranksAbove({ key: b.key, count: b.count }, { key: a.key, count: a.count });
}

function swap(heap: TotalEntry[], i: number, j: number): void {
  const a = heap[i]!;
  const b = heap[j]!;
  heap[i] = b;
  heap[j] = a;
  a.heapIndex = j;
  b.heapIndex = i;
}

function copyForms(t: KeyTally): KeyTally {
  const copy: KeyTally = { count: t.count, form: t.form, formSeq: t.formSeq };
  if (t.others) copy.others = new Map([...t.others].map(([f, o]) => [f, { ...o }]));
  return copy;
}

// Plain functions, no closure per call: under tsx (esbuild keepNames) each closure
// created also costs a defineProperty of its name, which showed in the profile.
function mergeForms(into: KeyTally, from: KeyTally): void {
  let rest = 0;
  if (from.others) for (const o of from.others.values()) rest += o.count;
  mergeForm(into, from.form, from.count - rest, from.formSeq);
  if (from.others) for (const [form, o] of from.others) mergeForm(into, form, o.count, o.seq);
}

function mergeForm(into: KeyTally, form: string, count: number, seq: number): void {
  into.count += count;
  if (form === into.form) {
    if (seq < into.formSeq) into.formSeq = seq;
    return;
  }
  into.others ??= new Map();
  const o = into.others.get(form);
  if (o === undefined) into.others.set(form, { count, seq });
  else {
    o.count += count;
    if (seq < o.seq) o.seq = seq;
  }
}

/**
 * Inserts `e` into `best` (sorted, best first, at most k long) if it ranks high
 * enough: topK's rule (count descending, then key by code point; counts of 0 or
 * less are never listed) over entries instead of a map.
 */
function offer(best: TotalEntry[], e: TotalEntry, k: number): void {
  if (e.count <= 0) return;
  if (best.length === k && !ranksAbove(e, best[k - 1]!)) return;
  let i = best.length < k ? best.length : k - 1;
  if (best.length < k) best.push(e);
  else best[i] = e;
  while (i > 0 && ranksAbove(e, best[i - 1]!)) {
    best[i] = best[i - 1]!;
    best[i - 1] = e;
    i--;
  }
}
