import type { BatchCounts, KeyTally } from './batch-counts.ts';
import type { CompactBatch } from './compact-batch.ts';

/**
 * A batch the counter holds: open while it can change (`BatchCounts`), columns once closed and
 * folded (`CompactBatch`). Both read alike: entries by position, keys by string or dictionary id.
 */
export type RetainedBatch = BatchCounts | CompactBatch;

/** `key`'s tally in `b`, or undefined (a copy: read it, do not keep changing it). */
export function tallyIn(b: RetainedBatch, key: string): KeyTally | undefined {
  const i = b.find(key);
  return i < 0 ? undefined : b.tallyAt(i);
}

/** `key`'s count in `b` (0 when absent). */
export function countIn(b: RetainedBatch, key: string): number {
  const i = b.find(key);
  return i < 0 ? 0 : b.countAt(i);
}

/** `key`'s first-seen surface form in `b`, or undefined. */
export function primaryFormIn(b: RetainedBatch, key: string): string | undefined {
  const i = b.find(key);
  return i < 0 ? undefined : b.formAt(i);
}

/** Every key of `b` with its count and first-seen form, in no particular order. */
export function forEachKeyIn(b: RetainedBatch, fn: (key: string, count: number, form: string) => void): void {
  for (let i = 0; i < b.size; i++) fn(b.keyAt(i), b.countAt(i), b.formAt(i));
}

/** Every key of `b` with its whole tally (copies), for checkpoints. */
export function* talliesOf(b: RetainedBatch): Iterable<[string, KeyTally]> {
  for (let i = 0; i < b.size; i++) yield [b.keyAt(i), b.tallyAt(i)];
}
