/** Per-batch counting: one per distinct key per tweet, surface forms, the key cap. */
import { describe, expect, it } from 'vitest';
import { BatchCounts, primaryFormCount } from './batch-counts.ts';
import { displayForm } from './display-form.ts';

describe('BatchCounts', () => {
  it('counts each distinct key once per tweet and tallies its first surface form in the tweet', () => {
    const b = new BatchCounts(0, 100);
    expect(b.addTweet(['a', 'A', 'a'], 0)).toBe(1);
    expect(b.addTweet(['Cafe\u0301', 'caf\u00e9', 'X'], 1)).toBe(2);
    expect(b.addTweet([], 2)).toBe(0);
    expect(b.stats).toMatchObject({ tweets: 3, tweetsWithTags: 2, overflow: 0 });
    expect(b.keys.get('a')).toEqual({ count: 1, form: 'a', formSeq: 0, id: 0 });
    expect(b.keys.get('caf\u00e9')).toEqual({ count: 1, form: 'Cafe\u0301', formSeq: 1, id: 1 });
    expect(b.keys.get('x')!.count).toBe(1);
  });

  it('keeps other surface forms with their counts and first sighting', () => {
    const b = new BatchCounts(0, 100);
    b.addTweet(['ether'], 0);
    b.addTweet(['ETHER'], 1);
    b.addTweet(['ETHER'], 2);
    b.addTweet(['ether'], 3);
    b.addTweet(['Ether'], 4);
    const t = b.keys.get('ether')!;
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
    const b1 = new BatchCounts(0, 100);
    b1.addTweet(['Ether'], 5);
    const b2 = new BatchCounts(1, 100);
    b2.addTweet(['ETHER'], 1); // seen before "Ether" though in a later batch (sequence numbers order sightings)
    expect(displayForm([b1.keys.get('ether')!, b2.keys.get('ether')!])).toBe('#ETHER');
    b1.addTweet(['Ether'], 6);
    expect(displayForm([b1.keys.get('ether')!, b2.keys.get('ether')!])).toBe('#Ether');
  });

  it('drops new keys past the cap and counts each dropped sighting as overflow', () => {
    const b = new BatchCounts(0, 2);
    b.addTweet(['a', 'b', 'c'], 0);
    b.addTweet(['c', 'A'], 1);
    expect([...b.keys.keys()]).toEqual(['a', 'b']);
    expect(b.keys.get('a')!.count).toBe(2);
    expect(b.stats.overflow).toBe(2);
    expect(b.stats.tweetsWithTags).toBe(2);
  });
});
