/**
 * The second and later surface forms of many keys (`#Ether` beside `#ether`), for the slots of
 * one owner (an open batch, the running totals), in shared columns: per slot a chain of entries,
 * each a form's id, its count and its first sighting, in the order the forms came. A `Map` of
 * `Map`s with an object per form cost a fifth of `tagstream count`'s CPU when most keys have a
 * second spelling (docs/performance.md, issue 19 phase 3); here a form costs a few array reads.
 * A slot's chain is short (few keys have more than two spellings), so a form is found by walking
 * it. Entries a slot gives up (`drop`) are reused.
 */
export class OtherForms {
  /** Slot → its first entry + 1 (0: none). */
  private heads: Int32Array;
  private formIds: Int32Array;
  /** Counts and sequence numbers as doubles: a checkpoint may hold any number. */
  private counts: Float64Array;
  private seqs: Float64Array;
  /** Entry → the next entry of its slot (or of the free list) + 1 (0: the last). */
  private nexts: Int32Array;
  /** Entries ever used; those given up are chained from `free`. */
  private used = 0;
  private free = 0;
  /** Entries in use. */
  size = 0;

  constructor(slots = 0, entries = 4) {
    this.heads = new Int32Array(slots);
    const n = Math.max(entries, 4);
    this.formIds = new Int32Array(n);
    this.counts = new Float64Array(n);
    this.seqs = new Float64Array(n);
    this.nexts = new Int32Array(n);
  }

  /** The slot's first entry, or -1. */
  first(slot: number): number {
    return slot < this.heads.length ? this.heads[slot]! - 1 : -1;
  }

  /** The entry after `entry` in its slot's chain, or -1. */
  next(entry: number): number {
    return this.nexts[entry]! - 1;
  }

  formId(entry: number): number {
    return this.formIds[entry]!;
  }

  count(entry: number): number {
    return this.counts[entry]!;
  }

  seq(entry: number): number {
    return this.seqs[entry]!;
  }

  /** The sum of the slot's forms' counts. */
  total(slot: number): number {
    let sum = 0;
    for (let e = this.first(slot); e >= 0; e = this.nexts[e]! - 1) sum += this.counts[e]!;
    return sum;
  }

  /** The slot's entry for `formId`, or -1. */
  find(slot: number, formId: number): number {
    for (let e = this.first(slot); e >= 0; e = this.nexts[e]! - 1) if (this.formIds[e] === formId) return e;
    return -1;
  }

  addCount(entry: number, count: number): void {
    this.counts[entry]! += count;
  }

  /** Keeps the earlier of the entry's first sighting and `seq`. */
  lowerSeq(entry: number, seq: number): void {
    if (seq < this.seqs[entry]!) this.seqs[entry] = seq;
  }

  /** Adds `formId` to the end of the slot's chain (the caller checked it is not there); returns its entry. */
  append(slot: number, formId: number, count: number, seq: number): number {
    let e: number;
    if (this.free !== 0) {
      e = this.free - 1;
      this.free = this.nexts[e]!;
    } else {
      if (this.used === this.formIds.length) this.growEntries();
      e = this.used++;
    }
    this.formIds[e] = formId;
    this.counts[e] = count;
    this.seqs[e] = seq;
    this.nexts[e] = 0;
    this.size++;
    if (slot >= this.heads.length) this.growHeads(slot + 1);
    let last = this.heads[slot]! - 1;
    if (last < 0) {
      this.heads[slot] = e + 1;
      return e;
    }
    for (let n = this.nexts[last]!; n !== 0; n = this.nexts[last]!) last = n - 1;
    this.nexts[last] = e + 1;
    return e;
  }

  /** Gives the slot's entries up (the caller released their strings first). */
  drop(slot: number): void {
    let e = this.first(slot);
    if (e < 0) return;
    this.heads[slot] = 0;
    while (e >= 0) {
      const next = this.nexts[e]! - 1;
      this.nexts[e] = this.free;
      this.free = e + 1;
      this.size--;
      e = next;
    }
  }

  /** Makes room for `slots` slots, as the owner's own columns grow. */
  reserveSlots(slots: number): void {
    if (slots > this.heads.length) this.growHeads(slots);
  }

  private growHeads(slots: number): void {
    const heads = new Int32Array(Math.max(slots, this.heads.length * 2, 16));
    heads.set(this.heads);
    this.heads = heads;
  }

  private growEntries(): void {
    const n = this.formIds.length * 2;
    const formIds = new Int32Array(n);
    const counts = new Float64Array(n);
    const seqs = new Float64Array(n);
    const nexts = new Int32Array(n);
    formIds.set(this.formIds);
    counts.set(this.counts);
    seqs.set(this.seqs);
    nexts.set(this.nexts);
    this.formIds = formIds;
    this.counts = counts;
    this.seqs = seqs;
    this.nexts = nexts;
  }
}
