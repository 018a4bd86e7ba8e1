/** Space-Saving's result depends on the order keys arrive in: the counter folds each batch in first-seen order. */
import type { BatchResult } from '@tagstream/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import { tweet } from './testing/reference-model.ts';
import { WindowedCounter } from './windowed-counter.ts';

describe('running totals through the counter', () => {
  it('take in a batch’s new keys in the order they were first seen, whatever order they are stored in', () => {
    const results: BatchResult[] = [];
    const c = new WindowedCounter({
      counting: {
        batchMs: 1_000,
        windowMs: 1_000,
        slideMs: 1_000,
        latenessMs: 0,
        maxTotalKeys: 2,
        retentionMs: 60_000,
      },
      clock: new ManualClock(0),
      sink: (r) => results.push(r),
    });
    ['a', 'a', 'a', 'y'].forEach((tag, i) => c.add(tweet(String(i + 1), 0, [tag])));
    // Totals {a: 3, y: 1}. Then x before y, in a later batch (y is already known from the first):
    // x replaces y (x = 1 + 1, error 1), then y replaces x, now the smallest (y = 2 + 1, error 2).
    // The other order would end with x = 3 instead.
    c.add(tweet('5', 2_000, ['x']));
    c.add(tweet('6', 2_500, ['y']));
    c.end();
    const last = results.at(-1)!;
    expect(last.totals.top.map((e) => [e.tag, e.count])).toEqual([
      ['a', 3],
      ['y', 3],
    ]);
    expect(last.totals.maxError).toBe(2);
  });
});
