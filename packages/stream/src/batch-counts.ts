import type { BatchPairs } from './batch-pairs.ts';
import type { BatchProfiles, TweetOrigin } from './batch-profiles.ts';
import { spreadId } from './id-spread.ts';
import { OtherForms } from './other-forms.ts';
import type { StringDictionary } from './string-dictionary.ts';

/** How often one surface form (`Ether` vs `ETHER`) of a key was seen, and when first. */
export interface FormTally {
  count: number;
  /** Global order of first sighting: the tie-break for the display form. */
  seq: number;
}

/** One key's count in one batch, with its surface forms. */
export interface KeyTally {
  count: number;
  /** The first surface form seen; most keys only ever have this one. */
  form: string;
  formSeq: number;
  /** Other surface forms, created only when a second form appears (keeps the common case allocation-free). */
  others?: Map<string, FormTally>;
}

/** Counts for the window statistics of DESIGN.md §5. */
export interface BatchStats {
  tweets: number;
  tweetsWithTags: number;
  late: number;
  duplicates: number;
  malformed: number;
  overflow: number;
  /** Input lines the source no longer had when we asked for them (DESIGN.md §8): a gap, counted. */
  lost: number;
}

export function emptyStats(): BatchStats {
  return { tweets: 0, tweetsWithTags: 0, late: 0, duplicates: 0, malformed: 0, overflow: 0, lost: 0 };
}

/**
 * What a batch keeps besides its counts while a window may still read it: the key pairs of its
 * tweets (related tags) and who wrote them in which languages (the drill-down). Null when not kept
 * (turned off, or let go once no window can need them).
 */
export interface BatchDetail {
  pairs: { readonly overflow: number } | null;
  profiles: object | null;
}

/**
 * Per-key counts of one open micro-batch `[index·B, (index+1)·B)`, by the ids keys and surface
 * forms have in the counter's `StringDictionary` (`TagForms` gives them): no string per tweet.
 * Entries are slots in columns (key id, count, first-seen form id and its sequence number),
 * in the order their keys were first counted, found through an open-addressing table by key
 * id; a key's other surface forms are chained aside (`OtherForms`, by slot). Each entry holds a
 * reference to its key's and its forms' strings until `release()`: the strings stay while the
 * batch needs them, whatever the table of surfaces forgets meanwhile. A key's id in the batch (what its pairs and
 * profiles name it by) is its slot.
 */
export class BatchCounts implements BatchDetail {
  readonly stats: BatchStats = emptyStats();
  /** Set by the counter when the batch keeps its key pairs and profiles (`WindowDetail.forNewBatch`). */
  pairs: BatchPairs | null = null;
  profiles: BatchProfiles | null = null;
  /** Distinct keys. */
  size = 0;
  private keyIds = new Int32Array(16);
  /** Counts and sequence numbers as doubles: a checkpoint may hold any number. */
  private counts = new Float64Array(16);
  private formIds = new Int32Array(16);
  private formSeqs = new Float64Array(16);
  /** Other surface forms by slot (read them only: the batch owns them). */
  otherForms = new OtherForms();
  private cells = new Int32Array(32);

  constructor(
    readonly index: number,
    private readonly maxKeys: number,
    private readonly dict: StringDictionary,
  ) {}

  /**
   * Makes room for `keys` distinct keys and `otherForms` second spellings at once (an estimate:
   * the previous batch's), instead of growing the columns and the table by doubling as keys
   * come, a dozen copies per batch.
   */
  reserve(keys: number, otherForms = 0): void {
    const n = Math.min(keys, this.maxKeys);
    if (this.size === 0 && otherForms > 0) this.otherForms = new OtherForms(n, otherForms);
    if (this.size > 0 || n <= this.keyIds.length) return;
    let slots = this.keyIds.length;
    while (slots < n) slots *= 2;
    this.keyIds = new Int32Array(slots);
    this.counts = new Float64Array(slots);
    this.formIds = new Int32Array(slots);
    this.formSeqs = new Float64Array(slots);
    this.cells = new Int32Array(2 * slots);
  }

  /**
   * Counts one tweet's hashtags, given as key and form ids `keys[0…n)`, `forms[0…n)` in text
   * order: each distinct key at most once per tweet (DESIGN.md §4), tallied under the first
   * form the tweet gives it. The keys counted (a new key past the cap is not) also go to the
   * batch's pairs and profiles when it keeps them, with the tweet's `origin`. Returns how many
   * distinct keys the tweet contributed.
   */
  addTweet(keys: Int32Array, forms: Int32Array, n: number, seq: number, origin?: TweetOrigin): number {
    this.stats.tweets++;
    if (n === 0) return 0;
    let distinct = 0;
    let counted = 0;
    if (tweetCounted.length < n) tweetCounted = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      let seen = false;
      // Tweets hold few tags: a scan beats a set.
      for (let j = 0; j < i; j++) if (keys[j] === key) seen = true;
      if (seen) continue;
      distinct++;
      const slot = this.addKey(key, forms[i]!, 1, seq);
      if (slot >= 0) tweetCounted[counted++] = slot;
    }
    this.stats.tweetsWithTags++;
    if (this.pairs !== null && counted > 1) this.pairs.addTweet(tweetCounted, counted);
    if (this.profiles !== null && origin !== undefined) this.profiles.addTweet(tweetCounted, counted, origin);
    return distinct;
  }

  /**
   * Adds `count` sightings of the form `formId` under the key `keyId` (first seen as number
   * `seq`); a new key past the cap is dropped and counted as overflow. Returns the key's slot
   * (its id in the batch), or -1 when dropped.
   */
  addKey(keyId: number, formId: number, count: number, seq: number): number {
    const cells = this.cells;
    const mask = cells.length - 1;
    let cell = spreadId(keyId) & mask;
    for (let entry = cells[cell]!; entry !== 0; entry = cells[cell]!) {
      const slot = entry - 1;
      if (this.keyIds[slot] === keyId) {
        this.counts[slot]! += count;
        if (this.formIds[slot] !== formId) this.addOther(slot, formId, count, seq);
        return slot;
      }
      cell = (cell + 1) & mask;
    }
    if (this.size >= this.maxKeys) {
      this.stats.overflow += count;
      return -1;
    }
    const slot = this.size++;
    if (slot === this.keyIds.length) this.growSlots();
    this.dict.retain(keyId);
    this.dict.retain(formId);
    this.keyIds[slot] = keyId;
    this.counts[slot] = count;
    this.formIds[slot] = formId;
    this.formSeqs[slot] = seq;
    cells[cell] = slot + 1;
    if (this.size * 2 > cells.length) this.growCells();
    return slot;
  }

  /** Takes over a saved tally (a checkpoint's) for a key not held yet; false past the cap. */
  restore(keyId: number, tally: KeyTally): boolean {
    const formId = this.dict.acquire(tally.form);
    const others = tally.others;
    let rest = 0;
    if (others !== undefined) for (const o of others.values()) rest += o.count;
    const slot = this.addKey(keyId, formId, tally.count - rest, tally.formSeq);
    this.dict.release(formId);
    if (slot < 0 || others === undefined) return slot >= 0;
    for (const [form, o] of others) {
      const id = this.dict.acquire(form);
      this.counts[slot]! += o.count;
      this.addOther(slot, id, o.count, o.seq);
      this.dict.release(id);
    }
    return true;
  }

  /** The slot of `keyId`, or -1. */
  slotOfId(keyId: number): number {
    const cells = this.cells;
    const mask = cells.length - 1;
    for (let cell = spreadId(keyId) & mask; ; cell = (cell + 1) & mask) {
      const entry = cells[cell]!;
      if (entry === 0) return -1;
      if (this.keyIds[entry - 1] === keyId) return entry - 1;
    }
  }

  /** The slot of `key`, or -1. */
  find(key: string): number {
    const id = this.dict.idOf(key);
    return id < 0 ? -1 : this.slotOfId(id);
  }

  keyIdAt(i: number): number {
    return this.keyIds[i]!;
  }

  keyAt(i: number): string {
    return this.dict.stringOf(this.keyIds[i]!);
  }

  countAt(i: number): number {
    return this.counts[i]!;
  }

  /** The id of the first surface form seen of the key at `i`. */
  formIdAt(i: number): number {
    return this.formIds[i]!;
  }

  formAt(i: number): string {
    return this.dict.stringOf(this.formIds[i]!);
  }

  formSeqAt(i: number): number {
    return this.formSeqs[i]!;
  }

  /** The other surface forms of the key at `i`, by their strings (a new map), or undefined. */
  othersAt(i: number): Map<string, FormTally> | undefined {
    const others = this.otherForms;
    let e = others.first(i);
    if (e < 0) return undefined;
    const out = new Map<string, FormTally>();
    for (; e >= 0; e = others.next(e))
      out.set(this.dict.stringOf(others.formId(e)), { count: others.count(e), seq: others.seq(e) });
    return out;
  }

  /** The entry at `i` as a tally (a new object). */
  tallyAt(i: number): KeyTally {
    const t: KeyTally = { count: this.counts[i]!, form: this.formAt(i), formSeq: this.formSeqs[i]! };
    const others = this.othersAt(i);
    if (others !== undefined) t.others = others;
    return t;
  }

  /** Gives every string reference back; the batch is unusable afterwards. */
  release(): void {
    for (let i = 0; i < this.size; i++) {
      this.dict.release(this.keyIds[i]!);
      this.dict.release(this.formIds[i]!);
    }
    const others = this.otherForms;
    if (others.size > 0)
      for (let i = 0; i < this.size; i++)
        for (let e = others.first(i); e >= 0; e = others.next(e)) this.dict.release(others.formId(e));
    this.size = 0;
  }

  private addOther(slot: number, formId: number, count: number, seq: number): void {
    const others = this.otherForms;
    const e = others.find(slot, formId);
    if (e >= 0) {
      others.addCount(e, count);
      return;
    }
    this.dict.retain(formId);
    others.append(slot, formId, count, seq);
  }

  private growSlots(): void {
    const size = this.keyIds.length * 2;
    this.keyIds = widened(this.keyIds, new Int32Array(size));
    this.formIds = widened(this.formIds, new Int32Array(size));
    this.counts = widened(this.counts, new Float64Array(size));
    this.formSeqs = widened(this.formSeqs, new Float64Array(size));
  }

  private growCells(): void {
    const cells = new Int32Array(this.cells.length * 2);
    const mask = cells.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let cell = spreadId(this.keyIds[slot]!) & mask;
      while (cells[cell] !== 0) cell = (cell + 1) & mask;
      cells[cell] = slot + 1;
    }
    this.cells = cells;
  }
}

/** The ids of the keys the tweet being counted added to its batch, reused from tweet to tweet. */
let tweetCounted = new Int32Array(64);

/** Count of the primary form: the key's count minus the other forms' counts. */
export function primaryFormCount(tally: KeyTally): number {
  if (tally.others === undefined) return tally.count;
  let rest = 0;
  for (const o of tally.others.values()) rest += o.count;
  return tally.count - rest;
}

function widened<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(from: T, to: T): T {
  to.set(from);
  return to;
}
