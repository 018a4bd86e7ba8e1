/**
 * The counter's string dictionary (batches, running totals and the table of surface forms) holds
 * exactly the strings something retained still uses: memory stays bounded however many distinct
 * tags pass through.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import type { CounterCheckpoint, KeyTallyJson } from './checkpoint.ts';
import { tweet } from './testing/reference-model.ts';
import { toCheckpoint } from './counter-checkpoint.ts';
import { WindowedCounter } from './windowed-counter.ts';

const B = 1_000;

/** Distinct strings (keys and every surface form) of the batches and of the totals, and `also`. */
function stringsInUse(cp: CounterCheckpoint, also: string[] = []): Set<string> {
  const used = new Set<string>(also);
  const tally = ([key, , form, , ...others]: KeyTallyJson): void => {
    used.add(key).add(form);
    for (const [other] of others) used.add(other);
  };
  for (const b of cp.batches) b.keys.forEach(tally);
  for (const [, , , forms] of cp.totals.entries) tally(forms);
  return used;
}

const dictionarySize = (c: WindowedCounter): number =>
  (c as unknown as { strings: { size: number } }).strings.size;

describe('WindowedCounter string dictionary', () => {
  it('releases the strings of forgotten batches and evicted totals', () => {
    const c = new WindowedCounter({
      counting: {
        batchMs: B,
        windowMs: 2 * B,
        slideMs: B,
        latenessMs: 0,
        retentionMs: 5 * B,
        maxTotalKeys: 20,
        // The table of surface forms forgets all it knows before each tweet once it knows one:
        // then it holds the last tweet's strings only.
        maxTagForms: 1,
      },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    let id = 0;
    const sizes: number[] = [];
    for (let s = 0; s < 300; s++) {
      // Each second: a recurring tag in two spellings and ten tags never seen again.
      c.add(tweet(String(++id), s * B, ['Common', 'common']));
      c.add(tweet(String(++id), s * B + 1, ['COMMON']));
      for (let u = 0; u < 10; u++) c.add(tweet(String(++id), s * B + 2 + u, [`Once${s}_${u}`]));
      expect(dictionarySize(c)).toBe(stringsInUse(toCheckpoint(c), [`Once${s}_9`, `once${s}_9`]).size);
      sizes.push(dictionarySize(c));
    }
    // 3,000 one-off tags went through; the dictionary holds about 5 batches' and 20 totals' worth.
    expect(Math.max(...sizes.slice(50))).toBeLessThan(5 * 22 + 2 * 20 + 3);
    c.end();
    expect(dictionarySize(c)).toBe(stringsInUse(toCheckpoint(c), ['Once299_9', 'once299_9']).size);
  });

  it('holds one copy of a string used by many batches and the totals', () => {
    const c = new WindowedCounter({
      counting: { batchMs: B, windowMs: B, slideMs: B, latenessMs: 0, retentionMs: 3_600_000 },
      clock: new ManualClock(0),
      sink: () => undefined,
    });
    for (let s = 0; s < 100; s++) c.add(tweet(String(s + 1), s * B, ['Ether']));
    c.end();
    // "ether" and "Ether", for 100 batches and one total.
    expect(dictionarySize(c)).toBe(2);
    expect(c.keyCount('ether', 0, 100)).toBe(100);
  });
});
