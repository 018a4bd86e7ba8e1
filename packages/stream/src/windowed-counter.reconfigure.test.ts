import type { BatchResult } from '@tagstream/protocol';
import type { Tweet } from '@tagstream/tweets';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import { WindowedCounter } from './windowed-counter.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const tweet = (id: number, sec: number, ...tags: string[]): Tweet => ({
  id: String(id),
  time: T0 + sec * 1000,
  text: tags.map((t) => '#' + t).join(' '),
  retweet: false,
  author: null,
  lang: null,
  hashtags: tags,
});

function counter(): { c: WindowedCounter; out: BatchResult[] } {
  const out: BatchResult[] = [];
  const c = new WindowedCounter({
    counting: { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, latenessMs: 0 },
    clock: new ManualClock(0),
    sink: (r) => out.push(r),
  });
  return { c, out };
}

describe('WindowedCounter.reconfigure', () => {
  it('applies a longer window from the retained batches at the next result', () => {
    const { c, out } = counter();
    c.add(tweet(1, 1, 'a'));
    c.add(tweet(2, 11, 'a'));
    c.add(tweet(3, 21, 'b'));
    c.watermarkAt(T0 + 30_000);
    expect(out.at(-1)!.top.map((t) => [t.tag, t.count])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    c.reconfigure({ windowMs: 40_000 });
    c.add(tweet(4, 31, 'b'));
    c.watermarkAt(T0 + 40_000);
    const r = out.at(-1)!;
    expect(r.window).toEqual({ start: '2026-11-22T10:00:00.000Z', end: '2026-11-22T10:00:40.000Z' });
    expect(r.top.map((t) => [t.tag, t.count])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('moves emissions onto the new slide grid and changes top K', () => {
    const { c, out } = counter();
    // Watermark lines hold time back, so every tweet is in before any batch closes.
    c.watermarkAt(T0);
    for (let i = 0; i < 5; i++) c.add(tweet(i, i * 10 + 1, 't' + i, 'common'));
    c.watermarkAt(T0 + 10_000);
    c.reconfigure({ slideMs: 20_000, topK: 1 });
    c.watermarkAt(T0 + 60_000);
    const ends = out.map((r) => r.window.end.slice(11, 19));
    expect(ends).toEqual(['10:00:10', '10:00:20', '10:00:40', '10:01:00']);
    expect(out.at(-1)!.top).toHaveLength(1);
    expect(out.at(-1)!.top[0]!.tag).toBe('common');
  });

  it('stops counting retweets from now on when asked', () => {
    const { c, out } = counter();
    c.add({ ...tweet(1, 1, 'a'), retweet: true });
    c.reconfigure({ retweets: false });
    c.add({ ...tweet(2, 2, 'a'), retweet: true });
    c.end();
    expect(out[0]!.top).toEqual([{ tag: 'a', display: '#a', count: 1, rank: 1, prevRank: null }]);
  });

  it('refuses a window that is not a multiple of the batch interval', () => {
    const { c } = counter();
    expect(() => c.reconfigure({ windowMs: 15_000 })).toThrow(/multiple of the batch interval/);
  });
});
