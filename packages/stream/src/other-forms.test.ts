import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtherForms } from './other-forms.ts';

/** The slot's chain as [form, count, seq] rows, in chain order. */
function rows(forms: OtherForms, slot: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let e = forms.first(slot); e >= 0; e = forms.next(e))
    out.push([forms.formId(e), forms.count(e), forms.seq(e)]);
  return out;
}

describe('OtherForms', () => {
  it('keeps each slot’s forms in the order they came, with their counts and earliest sighting', () => {
    const forms = new OtherForms();
    forms.append(3, 10, 1, 5);
    forms.append(0, 11, 2, 6);
    forms.append(3, 12, 1, 7);
    const e = forms.find(3, 10);
    forms.addCount(e, 4);
    forms.lowerSeq(e, 9);
    forms.lowerSeq(forms.find(3, 12), 2);
    expect(rows(forms, 3)).toEqual([
      [10, 5, 5],
      [12, 1, 2],
    ]);
    expect(rows(forms, 0)).toEqual([[11, 2, 6]]);
    expect(rows(forms, 1)).toEqual([]);
    expect(rows(forms, 99)).toEqual([]);
    expect(forms.find(3, 11)).toBe(-1);
    expect(forms.total(3)).toBe(6);
    expect(forms.size).toBe(3);
  });

  it('behaves as a map of maps through any appends, additions and drops, reusing dropped entries', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        slot: fc.nat(20),
        form: fc.nat(6),
        count: fc.nat(9),
        seq: fc.nat(99),
      }),
      fc.record({ kind: fc.constant('drop' as const), slot: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const forms = new OtherForms();
        const model = new Map<number, Map<number, { count: number; seq: number }>>();
        let peak = 0;
        for (const o of ops) {
          if (o.kind === 'drop') {
            forms.drop(o.slot);
            model.delete(o.slot);
            continue;
          }
          let m = model.get(o.slot);
          if (m === undefined) model.set(o.slot, (m = new Map()));
          const f = m.get(o.form);
          const e = forms.find(o.slot, o.form);
          expect(e >= 0).toBe(f !== undefined);
          if (f === undefined) {
            m.set(o.form, { count: o.count, seq: o.seq });
            forms.append(o.slot, o.form, o.count, o.seq);
          } else {
            f.count += o.count;
            f.seq = Math.min(f.seq, o.seq);
            forms.addCount(e, o.count);
            forms.lowerSeq(e, o.seq);
          }
          peak = Math.max(peak, forms.size);
        }
        let size = 0;
        for (let slot = 0; slot <= 20; slot++) {
          const want = [...(model.get(slot) ?? [])].map(([form, f]) => [form, f.count, f.seq]);
          expect(rows(forms, slot)).toEqual(want);
          size += want.length;
        }
        expect(forms.size).toBe(size);
        // Dropped entries are reused: the columns never hold more than the most ever in use.
        expect(forms['used']).toBe(peak);
      }),
    );
  });
});
