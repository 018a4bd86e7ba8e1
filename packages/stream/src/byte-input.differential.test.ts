/**
 * The byte path against the exact path through the same counting session: one session reads the
 * lines as bytes (`feedBytes`: the byte-level reader, ids as numbers, hashtags by their bytes),
 * the other as strings (`feedLine`: parsed tweets). Every result (top K with display forms and
 * previous ranks, window stats, running totals), every lifetime counter, the tallies of lines,
 * the tweets a listener sees, and the checkpoint must be the same. Random streams mix our
 * normalized lines, raw X API v2 lines, watermarks with stream marks, malformed and non-tweet
 * lines, duplicates and late tweets, under random settings, a track filter and tiny caps; then
 * the demo recording and a day of generated tweets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { BatchResult } from '@tagstream/protocol';
import {
  compileTrack,
  DECLINE,
  scanLineBytes,
  ScannedTweet,
  toWireLine,
  type Tweet,
} from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@tagstream/time';
import { feedBytes } from './byte-input.ts';
import { CounterSession } from './counter-session.ts';
import { emptyLineTally, feedLine } from './line-input.ts';
import { resolveOptions, type CounterOptions } from './options.ts';
import { settingsOf } from './settings-options.ts';

const DEMO = fileURLToPath(new URL('../../../samples/demo.jsonl.gz', import.meta.url));

// Case variants, NFC variants, non-ASCII and astral keys, and neighbours the byte path declines.
// prettier-ignore
const TAGS = [
  'Ether', 'ETHER', 'ether', 'btc', 'BTC', 'sol', 'a', 'A', 'Straße', 'STRAẞE', 'Café', 'Cafe\u0301', 'CAFÉ',
  '\u212b', 'Å', '日本', '😀x', 'x\uff5a', '\uff3a', '𝒜', 'İstanbul', 'ΟΔΟΣ', 'a_1', 'T1',
];
// What may stand around a hashtag in a text: plain, or things that make the byte path decline.
const AROUND = [
  '',
  '',
  '',
  ' see https://x.com/a',
  ' ＃wide',
  ' a\\"quote\\"',
  ' \u2028',
  ' &amp;',
  ' x.y/#z',
];

const spec = fc.record({
  offset: fc.nat({ max: 200_000 }),
  tags: fc.array(fc.nat({ max: TAGS.length - 1 }), { maxLength: 4 }),
  around: fc.nat({ max: AROUND.length - 1 }),
  delay: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 15_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 90_000 }) },
  ),
  retweet: fc.boolean(),
  form: fc.constantFrom(
    'normalized',
    'normalized',
    'normalized',
    'normalized+tags',
    'v2',
    'no time',
    'long id',
  ),
});

/** Other lines a stream carries. */
const extra = fc.constantFrom(
  'watermark',
  'watermark',
  'begin',
  'end',
  '{"limit":{"track":3}}',
  '{"id":"1","text":',
  '{garbage}',
  'plain text #Plain here',
  '',
);

const streamArb = fc.record({
  base: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  tweets: fc.array(spec, { minLength: 1, maxLength: 200 }),
  dups: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 15 }),
  extras: fc.array(fc.tuple(fc.nat(), extra), { maxLength: 10 }),
});

type Stream = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

/** The stream as lines, in arrival order. */
function linesOf(s: Stream): string[] {
  const made = s.tweets.map((t, i) => {
    const time = s.base + t.offset;
    const text = `word ${t.tags.map((k) => `#${TAGS[k]!}`).join(' ')}${AROUND[t.around]!}`;
    const id = t.form === 'long id' ? `1${String(i).padStart(22, '0')}` : String(1000 + i);
    return { line: lineFor(t.form, id, time, text, t.retweet), arrival: time + t.delay, i };
  });
  made.sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  const lines = made.map((m) => m.line);
  for (const [at, pick] of s.dups) lines.splice(at % (lines.length + 1), 0, lines[pick % lines.length]!);
  for (const [at, kind] of s.extras) {
    const pos = at % (lines.length + 1);
    const time = new Date(s.base + (at % 200_000)).toISOString();
    const line =
      kind === 'watermark'
        ? `{"watermark":"${time}"}`
        : kind === 'begin' || kind === 'end'
          ? `{"watermark":"${time}","stream":"${kind}"}`
          : kind;
    lines.splice(pos, 0, line);
  }
  return lines;
}

function lineFor(form: string, id: string, time: number, text: string, retweet: boolean): string {
  const tweet: Tweet = { id, time, text, retweet, author: null, lang: 'en' };
  if (form === 'no time') return toWireLine({ ...tweet, time: null });
  if (form === 'normalized+tags')
    return toWireLine({ ...tweet, hashtags: text.match(/#\S+/g)?.map((t) => t.slice(1)) ?? [] });
  if (form === 'v2') {
    const data = { id, text, created_at: new Date(time).toISOString(), author_id: '9', lang: 'en' };
    const refs = retweet ? { referenced_tweets: [{ type: 'retweeted', id: '5' }] } : {};
    return JSON.stringify({ data: { ...data, ...refs }, includes: { users: [{ id: '9', username: 'j' }] } });
  }
  return toWireLine(tweet);
}

const optionsArb = fc
  .record({
    batchMs: fc.constantFrom(1_000, 2_000, 5_000, 10_000),
    w: fc.integer({ min: 1, max: 6 }),
    s: fc.integer({ min: 1, max: 4 }),
    topK: fc.integer({ min: 1, max: 12 }),
    latenessMs: fc.constantFrom(0, 1_000, 5_000, 10_000),
    retweets: fc.boolean(),
    maxKeysPerBatch: fc.constantFrom(200_000, 200_000, 3),
    maxIds: fc.constantFrom(2_000_000, 2_000_000, 20),
    maxTagForms: fc.constantFrom(100_000, 100_000, 2),
    // Related tags and tag profiles (issue 20): fed by the batch on both paths, with caps that overflow.
    related: fc.constantFrom(0, 3, 3),
    maxPairsPerBatch: fc.constantFrom(200_000, 200_000, 2),
    tagProfiles: fc.constantFrom(false, false, true),
    maxProfileEntriesPerBatch: fc.constantFrom(200_000, 3),
  })
  .map((o): Partial<CounterOptions> => ({
    ...o,
    windowMs: o.batchMs * o.w,
    slideMs: o.batchMs * o.s,
  }));

const setupArb = fc.record({
  restartOnBegin: fc.boolean(),
  track: fc.constantFrom<string[] | undefined>(
    undefined,
    undefined,
    undefined,
    ['#ether OR #btc'],
    ['word -#a', '日本'],
  ),
});

/** Results without the time each took to build (the one field that may differ). */
function comparable(results: BatchResult[]): unknown[] {
  return results.map((r) => ({ ...r, stats: { ...r.stats, processingMs: 0 } }));
}

function sameAs(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

/** How a run is set up besides the counter's options. */
interface Setup {
  /** A `begin` mark starts counting afresh (the server), or is a plain watermark (`count`). */
  restartOnBegin?: boolean;
  /** Track rules: only matching tweets are counted. */
  track?: string[];
}

/** One session over `lines`: as strings, or as bytes in `chunks` runs of whole lines. */
function run(lines: readonly string[], options: Partial<CounterOptions>, setup: Setup, bytes: number) {
  const results: BatchResult[] = [];
  const counted: string[] = [];
  const o = resolveOptions(options);
  const session = new CounterSession({
    settings: settingsOf(o),
    base: {
      latenessMs: o.latenessMs,
      maxKeysPerBatch: o.maxKeysPerBatch,
      maxIds: o.maxIds,
      maxTagForms: o.maxTagForms,
      maxPairsPerBatch: o.maxPairsPerBatch,
      tagProfiles: o.tagProfiles,
      maxProfileEntriesPerBatch: o.maxProfileEntriesPerBatch,
    },
    clock: new ManualClock(0),
    filter: setup.track ? compileTrack(setup.track) : undefined,
    sink: {
      result: (r) => void results.push(r),
      counted: (t, tags) => void counted.push(`${t.id} ${t.text} ${tags.join(' ')}`),
    },
    restartOnBegin: setup.restartOnBegin ?? false,
  });
  const tally = emptyLineTally();
  if (bytes === 0) {
    for (const line of lines) feedLine(session, line, 'auto', tally);
  } else {
    const per = Math.ceil(lines.length / bytes);
    for (let i = 0; i < lines.length; i += per) {
      const buf = Buffer.from(lines.slice(i, i + per).join('\n') + '\n');
      feedBytes(session, buf, 0, buf.length, tally);
    }
  }
  const checkpoint = session.checkpoint();
  session.end();
  return { results, counted, tally, lifetime: session.lifetime(), checkpoint };
}

/** The same lines through both paths; every observable must agree. */
function expectBothPathsAgree(
  lines: readonly string[],
  options: Partial<CounterOptions>,
  setup: Setup = {},
  chunks = 1,
) {
  const exact = run(lines, options, setup, 0);
  const bytes = run(lines, options, setup, chunks);
  sameAs(comparable(bytes.results), comparable(exact.results));
  expect(bytes.lifetime).toEqual(exact.lifetime);
  expect(bytes.tally).toEqual(exact.tally);
  expect(bytes.counted).toEqual(exact.counted);
  sameAs(withoutTimings(bytes.checkpoint), withoutTimings(exact.checkpoint));
  return exact;
}

/** A checkpoint without the time its last result took to build. */
function withoutTimings(c: ReturnType<CounterSession['checkpoint']>): unknown {
  return {
    ...c,
    lastResult: c.lastResult && { ...c.lastResult, stats: { ...c.lastResult.stats, processingMs: 0 } },
  };
}

describe('the byte path against the exact path, through one counting session', () => {
  it(
    'gives the same results, counts, listener calls and checkpoints on random streams',
    { timeout: 120_000 },
    () => {
      let sawDuplicates = 0;
      let sawLate = 0;
      let sawOverflow = 0;
      let scanned = 0;
      let all = 0;
      const out = new ScannedTweet();
      fc.assert(
        fc.property(
          streamArb,
          optionsArb,
          setupArb,
          fc.integer({ min: 1, max: 4 }),
          (stream, options, setup, chunks) => {
            const lines = linesOf(stream);
            const { lifetime } = expectBothPathsAgree(lines, options, setup, chunks);
            if (lifetime.duplicates > 0) sawDuplicates++;
            if (lifetime.late > 0) sawLate++;
            if (lifetime.overflow > 0) sawOverflow++;
            for (const line of lines) {
              const bytes = Buffer.from(line);
              if (scanLineBytes(bytes, 0, bytes.length, out) !== DECLINE) scanned++;
              all++;
            }
          },
        ),
        { numRuns: 700 },
      );
      // Both paths are exercised, the byte path most.
      expect(scanned / all).toBeGreaterThan(0.3);
      expect(scanned / all).toBeLessThan(0.9);
      expect(sawDuplicates).toBeGreaterThan(100);
      expect(sawLate).toBeGreaterThan(50);
      expect(sawOverflow).toBeGreaterThan(20);
    },
  );

  it('gives the same results on the demo recording', { timeout: 120_000 }, () => {
    const lines = gunzipSync(readFileSync(DEMO)).toString('utf8').split('\n');
    for (const options of [
      {},
      { batchMs: 2_000, windowMs: 10_000, slideMs: 2_000, topK: 25, retweets: false },
    ]) {
      const exact = expectBothPathsAgree(lines, options, {}, 3);
      expect(exact.results.length).toBeGreaterThan(10);
    }
    expectBothPathsAgree(lines, {}, { track: ['#ai OR #crypto', 'música lang:pt'] }, 2);
  });

  it('gives the same results on a day of generated tweets with 5,000 distinct tags', () => {
    const lines: string[] = [];
    let seed = 7;
    const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let i = 0; i < 20_000; i++) {
      const tags = Array.from({ length: Math.floor(rand() * 4) }, () => {
        const rank = Math.floor(5_000 ** rand());
        return rand() < 0.1 ? `#tag${rank}` : `#Tag${rank}`;
      });
      const time = 1_800_000_000_000 + i * 4_000;
      lines.push(
        toWireLine({
          id: String(2e18 + i * 7919),
          time,
          text: `a ${tags.join(' b ')} c`,
          retweet: false,
          author: null,
          lang: 'en',
        }),
      );
    }
    const exact = expectBothPathsAgree(lines, { batchMs: 60_000, windowMs: 600_000, slideMs: 60_000 });
    expect(exact.results.length).toBeGreaterThan(1_000);
  });
});
