/**
 * `tagstream count --related N --json` against an independent implementation of DESIGN.md §4–5
 * written here, from the definitions alone: the recording's tweets in event-time order, each
 * counted once by id, its keys the distinct NFC lower-cased hashtags twitter-text (the library,
 * not ours) finds in its full text; every window end worth emitting; each window's top K; and for
 * each top entry the keys found most often in the same counted tweets of the window. The two are
 * compared emission by emission, `related` lists included.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { readRecording } from '@tagstream/recordings';
import type { Tweet } from '@tagstream/tweets';
import type * as TwitterText from 'twitter-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';
import { ROOT, runTagstream } from './run-tagstream.ts';

const twitterText = createRequire(import.meta.url)('twitter-text') as typeof TwitterText;
const DEMO = path.join(ROOT, 'samples/demo.jsonl.gz');

interface Shape {
  batchMs: number;
  windowMs: number;
  slideMs: number;
  topK: number;
  related: number;
}

interface Expected {
  window: { start: string; end: string };
  top: { tag: string; count: number; rank: number; related: { tag: string; count: number }[] }[];
  tweets: number;
}

/** Code point order, from the code points themselves. */
function byCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Count descending, then key ascending by code point. */
const ranked = (counts: Map<string, number>): [string, number][] =>
  [...counts].sort((a, b) => b[1] - a[1] || byCodePoints(a[0], b[0]));

/** The definition, applied to a finite recording read to the end (no tweet can be late). */
function independentlyCounted(tweets: readonly Tweet[], o: Shape): Expected[] {
  const ordered = tweets
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.time! - b.t.time! || a.i - b.i)
    .map(({ t }) => t);
  const seen = new Set<string>();
  const counted: { time: number; keys: Set<string> }[] = [];
  for (const t of ordered) {
    if (t.id !== null) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
    }
    const keys = new Set(twitterText.extractHashtags(t.text).map((h) => h.normalize('NFC').toLowerCase()));
    counted.push({ time: t.time!, keys });
  }
  const { batchMs: B, windowMs: W, slideMs: S } = o;
  const full = new Set<number>();
  for (const c of counted) for (let e = Math.floor(c.time / S) * S + S; e - W <= c.time; e += S) full.add(e);
  const ends = [...new Set([...full, ...[...full].map((e) => e + S).filter((e) => !full.has(e))])];
  ends.sort((a, b) => a - b);
  expect(B).toBeGreaterThan(0);
  return ends.map((end) => {
    const inWindow = counted.filter((c) => c.time >= end - W && c.time < end);
    const counts = new Map<string, number>();
    for (const c of inWindow) for (const k of c.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return {
      window: { start: new Date(end - W).toISOString(), end: new Date(end).toISOString() },
      tweets: inWindow.length,
      top: ranked(counts)
        .slice(0, o.topK)
        .map(([tag, count], i) => {
          const together = new Map<string, number>();
          for (const c of inWindow) {
            if (!c.keys.has(tag)) continue;
            for (const k of c.keys) if (k !== tag) together.set(k, (together.get(k) ?? 0) + 1);
          }
          const related = ranked(together)
            .slice(0, o.related)
            .map(([t, n]) => ({ tag: t, count: n }));
          return { tag, count, rank: i + 1, related };
        }),
    };
  });
}

async function tweetsOf(file: string): Promise<Tweet[]> {
  const out: Tweet[] = [];
  for await (const e of readRecording(file)) if (e.kind === 'tweet') out.push(e.tweet);
  return out;
}

async function counted(file: string, o: Shape): Promise<Expected[]> {
  const args = ['count', file, '--json', '--related', String(o.related), '--top', String(o.topK)];
  args.push('--batch', `${o.batchMs}ms`, '--window', `${o.windowMs}ms`, '--slide', `${o.slideMs}ms`);
  const run = await runTagstream(args);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((line, i) => {
      const r = JSON.parse(line) as BatchResult;
      expect(r.seq).toBe(i);
      return {
        window: r.window,
        tweets: r.stats.tweets,
        top: r.top.map((e) => ({ tag: e.tag, count: e.count, rank: e.rank, related: e.related! })),
      };
    });
}

let dir: string;
let generated: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-related-'));
  // Another seed and shape than the bundled recording: ten minutes, the generator's retweets, long posts and tricky text.
  generated = path.join(dir, 'other.jsonl.gz');
  await writeFile(generated, generateDemoRecording({ seed: 7, minutes: 10 }).gzip);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('count --related N --json equals the definition, emission by emission', { timeout: 120_000 }, () => {
  it('on the bundled recording, with the default windows and 5 related tags', async () => {
    const shape = { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10, related: 5 };
    const [ours, theirs] = await Promise.all([
      counted(DEMO, shape),
      tweetsOf(DEMO).then((t) => independentlyCounted(t, shape)),
    ]);
    expect(ours.length).toBe(182);
    expect(ours).toEqual(theirs);
    // The lists are not trivially short: most top entries travel with others.
    const lists = ours.flatMap((r) => r.top.map((e) => e.related.length));
    expect(lists.filter((n) => n === 5).length).toBeGreaterThan(lists.length / 2);
  });

  it('on another recording, with a sliding window, a short top list and 3 related tags', async () => {
    const shape = { batchMs: 2_000, windowMs: 30_000, slideMs: 6_000, topK: 4, related: 3 };
    const [ours, theirs] = await Promise.all([
      counted(generated, shape),
      tweetsOf(generated).then((t) => independentlyCounted(t, shape)),
    ]);
    expect(ours.length).toBeGreaterThan(90);
    expect(ours).toEqual(theirs);
  });

  it('lists nothing, and counts no pair, with --related 0 or without the flag', async () => {
    const plain = await runTagstream(['count', generated, '--json']);
    const zero = await runTagstream(['count', generated, '--json', '--related', '0']);
    expect(plain.code, plain.stderr).toBe(0);
    const strip = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => ({ ...(JSON.parse(l) as BatchResult), stats: {} }));
    expect(strip(zero.stdout)).toEqual(strip(plain.stdout));
    expect(plain.stdout).not.toContain('"related"');
    expect(plain.stdout).not.toContain('relatedOverflow');
  });

  it('prints related tags under each entry of the readable table', async () => {
    const run = await runTagstream(['count', generated, '--related', '2', '--top', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}1\. +\d+ {2}#\S+.*\n {8,}with #\S+ \d+ · #\S+ \d+$/mu);
  });

  it('refuses a related count it cannot list, naming the flag', async () => {
    const run = await runTagstream(['count', generated, '--related', '51']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--related: 51 is out of range (0–50)');
  });
});
