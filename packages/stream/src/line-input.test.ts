import type { BatchResult } from '@tagstream/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import { CounterSession } from './counter-session.ts';
import { emptyLineTally, feedLine } from './line-input.ts';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const SEC = 1_000;

const SETTINGS = {
  batchMs: 10 * SEC,
  windowMs: 20 * SEC,
  slideMs: 10 * SEC,
  topK: 10,
  retweets: true,
  related: 0,
};

/** A reader of one stream, as `tagstream count` is: a begin mark is a plain watermark to it. */
function counter(results: BatchResult[]): CounterSession {
  return new CounterSession({
    settings: SETTINGS,
    clock: new ManualClock(0),
    sink: { result: (r) => results.push(r) },
    restartOnBegin: false,
  });
}

const tweetLine = (id: string, at: number, text: string): string =>
  JSON.stringify({ id, created_at: new Date(at).toISOString(), text });
const mark = (at: number, stream?: 'begin' | 'end'): string =>
  JSON.stringify({ watermark: new Date(at).toISOString(), ...(stream ? { stream } : {}) });

/** Window end (seconds after T0) and its top tags with counts. */
const summary = (results: BatchResult[]): string[] =>
  results.map(
    (r) => `${(Date.parse(r.window.end) - T0) / SEC}: ${r.top.map((t) => `${t.tag}=${t.count}`).join(' ')}`,
  );

/** A replay of three tweets from `start`, as our ingestor frames it. */
const replay = (start: number, tag: string, idBase: number): string[] => [
  mark(start, 'begin'),
  tweetLine(String(idBase), start + 1 * SEC, `#${tag}`),
  tweetLine(String(idBase + 1), start + 12 * SEC, `#${tag} #x`),
  mark(start + 12 * SEC),
  tweetLine(String(idBase + 2), start + 13 * SEC, `#${tag}`),
  mark(start + 13 * SEC, 'end'),
];

describe('feedLine', () => {
  it('closes every batch at an end mark: the trailing windows show, as at the end of a file', () => {
    const marked: BatchResult[] = [];
    const c = counter(marked);
    const tally = emptyLineTally();
    for (const line of replay(T0, 'a', 1)) feedLine(c, line, 'auto', tally);

    // The same lines without marks, then the end of the input.
    const ended: BatchResult[] = [];
    const reference = counter(ended);
    for (const line of replay(T0, 'a', 1))
      feedLine(reference, line.replace(/,"stream":"\w+"/, ''), 'auto', tally);
    expect(ended).toHaveLength(1);
    reference.end();

    expect(summary(marked)).toEqual(['10: a=1', '20: a=3 x=1', '30: a=2 x=1', '40: ']);
    expect(marked).toEqual(ended);
    expect(tally.watermarks).toBe(6);
  });

  it('counts a replay that goes back in time afresh when the reader starts a new counter at its begin mark', () => {
    const first: BatchResult[] = [];
    const second: BatchResult[] = [];
    const fresh = [first, second];
    let current: BatchResult[] = [];
    const session = new CounterSession({
      settings: SETTINGS,
      clock: new ManualClock(0),
      sink: { result: (r) => current.push(r), streamBegan: () => (current = fresh.shift()!) },
    });
    const tally = emptyLineTally();
    // The first replay, then one an hour earlier in tweet time, with the same ids.
    for (const line of [...replay(T0, 'a', 1), ...replay(T0 - 3_600 * SEC, 'b', 1)])
      feedLine(session, line, 'auto', tally);
    expect(summary(first)).toEqual(['10: a=1', '20: a=3 x=1', '30: a=2 x=1', '40: ']);
    expect(summary(second).map((s) => s.replace(/^-?\d+/, (n) => String(Number(n) + 3_600)))).toEqual([
      '10: b=1',
      '20: b=3 x=1',
      '30: b=2 x=1',
      '40: ',
    ]);
    expect(second.every((r) => r.stats.late === 0 && r.stats.duplicates === 0)).toBe(true);
  });

  it('reads a begin mark as a plain watermark when the reader keeps one counter', () => {
    const results: BatchResult[] = [];
    const c = counter(results);
    const tally = emptyLineTally();
    for (const line of [...replay(T0, 'a', 1), ...replay(T0 - 3_600 * SEC, 'b', 10)])
      feedLine(c, line, 'auto', tally);
    // The earlier replay's tweets are late in the stream that has already passed them.
    expect(summary(results)).toEqual(['10: a=1', '20: a=3 x=1', '30: a=2 x=1', '40: ']);
    expect(c.lifetime().late).toBe(3);
  });
});
