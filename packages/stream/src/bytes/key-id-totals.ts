import type { TagTable } from '@tagstream/tweets';
import { compareCodePoints } from '../tag-key.ts';
import type { KeyIdBatch } from './key-id-batch.ts';

/** A running-total entry as reported. */
export interface KeyIdTotal {
  key: number;
  count: number;
}

/**
 * Counts since start by key id, and by form id for the display forms: the prototype's running
 * totals, exact (the counter's `RunningTotals` turns to Space-Saving past a million keys; phase 2
 * folds key ids into it instead of this). `top` keeps `RunningTotals`' shortcut: counts only
 * grow, so the next top K is among the last one and the keys touched since.
 */
export class KeyIdTotals {
  tweets = 0;
  private counts = new Float64Array(1024);
  private formCounts = new Float64Array(1024);
  private formSeqs = new Float64Array(1024).fill(Infinity);
  private best: number[] = [];
  private bestK = -1;
  private touched: number[] = [];
  private marks = new Uint8Array(1024);

  constructor(private readonly tags: TagTable) {}

  /** Folds one closed batch in. */
  fold(batch: KeyIdBatch): void {
    this.ensure();
    this.tweets += batch.stats.tweets;
    for (let s = 0; s < batch.size; s++) {
      const key = batch.keys[s]!;
      this.counts[key]! += batch.counts[s]!;
      this.addForm(batch.forms[s]!, batch.formCounts[s]!, batch.formSeqs[s]!);
      if (this.marks[key] === 0) {
        this.marks[key] = 1;
        this.touched.push(key);
      }
    }
    for (const [form, tally] of batch.others) this.addForm(form, tally.count, tally.seq);
  }

  /** The K keys with the highest totals, best first (count descending, then key by code point). */
  top(k: number): KeyIdTotal[] {
    const best: number[] = [];
    if (k > 0) {
      if (k === this.bestK) {
        for (const key of this.best) if (this.marks[key] === 0) this.offer(best, key, k);
        for (const key of this.touched) this.offer(best, key, k);
      } else {
        for (let key = 0; key < this.tags.keyCount; key++) this.offer(best, key, k);
      }
    }
    for (const key of this.touched) this.marks[key] = 0;
    this.touched = [];
    this.best = best;
    this.bestK = k;
    return best.map((key) => ({ key, count: this.counts[key]! }));
  }

  /** `#` + the key's most often counted form (ties: the one counted first), over all folded batches. */
  display(key: number): string {
    let best = -1;
    for (let f = this.tags.firstFormOf(key); f >= 0; f = this.tags.nextFormOf(f)) {
      const count = this.formCounts[f]!;
      if (count === 0) continue;
      if (
        best < 0 ||
        count > this.formCounts[best]! ||
        (count === this.formCounts[best] && this.formSeqs[f]! < this.formSeqs[best]!)
      )
        best = f;
    }
    return '#' + this.tags.formString(best);
  }

  private addForm(form: number, count: number, seq: number): void {
    this.formCounts[form]! += count;
    if (seq < this.formSeqs[form]!) this.formSeqs[form] = seq;
  }

  private offer(best: number[], key: number, k: number): void {
    if (key >= this.counts.length || this.counts[key]! <= 0) return;
    if (best.length === k && !this.ranksAbove(key, best[k - 1]!)) return;
    let i = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(key);
    else best[i] = key;
    while (i > 0 && this.ranksAbove(key, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      best[i - 1] = key;
      i--;
    }
  }

  private ranksAbove(a: number, b: number): boolean {
    const x = this.counts[a]!;
    const y = this.counts[b]!;
    return x !== y ? x > y : compareCodePoints(this.tags.keyString(a), this.tags.keyString(b)) < 0;
  }

  private ensure(): void {
    const keys = this.tags.keyCount;
    const forms = this.tags.formCount;
    if (keys > this.counts.length) {
      this.counts = widen(this.counts, keys);
      const marks = new Uint8Array(this.counts.length);
      marks.set(this.marks);
      this.marks = marks;
    }
    if (forms > this.formCounts.length) {
      this.formCounts = widen(this.formCounts, forms);
      const seqs = widen(this.formSeqs, forms);
      seqs.fill(Infinity, this.formSeqs.length);
      this.formSeqs = seqs;
    }
  }
}

function widen(from: Float64Array, atLeast: number): Float64Array<ArrayBuffer> {
  let size = from.length;
  while (size < atLeast) size *= 2;
  const to = new Float64Array(size);
  to.set(from);
  return to;
}
