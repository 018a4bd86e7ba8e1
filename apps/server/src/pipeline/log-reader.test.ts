import { describe, expect, it } from 'vitest';
import { LogReader } from './log-reader.ts';

function reader(from: { log: string; next: number } | null = null) {
  const news: string[] = [];
  const r = new LogReader(
    {
      lost: (n, at) => news.push(`lost ${n} ${at.from}-${at.to}`),
      logChanged: (a, b) => news.push(`log ${a}→${b}`),
      plain: () => news.push('plain'),
      refused: (why) => news.push(`refused ${why}`),
    },
    from,
  );
  const feed = (lines: string[]) => lines.map((l) => r.line(l));
  return { r, news, feed };
}

describe('LogReader', () => {
  it('asks for the stream when it knows no position, then takes its position from the answer', () => {
    const { r, feed } = reader();
    expect(r.connected()).toEqual({ from: 'stream' });
    expect(feed(['{"offset":7,"log":"L"}', '{"offset":7}', 'a', 'b'])).toEqual([
      'control',
      'control',
      'feed',
      'feed',
    ]);
    expect(r.position).toEqual({ log: 'L', next: 9 });
    expect(r.readingOffsets).toBe(true);
  });

  it('resumes from its position, and skips re-sent lines below it by offset', () => {
    const { r, feed, news } = reader({ log: 'L', next: 5 });
    expect(r.connected()).toEqual({ from: 5, log: 'L' });
    expect(feed(['{"offset":5,"log":"L"}', '{"offset":3}', 'x', 'y', 'z', 'w'])).toEqual([
      'control',
      'control',
      'skip',
      'skip',
      'feed',
      'feed',
    ]);
    expect(r.skipped).toBe(2);
    expect(r.position).toEqual({ log: 'L', next: 7 });
    expect(news).toEqual([]);
  });

  it('counts a gap as lost: an answer past its position, or a run that jumps ahead', () => {
    const { r, feed, news } = reader({ log: 'L', next: 5 });
    r.connected();
    feed(['{"offset":12,"log":"L"}', 'a', '{"offset":20}', 'b']);
    expect(news).toEqual(['lost 7 5-12', 'lost 7 13-20']);
    expect(r.lost).toBe(14);
    expect(r.position).toEqual({ log: 'L', next: 21 });
  });

  it('reads a source that never answers (nc -lk) as plain lines, and forgets its position', () => {
    const { r, feed, news } = reader({ log: 'L', next: 5 });
    r.connected();
    expect(feed(['#hello world', '{"offset":3}'])).toEqual(['feed', 'feed']);
    expect(news).toEqual(['plain']);
    expect(r.position).toBeNull();
  });

  it('says when the answer comes from another log, and reads on from there', () => {
    const { r, feed, news } = reader({ log: 'old', next: 500 });
    r.connected();
    expect(feed(['{"offset":0,"log":"new"}', 'a'])).toEqual(['control', 'feed']);
    expect(news).toEqual(['log old→new']);
    expect(r.position).toEqual({ log: 'new', next: 1 });
  });

  it('reports a refusal and keeps its position for the next attempt', () => {
    const { r, feed, news } = reader({ log: 'L', next: 5 });
    r.connected();
    expect(feed(['{"refused":"the ingestor serves at most 1 consumers"}'])).toEqual(['control']);
    expect(news).toEqual(['refused the ingestor serves at most 1 consumers']);
    expect(r.connected()).toEqual({ from: 5, log: 'L' });
  });

  it('gives a line dropped over the byte cap its offset too', () => {
    const { r, feed } = reader();
    r.connected();
    feed(['{"offset":0,"log":"L"}', 'a']);
    r.dropped();
    feed(['c']);
    expect(r.position).toEqual({ log: 'L', next: 3 });
  });
});
