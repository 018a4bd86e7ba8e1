/** The incrementally kept top list of the running totals against a full scan, with and without Space-Saving. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from './testing/batch-builder.ts';
import { displayForm } from './display-form.ts';
import { RunningTotals } from './running-totals.ts';
import { topK } from './top-k.ts';

function fullScan(totals: RunningTotals, k: number): { key: string; count: number; display: string }[] {
  const counts = new Map<string, number>();
  const forms = new Map<string, Parameters<typeof displayForm>[0]>();
  for (const e of totals.dump()) {
    counts.set(e.key, e.count);
    forms.set(e.key, [e.forms]);
  }
  return topK(counts, k).map((r) => ({ ...r, display: displayForm(forms.get(r.key)!) }));
}

const TAGS = ['a', 'A', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'Ä', 'ä', '😀', '\uff5a'];

describe('RunningTotals.top', () => {
  it('equals a full scan after any sequence of batches and top calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(
          fc.record({
            tweets: fc.array(fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }), { maxLength: 12 }),
            k: fc.oneof(fc.constant(10), fc.integer({ min: 0, max: 6 })),
          }),
          { maxLength: 30 },
        ),
        (maxKeys, steps) => {
          const at = new BatchBuilder();
          const totals = new RunningTotals(maxKeys, at.dict);
          let seq = 0;
          steps.forEach((step, index) => {
            const b = at.batch(index, 1_000);
            for (const tags of step.tweets) at.tweet(b, tags, seq++);
            totals.addBatch(b);
            expect(totals.top(step.k)).toEqual(fullScan(totals, step.k));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
