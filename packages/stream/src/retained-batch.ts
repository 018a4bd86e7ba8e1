import type { BatchCounts, KeyTally } from './batch-counts.ts';
import { CompactBatch } from './compact-batch.ts';

/** A batch the counter holds: still a map while it can change, columns once closed and folded (CompactBatch). */
export type RetainedBatch = BatchCounts | CompactBatch;

/** `key`'s tally in `b`, or undefined (a copy for a compact batch: read it, do not keep changing it). */
export function tallyIn(b: RetainedBatch, key: string): KeyTally | undefined {
  if (!(b instanceof CompactBatch)) return b.keys.get(key);
  const i = b.find(key);
  return i < 0 ? undefined : b.tallyAt(i);
}

/** `key`'s count in `b` (0 when absent). */
export function countIn(b: RetainedBatch, key: string): number {
  if (!(b instanceof CompactBatch)) return b.keys.get(key)?.count ?? 0;
  const i = b.find(key);
  return i < 0 ? 0 : b.countAt(i);
}

/** `key`'s first-seen surface form in `b`, or undefined. */
export function primaryFormIn(b: RetainedBatch, key: string): string | undefined {
  if (!(b instanceof CompactBatch)) return b.keys.get(key)?.form;
  const i = b.find(key);
  return i < 0 ? undefined : b.formAt(i);
}

/** Every key of `b` with its count and first-seen form, in no particular order. */
export function forEachKeyIn(b: RetainedBatch, fn: (key: string, count: number, form: string) => void): void {
  if (b instanceof CompactBatch) {
    for (let i = 0; i < b.size; i++) fn(b.keyAt(i), b.countAt(i), b.formAt(i));
  } else {
    for (const [key, t] of b.keys) fn(key, t.count, t.form);
  }
}

/** Every key of `b` with its whole tally (copies for a compact batch), for checkpoints. */
export function* talliesOf(b: RetainedBatch): Iterable<[string, KeyTally]> {
  if (b instanceof CompactBatch) {
    for (let i = 0; i < b.size; i++) yield [b.keyAt(i), b.tallyAt(i)];
  } else {
    yield* b.keys;
  }
}
