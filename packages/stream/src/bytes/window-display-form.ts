import type { TagTable } from '@tagstream/tweets';
import type { KeyIdBatch } from './key-id-batch.ts';

/**
 * `displayForm` by ids: `#` + the surface form of `key` seen most often in `batches` (ties: the
 * one seen first), its counts and first sightings merged over the batches that hold the key.
 */
export function windowDisplayForm(tags: TagTable, key: number, batches: readonly KeyIdBatch[]): string {
  let best = -1;
  let bestCount = -1;
  let bestSeq = Infinity;
  for (let form = tags.firstFormOf(key); form >= 0; form = tags.nextFormOf(form)) {
    let count = 0;
    let seq = Infinity;
    for (const b of batches) {
      const slot = b.slotOf(key);
      if (slot < 0) continue;
      if (b.forms[slot] === form) {
        count += b.formCounts[slot]!;
        if (b.formSeqs[slot]! < seq) seq = b.formSeqs[slot]!;
      } else {
        const other = b.otherForm(form);
        if (other === undefined) continue;
        count += other.count;
        if (other.seq < seq) seq = other.seq;
      }
    }
    if (count > 0 && (count > bestCount || (count === bestCount && seq < bestSeq))) {
      best = form;
      bestCount = count;
      bestSeq = seq;
    }
  }
  return '#' + tags.formString(best);
}
