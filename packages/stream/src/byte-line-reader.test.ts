import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import { toWireLine } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedBytes } from './byte-input.ts';
import { ByteLineReader } from './byte-line-reader.ts';
import { CounterSession } from './counter-session.ts';
import { emptyLineTally, feedLine } from './line-input.ts';

/** A session for one stream, 1 s batches; these streams carry their own times (plain lines read the manual clock's 0). */
function session(results: BatchResult[]): CounterSession {
  return new CounterSession({
    settings: { batchMs: 1_000, windowMs: 2_000, slideMs: 1_000, topK: 10, retweets: true, related: 0 },
    clock: new ManualClock(0),
    sink: { result: (r) => void results.push(r) },
    restartOnBegin: false,
  });
}

const line = (i: number, text: string): string =>
  toWireLine({
    id: String(1000 + i),
    time: 1_700_000_000_000 + i * 700,
    text,
    retweet: false,
    author: null,
    lang: 'en',
  });

const lineArb = fc.oneof(
  fc
    .tuple(fc.nat(500), fc.constantFrom('a #Ether', '#日本 ok', 'é#x #ß', 'x'.repeat(90) + ' #Long'))
    .map(([i, t]) => line(i, t)),
  fc.constantFrom('{"watermark":"2023-11-14T22:20:00.000Z"}', 'plain #text', '', '{bad', '{"limit":{}}'),
);

/** Reads `stream` with the reader, cut into chunks at `cuts`; returns the results and tally. */
function read(stream: Buffer, cuts: number[], maxLineBytes?: number) {
  const results: BatchResult[] = [];
  const counter = session(results);
  const tally = emptyLineTally();
  const reader = new ByteLineReader(counter, tally, { maxLineBytes });
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (stream.length + 1))].sort((a, b) => a - b)) {
    reader.push(stream.subarray(at, cut));
    at = cut;
  }
  reader.push(stream.subarray(at));
  reader.end();
  counter.end();
  return { results, tally, lifetime: counter.lifetime() };
}

describe('ByteLineReader', () => {
  it(
    'gives the same results however the stream is cut into chunks, as the split lines do',
    { timeout: 30_000 },
    () => {
      fc.assert(
        fc.property(
          fc.array(lineArb, { maxLength: 60 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.constantFrom('\n', '\r\n'),
          (lines, cuts, eol) => {
            const stream = Buffer.from(lines.join(eol) + eol);
            const whole = read(stream, []);
            // Every line at once, in place.
            const results: BatchResult[] = [];
            const counter = session(results);
            const tally = emptyLineTally();
            feedBytes(counter, stream, 0, stream.length, tally);
            counter.end();
            expect(whole.results).toEqual(results);
            const cut = read(stream, cuts);
            expect(cut.results).toEqual(results);
            expect(cut.tally).toEqual(tally);
            // The reference: the same lines as strings, as the line splitter gives them.
            const strings: BatchResult[] = [];
            const bySplitter = session(strings);
            const lineTally = emptyLineTally();
            const text = stream.toString('utf8');
            for (const l of text.slice(0, -eol.length).split(eol)) feedLine(bySplitter, l, 'auto', lineTally);
            bySplitter.end();
            expect(strings).toEqual(results);
            expect(lineTally).toEqual(tally);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('drops lines over the cap, whole or cut, and counts them malformed', () => {
    const long = line(1, 'y'.repeat(300) + ' #Dropped');
    const stream = Buffer.from([line(0, '#kept'), long, line(2, '#kept'), long].join('\n'));
    for (const cuts of [[], [5, 60, 200, 400], [350], [stream.length - 3]]) {
      const r = read(stream, cuts, 200);
      expect(r.lifetime.malformed, String(cuts)).toBe(2);
      expect(r.lifetime.tweets, String(cuts)).toBe(2);
      expect(r.results.every((x) => x.top.every((t) => t.tag === 'kept'))).toBe(true);
    }
  });

  it('skips a byte-order mark at the start of the stream, even cut across chunks', () => {
    const body = Buffer.from(line(0, '#a') + '\n' + line(1, '#b') + '\n');
    const plain = read(body, []);
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    expect(read(marked, [1]).results).toEqual(plain.results);
    expect(read(marked, [2, 40]).tally).toEqual(plain.tally);
  });

  it('reads a last line without a line feed at the end', () => {
    const stream = Buffer.from(line(0, '#a') + '\n' + line(1, '#b'));
    expect(read(stream, [70]).lifetime.tweets).toBe(2);
  });
});
