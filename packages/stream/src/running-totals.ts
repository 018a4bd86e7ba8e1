import type { BatchCounts, KeyTally } from './batch-counts.ts';
import { displayForm } from './display-form.ts';
import { OtherForms } from './other-forms.ts';
import { StringDictionary } from './string-dictionary.ts';
import { TotalsHeap } from './totals-heap.ts';
import { WideningColumn } from './widening-column.ts';

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
 *
 * Entries are slots in typed arrays (a column per field) and their strings live in a
 * `StringDictionary` shared with the compacted batches: at the default cap of a million
 * keys, an entry object, its forms object, its map entry and its own strings cost about
 * 160 bytes a key where these columns cost about 50 (DESIGN.md §10, memory). Slots are never
 * freed: an evicted entry's slot goes to the key replacing it.
 */
export class RunningTotals {
  private n = 0;
  /** Per slot: the key's dictionary id, its count and error. */
  private keyIds = new Int32Array(0);
  private readonly counts = new WideningColumn();
  private readonly errors = new WideningColumn();
  /** Per slot: its primary (first-seen) form's id and first sighting; the forms' counts add up to count − error. */
  private formIds = new Int32Array(0);
  private readonly formSeqs = new WideningColumn();
  /** Per slot, one bit: listed in `touched` since the last `top()` call (dedupes `touched`). */
  private marks = new Uint8Array(0);
  /** Other surface forms by slot (each holding its string). */
  private readonly others = new OtherForms();
  /** Dictionary id → slot + 1 (0: the key has no entry). */
  private slotOfId = new Int32Array(0);
  /** Min-heap of slots by rank, for Space-Saving: built as the cap nears, ready once it is reached. */
  private readonly heap = new TotalsHeap(
    (s) => this.counts.get(s),
    (a, b) => this.strings.compare(this.keyIds[a]!, this.keyIds[b]!) < 0,
  );
  tweets = 0;
  maxError = 0;
  /**
   * The top list of the last `top()` call, for `bestK` entries (-1: none, rebuild from all).
   * Counts only grow, so an entry that was below that list and has not been touched since
   * is still below it: the next top K is among `best` and `touched`. That turns a scan of
   * every key (up to a million) at each emission into a scan of the keys of the new batches.
   */
  private best: number[] = [];
  private bestK = -1;
  /** Slots added or changed since the last `top()` call (each once, by `marks`). */
  private touched: number[] = [];

  constructor(
    private readonly maxKeys: number,
    private readonly strings = new StringDictionary(),
  ) {}

  get size(): number {
    return this.n;
  }

  /**
   * Folds one closed batch into the totals, in the order its keys were first counted (Space-Saving
   * depends on it). The batch shares this dictionary.
   */
  addBatch(batch: BatchCounts): void {
    this.tweets += batch.stats.tweets;
    for (let i = 0; i < batch.size; i++) this.addEntry(batch, i);
  }

  /**
   * Adds the entry at `i` of an open batch that shares this dictionary (whose strings it holds
   * for the call): how the counter folds a batch as it compacts it, with no lookup by string.
   * Entries must come in the batch's order, as with `addBatch`.
   */
  addEntry(batch: BatchCounts, i: number): void {
    this.addInterned(
      batch.keyIdAt(i),
      batch.formIdAt(i),
      batch.countAt(i),
      batch.formSeqAt(i),
      batch.otherForms,
      i,
    );
  }

  /** Adds one key's tally (restoring a checkpoint), `error` of it overcounted. */
  add(key: string, tally: KeyTally, error = 0): void {
    const keyId = this.strings.acquire(key);
    const formId = this.strings.acquire(tally.form);
    const others = new OtherForms(1);
    if (tally.others !== undefined)
      for (const [form, o] of tally.others) others.append(0, this.strings.acquire(form), o.count, o.seq);
    this.addInterned(keyId, formId, tally.count, tally.formSeq, others, 0, error);
    this.strings.release(keyId);
    this.strings.release(formId);
    for (let e = others.first(0); e >= 0; e = others.next(e)) this.strings.release(others.formId(e));
  }

  /**
   * Adds `count` sightings of a key, by the ids its key and first-seen form (first seen as number
   * `formSeq`) have in the dictionary; its other surface forms are `others`' at `owner`.
   */
  private addInterned(
    keyId: number,
    formId: number,
    count: number,
    formSeq: number,
    others: OtherForms,
    owner: number,
    error = 0,
  ): void {
    // A count that shrinks would break the reasoning behind `best`; never happens, but stay exact.
    if (count < 0) {
      this.bestK = -1;
      this.heap.abandon();
    }
    const slot = keyId < this.slotOfId.length ? this.slotOfId[keyId]! - 1 : -1;
    if (slot >= 0) {
      this.counts.set(slot, this.counts.get(slot) + count);
      this.mergeForms(slot, formId, count, formSeq, others, owner);
      this.heap.grew(slot);
      this.touch(slot);
      return;
    }
    if (this.n < this.maxKeys) {
      const s = this.n++;
      this.ensureCapacity(this.n);
      this.fill(s, keyId, formId, count + error, error, formSeq, others, owner);
      this.touch(s);
      if (error > this.maxError) this.maxError = error;
      this.heap.added(s);
      this.buildStep();
      return;
    }
    this.replaceSmallest(keyId, formId, count, formSeq, others, owner);
  }

  /** The top K, best first. */
  top(k: number): TotalRanked[] {
    const best: number[] = [];
    if (k > 0) {
      if (k === this.bestK) {
        // Touched slots are offered once, from `touched`.
        for (const s of this.best) if (!this.marked(s)) this.offer(best, s, k);
        for (const s of this.touched) this.offer(best, s, k);
      } else {
        for (let s = 0; s < this.n; s++) this.offer(best, s, k);
      }
    }
    this.best = best;
    this.bestK = k;
    for (const s of this.touched) this.marks[s >> 3]! &= ~(1 << (s & 7));
    this.touched = [];
    return best.map((s) => ({
      key: this.keyOf(s),
      count: this.counts.get(s),
      display: displayForm([this.formsOf(s)]),
    }));
  }

  /** Every entry, for checkpoints. */
  *dump(): Iterable<{ key: string; count: number; error: number; forms: KeyTally }> {
    for (let s = 0; s < this.n; s++)
      yield {
        key: this.keyOf(s),
        count: this.counts.get(s),
        error: this.errors.get(s),
        forms: this.formsOf(s),
      };
  }

  private keyOf(slot: number): string {
    return this.strings.stringOf(this.keyIds[slot]!);
  }

  /** The slot's surface forms as a tally (a copy). */
  private formsOf(slot: number): KeyTally {
    const forms: KeyTally = {
      count: this.counts.get(slot) - this.errors.get(slot),
      form: this.strings.stringOf(this.formIds[slot]!),
      formSeq: this.formSeqs.get(slot),
    };
    const others = this.others;
    let e = others.first(slot);
    if (e >= 0) {
      forms.others = new Map();
      for (; e >= 0; e = others.next(e))
        forms.others.set(this.strings.stringOf(others.formId(e)), {
          count: others.count(e),
          seq: others.seq(e),
        });
    }
    return forms;
  }

  /** Makes `slot` the entry of `keyId` with these counts and forms (`formId`: its first form's id). */
  private fill(
    slot: number,
    keyId: number,
    formId: number,
    count: number,
    error: number,
    formSeq: number,
    others: OtherForms,
    owner: number,
  ): void {
    this.strings.retain(keyId);
    this.strings.retain(formId);
    if (keyId >= this.slotOfId.length) {
      const grown = new Int32Array(Math.max(keyId + 1, this.slotOfId.length * 2, 1024));
      grown.set(this.slotOfId);
      this.slotOfId = grown;
    }
    this.slotOfId[keyId] = slot + 1;
    this.keyIds[slot] = keyId;
    this.counts.set(slot, count);
    this.errors.set(slot, error);
    this.formIds[slot] = formId;
    this.formSeqs.set(slot, formSeq);
    for (let e = others.first(owner); e >= 0; e = others.next(e)) {
      const form = others.formId(e);
      this.strings.retain(form);
      this.others.append(slot, form, others.count(e), others.seq(e));
    }
  }

  /** Gives up `slot`'s strings, before the slot is filled again. */
  private vacate(slot: number): void {
    const id = this.keyIds[slot]!;
    this.slotOfId[id] = 0;
    this.strings.release(id);
    this.strings.release(this.formIds[slot]!);
    const others = this.others;
    for (let e = others.first(slot); e >= 0; e = others.next(e)) this.strings.release(others.formId(e));
    others.drop(slot);
  }

  private touch(slot: number): void {
    if (this.marked(slot)) return;
    this.marks[slot >> 3]! |= 1 << (slot & 7);
    this.touched.push(slot);
  }

  private marked(slot: number): boolean {
    return (this.marks[slot >> 3]! & (1 << (slot & 7))) !== 0;
  }

  private replaceSmallest(
    keyId: number,
    formId: number,
    count: number,
    formSeq: number,
    others: OtherForms,
    owner: number,
  ): void {
    if (!this.heap.ready) {
      if (!this.heap.building) this.heap.begin(this.n);
      this.heap.finish(this.n);
    }
    const min = this.heap.min();
    const minCount = this.counts.get(min);
    // The evicted entry leaves the top list too: rebuild it from all entries next time.
    if (this.best.includes(min)) this.bestK = -1;
    // The new key takes over the slot (and its place at the heap's root, and in `touched` if listed there).
    this.vacate(min);
    this.fill(min, keyId, formId, minCount + count, minCount, formSeq, others, owner);
    if (minCount > this.maxError) this.maxError = minCount;
    this.heap.rootReplaced();
    this.touch(min);
  }

  /**
   * Builds the heap a few nodes per new key from three quarters of the cap on (see TotalsHeap):
   * it starts over 3/4 of the cap's slots and is done after 3/32 of the cap's new keys at most.
   */
  private buildStep(): void {
    if (this.heap.ready) return;
    if (this.heap.building) this.heap.step(BUILD_STEP, this.n);
    else if (this.n >= this.maxKeys - (this.maxKeys >> 2)) this.heap.begin(this.n);
  }

  /** True when slot `a` ranks above slot `b`: count descending, then key by code point (topK's rule). */
  private ranksAbove(a: number, b: number): boolean {
    const x = this.counts.get(a);
    const y = this.counts.get(b);
    return x !== y ? x > y : this.strings.compare(this.keyIds[a]!, this.keyIds[b]!) < 0;
  }

  /**
   * Inserts slot `s` into `best` (sorted, best first, at most k long) if it ranks high
   * enough: topK's rule (count descending, then key by code point; counts of 0 or
   * less are never listed).
   */
  private offer(best: number[], s: number, k: number): void {
    if (this.counts.get(s) <= 0) return;
    if (best.length === k && !this.ranksAbove(s, best[k - 1]!)) return;
    let i = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(s);
    else best[i] = s;
    while (i > 0 && this.ranksAbove(s, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      best[i - 1] = s;
      i--;
    }
  }

  /** Merges a tally's forms into the slot's: `count` sightings, first form `formId`, the rest `others`' at `owner`. */
  private mergeForms(
    slot: number,
    formId: number,
    count: number,
    formSeq: number,
    others: OtherForms,
    owner: number,
  ): void {
    const first = others.first(owner);
    if (first < 0) {
      this.mergeForm(slot, formId, count, formSeq);
      return;
    }
    this.mergeForm(slot, formId, count - others.total(owner), formSeq);
    for (let e = first; e >= 0; e = others.next(e))
      this.mergeForm(slot, others.formId(e), others.count(e), others.seq(e));
  }

  /** Adds `count` sightings of the form `formId` (the forms' total is implied: count − error). */
  private mergeForm(slot: number, formId: number, count: number, seq: number): void {
    if (formId === this.formIds[slot]) {
      if (seq < this.formSeqs.get(slot)) this.formSeqs.set(slot, seq);
      return;
    }
    const others = this.others;
    const e = others.find(slot, formId);
    if (e < 0) {
      this.strings.retain(formId);
      others.append(slot, formId, count, seq);
    } else {
      others.addCount(e, count);
      others.lowerSeq(e, seq);
    }
  }

  /** Grows the slot columns (doubling, never past the key cap) to hold `n` slots. */
  private ensureCapacity(n: number): void {
    if (n <= this.keyIds.length) return;
    const cap = Math.min(Math.max(n, this.keyIds.length * 2, 1024), Math.max(n, this.maxKeys));
    this.keyIds = grow(this.keyIds, new Int32Array(cap));
    this.counts.resize(cap);
    this.errors.resize(cap);
    this.formIds = grow(this.formIds, new Int32Array(cap));
    this.formSeqs.resize(cap);
    this.others.reserveSlots(cap);
    this.heap.reserve(cap);
    const marks = new Uint8Array((cap + 7) >> 3);
    marks.set(this.marks);
    this.marks = marks;
  }
}

/** Heap nodes sifted per new key while the heap is built. */
const BUILD_STEP = 4;

function grow(from: Int32Array, into: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  into.set(from);
  return into;
}
