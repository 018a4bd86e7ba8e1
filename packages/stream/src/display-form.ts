import { primaryFormCount, type FormTally, type KeyTally } from './batch-counts.ts';

/**
 * Picks the display form of a key over several batches: the surface form seen
 * most often, ties to the one seen first (DESIGN.md §4). Returns it with `#`.
 */
export function displayForm(tallies: Iterable<KeyTally>): string {
  const forms = new Map<string, FormTally>();
  for (const t of tallies) {
    merge(forms, t.form, primaryFormCount(t), t.formSeq);
    if (t.others) for (const [form, o] of t.others) merge(forms, form, o.count, o.seq);
  }
  let best = '';
  let bestCount = -1;
  let bestSeq = Infinity;
  for (const [form, f] of forms) {
    if (f.count > bestCount || (f.count === bestCount && f.seq < bestSeq)) {
      best = form;
      bestCount = f.count;
      bestSeq = f.seq;
    }
  }
  return '#' + best;
}

function merge(forms: Map<string, FormTally>, form: string, count: number, seq: number): void {
  const f = forms.get(form);
  if (f === undefined) forms.set(form, { count, seq });
  else {
    f.count += count;
    if (seq < f.seq) f.seq = seq;
  }
}
