import { emptyStats, type BatchStats, type FormTally } from '../batch-counts.ts';

/**
 * Per-key counts of one micro-batch by key id (`TagTable`'s ids): `BatchCounts` without strings.
 * Keys live in slots (columns: key id, count, first-seen form, how often that form was seen and
 * when first), found through an open-addressing table keyed by key id; the rare other surface
 * forms of a key are kept aside by form id (a form id belongs to one key only).
 */
export class KeyIdBatch {
  readonly stats: BatchStats = emptyStats();
  /** Slots in use, in the order their keys were first counted. */
  size = 0;
  keys = new Int32Array(64);
  counts = new Int32Array(64);
  /** The key's first-seen form in this batch, how many tweets gave it that form, and the first one's number. */
  forms = new Int32Array(64);
  formCounts = new Int32Array(64);
  formSeqs = new Float64Array(64);
  /** Forms other than a key's first-seen one: form id → tally. */
  readonly others = new Map<number, FormTally>();
  private cells = new Int32Array(128);
  private mask = 127;

  constructor(
    readonly index: number,
    private readonly maxKeys: number,
  ) {}

  /** The slot of key id `key`, or -1. */
  slotOf(key: number): number {
    for (let cell = spread(key) & this.mask; ; cell = (cell + 1) & this.mask) {
      const entry = this.cells[cell]!;
      if (entry === 0) return -1;
      if (this.keys[entry - 1] === key) return entry - 1;
    }
  }

  /** One sighting of `key` in the form `form` by tweet number `seq`; a new key past the cap is overflow. */
  addKey(key: number, form: number, seq: number): void {
    let cell = spread(key) & this.mask;
    for (;;) {
      const entry = this.cells[cell]!;
      if (entry === 0) break;
      const slot = entry - 1;
      if (this.keys[slot] === key) {
        this.counts[slot]!++;
        if (this.forms[slot] === form) this.formCounts[slot]!++;
        else this.addOther(form, seq);
        return;
      }
      cell = (cell + 1) & this.mask;
    }
    if (this.size >= this.maxKeys) {
      this.stats.overflow++;
      return;
    }
    const slot = this.size++;
    if (slot === this.keys.length) this.growSlots();
    this.keys[slot] = key;
    this.counts[slot] = 1;
    this.forms[slot] = form;
    this.formCounts[slot] = 1;
    this.formSeqs[slot] = seq;
    this.cells[cell] = slot + 1;
    if (this.size * 2 > this.cells.length) this.growCells();
  }

  /** The tally of a form other than its key's first-seen one (undefined if not seen in this batch). */
  otherForm(form: number): FormTally | undefined {
    return this.others.get(form);
  }

  private addOther(form: number, seq: number): void {
    const other = this.others.get(form);
    if (other === undefined) this.others.set(form, { count: 1, seq });
    else other.count++;
  }

  private growSlots(): void {
    const size = this.keys.length * 2;
    this.keys = widen(this.keys, new Int32Array(size));
    this.counts = widen(this.counts, new Int32Array(size));
    this.forms = widen(this.forms, new Int32Array(size));
    this.formCounts = widen(this.formCounts, new Int32Array(size));
    const seqs = new Float64Array(size);
    seqs.set(this.formSeqs);
    this.formSeqs = seqs;
  }

  private growCells(): void {
    this.cells = new Int32Array(this.cells.length * 2);
    this.mask = this.cells.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let cell = spread(this.keys[slot]!) & this.mask;
      while (this.cells[cell] !== 0) cell = (cell + 1) & this.mask;
      this.cells[cell] = slot + 1;
    }
  }
}

/** Key ids are dense (0, 1, 2, …): a multiplicative hash spreads neighbours over the table. */
function spread(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function widen(from: Int32Array, to: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  to.set(from);
  return to;
}
