import fc from 'fast-check';
import type { BatchResult } from '@tagstream/protocol';
import { LineSplitter } from '@tagstream/recordings';
import { ByteLineReader, CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { describe, expect, it } from 'vitest';
import { LogReader } from './log-reader.ts';

/**
 * `tagstream count tcp://` reads the ingestor's log as bytes, with the LogReader as the byte
 * reader's gate; the server reads it as lines, asking the LogReader about each. Both must count
 * the same lines, skip the same re-sent ones and report the same gaps.
 */
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const TAGS = ['#Ether', '#ether', '#btc', '#Café', '#nft'];

const tweetLine = (id: number, tags: number[]): string =>
  JSON.stringify({
    id: String(1_000 + id),
    created_at: new Date(T0 + id * 700).toISOString(),
    text: `gm ${tags.map((t) => TAGS[t]!).join(' ')}`,
    lang: 'en',
  });

/** A log's lines as an ingestor sends them: its answer, then runs of lines each after its offset. */
const streamArb = fc
  .record({
    answer: fc.oneof(fc.constant('offsets'), fc.constant('plain'), fc.constant('refused')),
    start: fc.nat(10),
    runs: fc.array(
      fc.record({
        jump: fc.integer({ min: -4, max: 4 }),
        lines: fc.array(
          fc.oneof(
            fc.array(fc.nat(TAGS.length - 1), { maxLength: 3 }).map((t) => ({ kind: 'tweet' as const, t })),
            fc.constant({ kind: 'blank' as const, t: [] as number[] }),
            fc.constant({ kind: 'junk' as const, t: [] as number[] }),
          ),
          { maxLength: 6 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    from: fc.option(fc.nat(12), { nil: null }),
    cuts: fc.array(fc.nat(2_000), { maxLength: 8 }),
  })
  .map(({ answer, start, runs, from, cuts }) => {
    const lines: string[] = [];
    if (answer === 'offsets') lines.push(JSON.stringify({ offset: start, log: 'L' }));
    if (answer === 'refused') lines.push(JSON.stringify({ refused: 'too many consumers' }));
    let offset = start;
    let id = 0;
    for (const run of runs) {
      offset = Math.max(0, offset + run.jump);
      if (answer !== 'plain') lines.push(JSON.stringify({ offset }));
      for (const l of run.lines) {
        lines.push(l.kind === 'tweet' ? tweetLine(id++, l.t) : l.kind === 'blank' ? '' : 'not json {');
        offset++;
      }
    }
    return { text: lines.join('\n') + '\n', from, cuts };
  });

function session(results: BatchResult[]): CounterSession {
  return new CounterSession({
    settings: { batchMs: 1_000, windowMs: 2_000, slideMs: 1_000, topK: 5, retweets: true, related: 3 },
    clock: new ManualClock(0),
    sink: { result: (r) => void results.push({ ...r, stats: { ...r.stats, processingMs: 0 } }) },
    restartOnBegin: false,
  });
}

function logReader(from: number | null, news: string[], s: CounterSession): LogReader {
  return new LogReader(
    {
      lost: (n, at) => {
        s.lost(n);
        news.push(`lost ${n} ${at.from}-${at.to}`);
      },
      plain: () => news.push('plain'),
      refused: (why) => news.push(`refused ${why}`),
    },
    from === null ? null : { log: 'L', next: from },
  );
}

function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

/** What the server does: lines from the splitter, each put to the reader. */
function asLines(bytes: Buffer[], from: number | null) {
  const results: BatchResult[] = [];
  const news: string[] = [];
  const s = session(results);
  const r = logReader(from, news, s);
  r.connected();
  const splitter = new LineSplitter();
  const tally = emptyLineTally();
  const take = (line: string): void => {
    if (r.line(line) === 'feed') feedLine(s, line, 'auto', tally);
  };
  for (const chunk of bytes) for (const line of splitter.push(chunk)) take(line);
  for (const line of splitter.end()) take(line);
  s.end();
  return { results, news, position: r.position, skipped: r.skipped, lifetime: s.lifetime() };
}

/** What `count tcp://` does: the bytes through ByteLineReader, the reader as its gate. */
function asBytes(bytes: Buffer[], from: number | null) {
  const results: BatchResult[] = [];
  const news: string[] = [];
  const s = session(results);
  const r = logReader(from, news, s);
  r.connected();
  const reader = new ByteLineReader(s, emptyLineTally(), { gate: r });
  for (const chunk of bytes) reader.push(chunk);
  reader.end();
  s.end();
  return { results, news, position: r.position, skipped: r.skipped, lifetime: s.lifetime() };
}

describe('LogReader as the byte reader’s gate', () => {
  it('counts, skips and loses the same lines as the line reader, however the bytes are cut', () => {
    fc.assert(
      fc.property(streamArb, ({ text, from, cuts }) => {
        const bytes = chunks(Buffer.from(text), cuts);
        expect(asBytes(bytes, from)).toEqual(asLines(bytes, from));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('skips re-sent lines below its position and counts a gap as lost', () => {
    const lines = [
      '{"offset":0,"log":"L"}',
      '{"offset":0}',
      tweetLine(0, [0]),
      tweetLine(1, [1, 2]),
      tweetLine(2, [2]),
      '{"offset":9}',
      tweetLine(3, [3]),
    ];
    const bytes = [Buffer.from(lines.join('\n') + '\n')];
    const out = asBytes(bytes, 2);
    expect(out).toEqual(asLines(bytes, 2));
    expect(out.skipped).toBe(2);
    expect(out.news).toEqual(['lost 6 3-9']);
    expect(out.position).toEqual({ log: 'L', next: 10 });
    expect(out.lifetime.tweets).toBe(2);
    expect(out.lifetime.lost).toBe(6);
  });
});
