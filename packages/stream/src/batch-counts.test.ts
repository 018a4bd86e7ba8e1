/** Per-batch counting: one per distinct key per tweet, surface forms, the key cap. */
import { describe, expect, it } from 'vitest';
import { primaryFormCount } from './batch-counts.ts';
import { displayForm } from './display-form.ts';
import { tallyIn } from './retained-batch.ts';
import { BatchBuilder, keysOf } from './testing/batch-builder.ts';

describe('BatchCounts', () => {
  it('counts each distinct key once per tweet and tallies its first surface form in the tweet', () => {
    const at = new BatchBuilder();
    const b = at.batch(0, 100);
    expect(at.tweet(b, ['a', 'A', 'a'], 0)).toBe(1);
    expect(at.tweet(b, ['Cafe\u0301', 'caf\u00e9', 'X'], 1)).toBe(2);
    expect(at.tweet(b, [], 2)).toBe(0);
    expect(b.stats).toMatchObject({ tweets: 3, tweetsWithTags: 2, overflow: 0 });
    expect(tallyIn(b, 'a')).toEqual({ count: 1, form: 'a', formSeq: 0 });
    expect(tallyIn(b, 'caf\u00e9')).toEqual({ count: 1, form: 'Cafe\u0301', formSeq: 1 });
    expect(tallyIn(b, 'x')!.count).toBe(1);
  });

  it('keeps other surface forms with their counts and first sighting', () => {
    const at = new BatchBuilder();
    const b = at.batch(0, 100);
    at.tweet(b, ['ether'], 0);
    at.tweet(b, ['ETHER'], 1);
    at.tweet(b, ['ETHER'], 2);
    at.tweet(b, ['ether'], 3);
    at.tweet(b, ['Ether'], 4);
    const t = tallyIn(b, 'ether')!;
    expect(t.count).toBe(5);
    expect(primaryFormCount(t)).toBe(2);
    expect(t.others).toEqual(
      new Map([
        ['ETHER', { count: 2, seq: 1 }],
        ['Ether', { count: 1, seq: 4 }],
      ]),
    );
    // ether 2 (first at 0) and ETHER 2 (first at 1): the first seen wins.
    expect(displayForm([t])).toBe('#ether');
  });

  it('merges display forms over batches: most frequent, ties to the first seen', () => {
    const at = new BatchBuilder();
    const b1 = at.batch(0, 100);
    at.tweet(b1, ['Ether'], 5);
    const b2 = at.batch(1, 100);
    at.tweet(b2, ['ETHER'], 1); // seen before "Ether" though in a later batch (sequence numbers order sightings)
    expect(displayForm([tallyIn(b1, 'ether')!, tallyIn(b2, 'ether')!])).toBe('#ETHER');
    at.tweet(b1, ['Ether'], 6);
    expect(displayForm([tallyIn(b1, 'ether')!, tallyIn(b2, 'ether')!])).toBe('#Ether');
  });

  it('drops new keys past the cap and counts each dropped sighting as overflow', () => {
    const at = new BatchBuilder();
    const b = at.batch(0, 2);
    at.tweet(b, ['a', 'b', 'c'], 0);
    at.tweet(b, ['c', 'A'], 1);
    expect(keysOf(b)).toEqual(['a', 'b']);
    expect(tallyIn(b, 'a')!.count).toBe(2);
    expect(b.stats.overflow).toBe(2);
    expect(b.stats.tweetsWithTags).toBe(2);
  });

  it('holds its strings in the dictionary until released, and a saved tally comes back whole', () => {
    const at = new BatchBuilder();
    const b = at.batch(0, 100);
    at.tweet(b, ['Ether', 'btc'], 0);
    at.tweet(b, ['ETHER'], 1);
    // ether, Ether, ETHER, btc.
    expect(at.dict.size).toBe(4);
    const restored = at.batch(0, 100);
    for (let i = 0; i < b.size; i++) restored.restore(b.keyIdAt(i), b.tallyAt(i));
    expect(keysOf(restored).map((k) => tallyIn(restored, k))).toEqual(keysOf(b).map((k) => tallyIn(b, k)));
    b.release();
    expect(at.dict.size).toBe(4);
    restored.release();
    expect(at.dict.size).toBe(0);
  });
});
