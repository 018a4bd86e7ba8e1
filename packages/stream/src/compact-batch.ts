import type { BatchCounts, BatchStats, FormTally, KeyTally } from './batch-counts.ts';
import type { StringDictionary } from './string-dictionary.ts';

/** Unsigned integers in the narrowest array that holds them all exactly. */
type PackedInts = Uint16Array | Uint32Array | Float64Array;

/**
 * A closed batch's per-key counts in columns (DESIGN.md §10, memory): what a `BatchCounts`
 * becomes once it is closed, as it is folded into the running totals, when nothing will be
 * added to it again but windows, display forms and the per-batch accessors still read it. A
 * `Map<string, KeyTally>` costs about 160 bytes a key (map entry, tally object, the key
 * string); here a key costs 12 to 24 bytes: its id and its first-seen form's id in a shared
 * `StringDictionary`, its count, and the first sighting's sequence number as an offset from
 * the batch's smallest. Entries are sorted by key id, so a lookup is a binary search.
 */
export class CompactBatch {
  readonly index: number;
  readonly stats: BatchStats;
  private readonly keyIds: Int32Array;
  private readonly formIds: Int32Array;
  private readonly counts: PackedInts;
  private readonly seqBase: number;
  private readonly seqs: PackedInts;
  /** Other surface forms (`KeyTally.others`) by entry position: rare, so kept aside as they were. */
  private readonly others: Map<number, Map<string, FormTally>> | null;

  /**
   * Interns `batch`'s strings in `dict` (`release()` gives them back). `visit` sees each entry
   * with its ids, in the map's order: the running totals fold the batch this way, without
   * looking its strings up a second time.
   */
  constructor(
    batch: BatchCounts,
    private readonly dict: StringDictionary,
    visit?: (keyId: number, formId: number, tally: KeyTally) => void,
  ) {
    this.index = batch.index;
    this.stats = batch.stats;
    const n = batch.keys.size;
    if (scratchIds.length < n) {
      scratchIds = new Int32Array(Math.max(n, scratchIds.length * 2));
      scratchFormIds = new Int32Array(scratchIds.length);
    }
    const ids = scratchIds;
    const forms = scratchFormIds;
    const tallies: KeyTally[] = new Array<KeyTally>(n);
    let i = 0;
    for (const [key, tally] of batch.keys) {
      const id = dict.acquire(key);
      ids[i] = id;
      // Most tags are written in one form, often the key itself: no second lookup for those.
      if (tally.form === key) {
        dict.retain(id);
        forms[i] = id;
      } else {
        forms[i] = dict.acquire(tally.form);
      }
      if (visit !== undefined) visit(id, forms[i]!, tally);
      tallies[i++] = tally;
    }
    const order = sortedByKeyId(ids, n);

    let seqBase = Infinity;
    let seqMax = -Infinity;
    let countMax = 0;
    let integral = true;
    for (const t of tallies) {
      if (t.formSeq < seqBase) seqBase = t.formSeq;
      if (t.formSeq > seqMax) seqMax = t.formSeq;
      if (t.count > countMax) countMax = t.count;
      integral &&= Number.isInteger(t.count) && t.count >= 0 && Number.isInteger(t.formSeq);
    }
    this.seqBase = n > 0 ? seqBase : 0;
    this.keyIds = new Int32Array(n);
    this.formIds = new Int32Array(n);
    // Sized in advance rather than narrowed after: no full-width temporaries to churn the allocator.
    this.counts = integral ? packedArray(countMax, n) : new Float64Array(n);
    this.seqs = integral ? packedArray(seqMax - this.seqBase, n) : new Float64Array(n);
    let others: Map<number, Map<string, FormTally>> | null = null;
    for (let j = 0; j < n; j++) {
      const from = order[j]!;
      const t = tallies[from]!;
      this.keyIds[j] = ids[from]!;
      this.formIds[j] = forms[from]!;
      this.counts[j] = t.count;
      this.seqs[j] = t.formSeq - this.seqBase;
      if (t.others !== undefined) (others ??= new Map()).set(j, t.others);
    }
    this.others = others;
  }

  /** Distinct keys. */
  get size(): number {
    return this.keyIds.length;
  }

  /** Position of `key`, or -1. */
  find(key: string): number {
    const id = this.dict.idOf(key);
    if (id < 0) return -1;
    const ids = this.keyIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < ids.length && ids[lo] === id ? lo : -1;
  }

  keyAt(i: number): string {
    return this.dict.stringOf(this.keyIds[i]!);
  }

  countAt(i: number): number {
    return this.counts[i]!;
  }

  /** The first surface form seen of the key at `i`. */
  formAt(i: number): string {
    return this.dict.stringOf(this.formIds[i]!);
  }

  /** The entry at `i` as the tally it was made from (a new object; its `others` map is shared: read only). */
  tallyAt(i: number): KeyTally {
    const t: KeyTally = {
      count: this.counts[i]!,
      form: this.formAt(i),
      formSeq: this.seqBase + this.seqs[i]!,
    };
    const others = this.others?.get(i);
    if (others !== undefined) t.others = others;
    return t;
  }

  /** Gives every string reference back to the dictionary; the batch is unusable afterwards. */
  release(): void {
    for (let i = 0; i < this.keyIds.length; i++) {
      this.dict.release(this.keyIds[i]!);
      this.dict.release(this.formIds[i]!);
    }
  }
}

/**
 * Working space for compaction, kept from batch to batch: allocating and freeing arrays of a
 * batch's size every batch interval only fragments the native heap.
 */
let scratchIds = new Int32Array(0);
let scratchFormIds = new Int32Array(0);
let scratchSort = new Float64Array(0);

/** 2^21: positions below it and ids (below 2^31) pack exactly into one double as id · 2^21 + position. */
const POSITIONS = 2_097_152;

/** Positions 0…n−1 ordered by `ids[position]`. */
function sortedByKeyId(ids: Int32Array, n: number): ArrayLike<number> {
  if (n >= POSITIONS) {
    const order = Uint32Array.from({ length: n }, (_, j) => j);
    return order.sort((a, b) => ids[a]! - ids[b]!);
  }
  // A numeric sort of packed (id, position) pairs: the engine's native sort, with no call back
  // into JavaScript per comparison, which took twice as long.
  if (scratchSort.length < n) scratchSort = new Float64Array(Math.max(n, scratchSort.length * 2));
  const packed = scratchSort.subarray(0, n);
  for (let j = 0; j < n; j++) packed[j] = ids[j]! * POSITIONS + j;
  packed.sort();
  for (let j = 0; j < n; j++) packed[j] = packed[j]! % POSITIONS;
  return packed;
}

/** The narrowest array for `n` integers from 0 to `max`: 2 or 4 bytes each when they fit, else doubles. */
function packedArray(max: number, n: number): PackedInts {
  if (max <= 0xffff) return new Uint16Array(n);
  if (max <= 0xffffffff) return new Uint32Array(n);
  return new Float64Array(n);
}
