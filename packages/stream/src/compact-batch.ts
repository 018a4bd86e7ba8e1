import type { BatchCounts, BatchDetail, BatchStats, FormTally, KeyTally } from './batch-counts.ts';
import type { CompactPairs } from './batch-pairs.ts';
import type { CompactProfiles } from './batch-profiles.ts';
import type { StringDictionary } from './string-dictionary.ts';

/** Unsigned integers in the narrowest array that holds them all exactly. */
type PackedInts = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * A closed batch's per-key counts in columns (DESIGN.md §10, memory): what a `BatchCounts`
 * becomes once it is closed, as it is folded into the running totals, when nothing will be
 * added to it again but windows, display forms and the per-batch accessors still read it. An
 * open batch spends about 40 bytes a key on columns and its table; here a key costs 6 to 20
 * bytes: its id in the counter's `StringDictionary`, its count,
 * and the first sighting's sequence number as an offset from the batch's smallest. Its
 * first-seen form is the key's dictionary companion (the form the key's first batch saw),
 * except in the few entries listed aside; storing a form id per entry cost a third of an
 * hour's retention. Entries are sorted by key id, so a lookup is a binary search. Its pairs and
 * profiles (`BatchDetail`), if it kept them, are taken over with their keys under the
 * dictionary's ids, which windows share.
 */
export class CompactBatch implements BatchDetail {
  readonly index: number;
  readonly stats: BatchStats;
  pairs: CompactPairs | null;
  profiles: CompactProfiles | null;
  private readonly keyIds: Int32Array;
  /** Positions (ascending) whose form is not their key's companion, and those forms' ids (often empty). */
  private readonly formExceptionAt: Int32Array;
  private readonly formExceptionIds: Int32Array;
  private readonly counts: PackedInts;
  /**
   * When `counts` is a byte column: the positions (ascending) of counts over 254, which hold
   * BIG there, and those counts. Most keys of a batch are seen a few times; a byte a count
   * instead of two is 7 MiB of an hour's retention.
   */
  private readonly bigCountAt: Int32Array;
  private readonly bigCounts: Float64Array;
  private readonly seqBase: number;
  private readonly seqs: PackedInts;
  /**
   * Other surface forms: the positions (ascending, a position once per form) of entries that
   * have them, and each form's id (holding its string), count and first sighting (often empty).
   */
  private readonly otherAt: Int32Array;
  private readonly otherFormIds: Int32Array;
  private readonly otherCounts: Float64Array;
  private readonly otherSeqs: Float64Array;

  /**
   * Takes references to `batch`'s strings in `dict` (`release()` gives them back). `visit` sees
   * each entry's position in `batch`, in the order its keys were first counted: the running
   * totals fold the batch this way as it is compacted.
   */
  constructor(
    batch: BatchCounts,
    private readonly dict: StringDictionary,
    visit?: (batch: BatchCounts, i: number) => void,
  ) {
    this.index = batch.index;
    this.stats = batch.stats;
    const n = batch.size;
    if (scratchIds.length < n) {
      scratchIds = new Int32Array(Math.max(n, scratchIds.length * 2));
      scratchFormIds = new Int32Array(scratchIds.length);
    }
    const ids = scratchIds;
    const forms = scratchFormIds;
    for (let i = 0; i < n; i++) {
      const id = batch.keyIdAt(i);
      const form = batch.formIdAt(i);
      dict.retain(id);
      dict.retain(form);
      dict.pairWith(id, form);
      ids[i] = id;
      forms[i] = form;
      if (visit !== undefined) visit(batch, i);
    }
    // A key's id in the batch is its place in the map: ids[place] is its id in the dictionary.
    this.pairs = batch.pairs?.compact(ids) ?? null;
    this.profiles = batch.profiles?.compact(ids) ?? null;
    const order = sortedByKeyId(ids, n);

    let seqBase = Infinity;
    let seqMax = -Infinity;
    let countMax = 0;
    let integral = true;
    for (let i = 0; i < n; i++) {
      const count = batch.countAt(i);
      const seq = batch.formSeqAt(i);
      if (seq < seqBase) seqBase = seq;
      if (seq > seqMax) seqMax = seq;
      if (count > countMax) countMax = count;
      integral &&= Number.isInteger(count) && count >= 0 && Number.isInteger(seq);
    }
    this.seqBase = n > 0 ? seqBase : 0;
    let exceptions = 0;
    for (let j = 0; j < n; j++) if (forms[j] !== dict.companionOf(ids[j]!)) exceptions++;
    // Every column in one buffer, sized in advance: one block per batch for the native heap,
    // of much the same size from batch to batch, so that the block an expiring batch frees is
    // reused by the next one, instead of five blocks of five sizes fragmenting the heap.
    let bigs = 0;
    for (let i = 0; i < n; i++) if (batch.countAt(i) >= BIG) bigs++;
    const bytes = integral && bigs <= n >> 4;
    if (!bytes) bigs = 0;
    const countWidth = bytes ? 1 : integral ? widthFor(countMax) : 8;
    const seqWidth = integral ? widthFor(seqMax - this.seqBase) : 8;
    const batchOthers = batch.otherForms;
    const otherN = batchOthers.size;
    // Bytes per value and values of each column, in the order of `offsets` below.
    const widths = [4, countWidth, seqWidth, 4, 4, 4, 8, 4, 4, 8, 8];
    const lengths = [n, n, n, exceptions, exceptions, bigs, bigs, otherN, otherN, otherN, otherN];
    const { offsets, size } = layout(widths, lengths);
    const buffer = new ArrayBuffer(size);
    this.keyIds = new Int32Array(buffer, offsets[0], n);
    this.counts = packedView(buffer, offsets[1]!, countWidth, n);
    this.seqs = packedView(buffer, offsets[2]!, seqWidth, n);
    this.formExceptionAt = new Int32Array(buffer, offsets[3], exceptions);
    this.formExceptionIds = new Int32Array(buffer, offsets[4], exceptions);
    this.bigCountAt = new Int32Array(buffer, offsets[5], bigs);
    this.bigCounts = new Float64Array(buffer, offsets[6], bigs);
    const otherAt = new Int32Array(buffer, offsets[7], otherN);
    const otherFormIds = new Int32Array(buffer, offsets[8], otherN);
    const otherCounts = new Float64Array(buffer, offsets[9], otherN);
    const otherSeqs = new Float64Array(buffer, offsets[10], otherN);
    let e = 0;
    let b = 0;
    let o = 0;
    for (let j = 0; j < n; j++) {
      const from = order[j]! | 0; // a small integer, not the double the sort left: keeps the calls below on integers
      const count = batch.countAt(from);
      this.keyIds[j] = ids[from]!;
      if (forms[from] !== dict.companionOf(ids[from]!)) {
        this.formExceptionAt[e] = j;
        this.formExceptionIds[e++] = forms[from]!;
      }
      if (bigs > 0 && count >= BIG) {
        this.counts[j] = BIG;
        this.bigCountAt[b] = j;
        this.bigCounts[b++] = count;
      } else {
        this.counts[j] = count;
      }
      this.seqs[j] = batch.formSeqAt(from) - this.seqBase;
      if (otherN > 0)
        for (let f = batchOthers.first(from); f >= 0; f = batchOthers.next(f)) {
          const form = batchOthers.formId(f);
          dict.retain(form);
          otherAt[o] = j;
          otherFormIds[o] = form;
          otherCounts[o] = batchOthers.count(f);
          otherSeqs[o++] = batchOthers.seq(f);
        }
    }
    this.otherAt = otherAt;
    this.otherFormIds = otherFormIds;
    this.otherCounts = otherCounts;
    this.otherSeqs = otherSeqs;
  }

  /** Distinct keys. */
  get size(): number {
    return this.keyIds.length;
  }

  /** Position of `key`, or -1. */
  find(key: string): number {
    const id = this.dict.idOf(key);
    return id < 0 ? -1 : this.slotOfId(id);
  }

  /** Position of the key whose dictionary id is `id`, or -1. */
  slotOfId(id: number): number {
    const ids = this.keyIds;
    const lo = lowerBound(ids, id);
    return lo < ids.length && ids[lo] === id ? lo : -1;
  }

  /** The key with this dictionary id (one of this batch's, or of its pairs and profiles). */
  nameOf(keyId: number): string {
    return this.dict.stringOf(keyId);
  }

  keyAt(i: number): string {
    return this.dict.stringOf(this.keyIds[i]!);
  }

  keyIdAt(i: number): number {
    return this.keyIds[i]!;
  }

  countAt(i: number): number {
    const c = this.counts[i]!;
    const at = this.bigCountAt;
    if (c !== BIG || at.length === 0) return c;
    const lo = lowerBound(at, i);
    return this.bigCounts[lo]!;
  }

  /** The first surface form seen of the key at `i`. */
  formAt(i: number): string {
    return this.dict.stringOf(this.formIdAt(i));
  }

  /** The dictionary id of that form: the key's companion unless listed aside. */
  private formIdAt(i: number): number {
    const at = this.formExceptionAt;
    if (at.length > 0) {
      const lo = lowerBound(at, i);
      if (lo < at.length && at[lo] === i) return this.formExceptionIds[lo]!;
    }
    return this.dict.companionOf(this.keyIds[i]!);
  }

  /** The entry at `i` as the tally it was made from (a new object). */
  tallyAt(i: number): KeyTally {
    const t: KeyTally = {
      count: this.countAt(i),
      form: this.formAt(i),
      formSeq: this.seqBase + this.seqs[i]!,
    };
    const at = this.otherAt;
    if (at.length > 0) {
      const lo = lowerBound(at, i);
      if (lo < at.length && at[lo] === i) {
        const others = new Map<string, FormTally>();
        for (let o = lo; o < at.length && at[o] === i; o++)
          others.set(this.dict.stringOf(this.otherFormIds[o]!), {
            count: this.otherCounts[o]!,
            seq: this.otherSeqs[o]!,
          });
        t.others = others;
      }
    }
    return t;
  }

  /** Gives every string reference back to the dictionary; the batch is unusable afterwards. */
  release(): void {
    const otherFormIds = this.otherFormIds;
    if (otherFormIds.length > 0)
      for (let o = 0; o < otherFormIds.length; o++) this.dict.release(otherFormIds[o]!);
    const at = this.formExceptionAt;
    let e = 0;
    for (let i = 0; i < this.keyIds.length; i++) {
      const keyId = this.keyIds[i]!;
      // The form first: the key's companion is only fixed while the key is held.
      if (at.length > e && at[e] === i) this.dict.release(this.formExceptionIds[e++]!);
      else this.dict.release(this.dict.companionOf(keyId));
      this.dict.release(keyId);
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

/** The first position of the ascending `sorted` whose value is not below `value` (its length if none). */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a byte column of counts holds for a count listed aside (`bigCountAt`). */
const BIG = 0xff;

/** Bytes a column needs for integers from 0 to `max`: 2 or 4 when they fit, else 8 (doubles). */
function widthFor(max: number): 2 | 4 | 8 {
  if (max <= 0xffff) return 2;
  if (max <= 0xffffffff) return 4;
  return 8;
}

/**
 * Where columns of these bytes per value and lengths go in one buffer, and its size: widest
 * first, so that each starts at a multiple of its element size as a typed array view requires.
 * Plain loops over two arrays of small integers: the engine compiles them once (a sort with a
 * callback over pairs was deoptimized and compiled again at every batch shape it had not seen).
 */
function layout(widths: readonly number[], lengths: readonly number[]): { offsets: number[]; size: number } {
  const offsets = new Array<number>(widths.length).fill(0);
  let at = 0;
  for (let w = 8; w >= 1; w >>= 1)
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] !== w) continue;
      offsets[i] = at;
      at += w * lengths[i]!;
    }
  return { offsets, size: at };
}

function packedView(buffer: ArrayBuffer, offset: number, width: 1 | 2 | 4 | 8, n: number): PackedInts {
  if (width === 1) return new Uint8Array(buffer, offset, n);
  if (width === 2) return new Uint16Array(buffer, offset, n);
  if (width === 4) return new Uint32Array(buffer, offset, n);
  return new Float64Array(buffer, offset, n);
}
