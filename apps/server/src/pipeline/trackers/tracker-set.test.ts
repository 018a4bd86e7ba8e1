/**
 * The trackers side by side: each named tracker counts exactly what a session filtered by its
 * rule counts (what `tagstream count --track RULE` does), a routed tweet goes where its routing
 * says, and trackers resume from one checkpoint.
 */
import { DEFAULT_SETTINGS, type BatchResult, type Settings, type Tracker } from '@tagstream/protocol';
import {
  ByteLineReader,
  CounterSession,
  emptyLineTally,
  feedLine,
  type CounterBase,
} from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { compileTrack, parseLine, sortByEventTime, type Tweet } from '@tagstream/tweets';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../../../../scripts/demo-recording/generate.ts';
import { jsonSlices } from '../../checkpoint/json-slices.ts';
import { DEFAULT_RISING_OPTIONS } from '../rising-tags.ts';
import { readServerState } from '../server-state.ts';
import { TrackedCount } from './tracked-count.ts';
import { TrackerSet } from './tracker-set.ts';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, batchMs: 2_000, windowMs: 6_000, slideMs: 2_000 };
const logger = pino({ level: 'silent' });

/** A tracker set on a manual clock, with every result it published, by tracker. */
function trackerSet(trackers: Tracker[], settings = SETTINGS, counter: CounterBase = {}) {
  const clock = new ManualClock(Date.UTC(2026, 10, 1, 18));
  const published = new Map<string, BatchResult[]>();
  const set = new TrackerSet(
    (tracker) =>
      new TrackedCount({
        name: tracker?.name ?? 'everything',
        rule: tracker?.rule ?? null,
        settings,
        counter,
        clock,
        logger,
        historyLimit: 10_000,
        sampleSize: 100,
        rising: DEFAULT_RISING_OPTIONS,
        published: (r) => published.set(r.tracker!, [...(published.get(r.tracker!) ?? []), r]),
      }),
    logger,
    trackers,
  );
  return { set, published, clock };
}

/** What a result says about counting, without the server's additions. */
function counted(r: BatchResult): unknown {
  return {
    ...r,
    stats: { ...r.stats, processingMs: 0 },
    rising: undefined,
    emittedAt: undefined,
    tracker: undefined,
  };
}

/** Two minutes of the demo recording's tweets, in event-time order, as a replay sends them. */
function demoTweets(): Tweet[] {
  const tweets: Tweet[] = [];
  for (const line of generateDemoRecording({ seed: 7, minutes: 2 }).jsonl.split('\n')) {
    const r = parseLine(line, 'json');
    if (r.kind === 'tweets') tweets.push(...r.tweets);
  }
  return sortByEventTime(tweets);
}

const CRYPTO: Tracker = { name: 'crypto', rule: '#ether OR #eth OR #bitcoin' };
const SKY: Tracker = { name: 'sky', rule: '#eclipse -#nfl' };
const NEWS: Tracker = { name: 'news', rule: '#BreakingNews OR "breaking news"' };

describe('TrackerSet', () => {
  it('reads the lines from bytes, counting each tweet from its bytes while it is the only tracker, with the results of the string path', () => {
    const jsonl = generateDemoRecording({ seed: 7, minutes: 2 }).jsonl;
    const lines = jsonl.split('\n').filter((l) => l.length > 0);
    const bytes = Buffer.from(jsonl);
    for (const [trackers, counter, scanned] of [
      [[], { tagProfiles: false }, true],
      [[], {}, false], // the server's counters keep tag profiles: every tweet is decoded
      [[{ name: 'ai', rule: '#ai' }], { tagProfiles: false }, false],
    ] as [Tracker[], CounterBase, boolean][]) {
      const strings = trackerSet(trackers, SETTINGS, counter);
      const fromBytes = trackerSet(trackers, SETTINGS, counter);
      expect(fromBytes.set.takesScanned).toBe(scanned);
      const tally = emptyLineTally();
      for (const line of lines) feedLine(strings.set, line, 'auto', tally);
      const reader = new ByteLineReader(fromBytes.set, emptyLineTally());
      // In pieces of any size, as a socket gives them.
      for (let at = 0; at < bytes.length; at += 4_093) reader.push(bytes.subarray(at, at + 4_093));
      reader.end();
      for (const t of [strings, fromBytes]) t.set.watermark(Date.UTC(2030, 0, 1), 'end');
      expect(fromBytes.published.get('everything')!.length).toBeGreaterThan(10);
      for (const [name, results] of strings.published)
        expect(fromBytes.published.get(name)!.map(counted)).toEqual(results.map(counted));
      expect(fromBytes.set.everything.samples.toJSON()).toEqual(strings.set.everything.samples.toJSON());
    }
  });

  it('counts each tracker exactly as a session filtered by its rule counts the same stream (count --track RULE)', () => {
    const tweets = demoTweets();
    const { set, published } = trackerSet([CRYPTO, SKY, NEWS]);
    const end = (tweets.at(-1)!.time ?? 0) + 60_000;
    for (const t of tweets) set.add(t);
    set.watermark(end, 'end');

    for (const tracker of [CRYPTO, SKY, NEWS]) {
      const expected: BatchResult[] = [];
      const alone = new CounterSession({
        settings: SETTINGS,
        clock: new ManualClock(0),
        sink: { result: (r) => expected.push(r) },
        filter: compileTrack([tracker.rule]),
      });
      for (const t of tweets) alone.add(t);
      alone.watermark(end, 'end');
      const got = published.get(tracker.name) ?? [];
      expect(got.length, tracker.name).toBeGreaterThan(10);
      expect(got.map(counted), tracker.name).toEqual(expected.map(counted));
      expect(got.every((r) => r.tracker === tracker.name)).toBe(true);
    }
    // Side by side: each its own top list, all within what the default tracker counted.
    const last = (name: string) => published.get(name)!.at(-1)!;
    expect(last('crypto').totals.top.map((t) => t.tag)).toEqual(
      expect.arrayContaining(['ether', 'eth', 'bitcoin']) as unknown,
    );
    expect(last('sky').totals.top[0]?.tag).toBe('eclipse');
    for (const name of ['crypto', 'sky', 'news'])
      expect(last(name).totals.tweets).toBeLessThan(last('everything').totals.tweets);
  });

  it("goes by the source's routing when a tweet carries one, not by its own reading of the rules", () => {
    const { set, published } = trackerSet([CRYPTO, SKY]);
    const at = Date.UTC(2026, 10, 1, 18, 0, 1);
    const tweet = (id: string, text: string, trackers?: string[]): Tweet => ({
      id,
      time: at,
      text,
      retweet: false,
      author: null,
      lang: null,
      ...(trackers ? { trackers } : {}),
    });
    // X matched it for sky on something this text does not show; its crypto tag does not make it crypto's.
    set.add(tweet('1', 'to the moon #ETH', ['sky']));
    // Routed to nobody here: counted only by the default tracker.
    set.add(tweet('2', '#eclipse tonight', []));
    // A name listed twice is one routing; a tracker nobody follows is ignored.
    set.add({ ...tweet('3', '#Eclipse', ['sky', 'sky', 'gone']), id: null });
    // No routing: the rules decide.
    set.add(tweet('4', '#bitcoin and #eclipse'));
    set.watermark(at + 60_000, 'end');
    const tops = (name: string) => published.get(name)!.at(-1)!.totals;
    expect(tops('sky')).toMatchObject({ tweets: 3 });
    expect(tops('sky').top.map((t) => [t.tag, t.count])).toEqual([
      ['eclipse', 2],
      ['bitcoin', 1],
      ['eth', 1],
    ]);
    expect(tops('crypto')).toMatchObject({ tweets: 1 });
    expect(tops('everything')).toMatchObject({ tweets: 4 });
  });

  it('keeps counting a tracker kept with the same rule; a new or changed one starts empty; a removed one is gone', () => {
    const { set } = trackerSet([CRYPTO, SKY]);
    const at = Date.UTC(2026, 10, 1, 18, 0, 1);
    set.add({ id: '1', time: at, text: '#eth #eclipse', retweet: false, author: null, lang: null });
    const crypto = set.get('crypto');
    set.set([CRYPTO, { name: 'sky', rule: '#eclipse OR #moon' }, NEWS]);
    expect(set.get('crypto')).toBe(crypto);
    expect(set.get('crypto')!.session.lifetime().tweets).toBe(1);
    expect(set.get('sky')!.session.lifetime().tweets).toBe(0);
    expect(set.get('news')!.session.lifetime().tweets).toBe(0);
    set.set([NEWS]);
    expect(set.get('crypto')).toBeNull();
    expect(set.trackers()).toEqual([NEWS]);
    expect(set.get(undefined)).toBe(set.everything);
    expect(set.get('everything')).toBe(set.everything);
  });

  it('resumes every tracker from one checkpoint and goes on as if never stopped; a tracker whose rule changed starts fresh', () => {
    const tweets = demoTweets();
    const half = Math.floor(tweets.length / 2);
    const end = (tweets.at(-1)!.time ?? 0) + 60_000;

    const straight = trackerSet([CRYPTO, SKY]);
    for (const t of tweets) straight.set.add(t);
    straight.set.watermark(end, 'end');

    const first = trackerSet([CRYPTO, SKY]);
    for (const t of tweets.slice(0, half)) first.set.add(t);
    const saved = JSON.parse(JSON.stringify(first.set.checkpoint())) as ReturnType<TrackerSet['checkpoint']>;
    expect(readServerState(saved.source)?.trackers?.map((t) => t.name)).toEqual(['crypto', 'sky']);

    const changedSky = { name: 'sky', rule: '#eclipse OR #moon' };
    const second = trackerSet([CRYPTO, changedSky]);
    const outcome = second.set.everything.restore(saved);
    expect(outcome.resumed).toBe(true);
    second.set.restoreNamed(outcome.state);
    // sky's rule changed: it starts fresh; crypto goes on from where it was.
    expect(second.set.get('sky')!.session.lifetime().tweets).toBe(0);
    expect(second.set.get('crypto')!.session.lifetime()).toEqual(first.set.get('crypto')!.session.lifetime());
    for (const t of tweets.slice(half)) second.set.add(t);
    second.set.watermark(end, 'end');

    const lastTotals = (s: typeof straight, name: string) => s.published.get(name)!.at(-1)!.totals;
    expect(lastTotals(second, 'everything')).toEqual(lastTotals(straight, 'everything'));
    expect(lastTotals(second, 'crypto')).toEqual(lastTotals(straight, 'crypto'));
    expect(second.set.get('crypto')!.history.recent(Infinity).map(counted)).toEqual(
      straight.set.get('crypto')!.history.recent(Infinity).map(counted),
    );
  });

  it("writes every tracker's state from views of the live counters, as its checkpoint, related tags and profiles included", () => {
    const tweets = demoTweets();
    const { set } = trackerSet([CRYPTO, SKY]);
    for (const t of tweets.slice(0, Math.floor(tweets.length / 2))) set.add(t);
    const expected = JSON.stringify(set.checkpoint({ position: null }));
    const snapshot = set.snapshot({ position: null });
    // Views, not copies: a tracker's batches are read only as the slices are taken.
    const crypto = readServerState(snapshot.source)!.trackers!.find((t) => t.name === 'crypto')!;
    expect(Array.isArray(crypto.checkpoint.batches)).toBe(false);
    const written = [...jsonSlices(snapshot, 4096)].join('');
    expect(written).toBe(expected);

    const saved = JSON.parse(written) as ReturnType<TrackerSet['checkpoint']>;
    const savedCrypto = readServerState(saved.source)!.trackers!.find((t) => t.name === 'crypto')!;
    for (const c of [saved, savedCrypto.checkpoint]) {
      expect(c.batches.some((b) => (b.pairs?.length ?? 0) > 0)).toBe(true);
      expect(c.batches.some((b) => (b.profiles?.length ?? 0) > 0)).toBe(true);
    }
    const again = trackerSet([CRYPTO, SKY]);
    const outcome = again.set.everything.restore(saved);
    expect(outcome.resumed).toBe(true);
    again.set.restoreNamed(outcome.state);
    // The related tags and profiles come back with the batches they belong to (in any order).
    const restored = again.set.get('crypto')!.checkpoint();
    const sorted = (rows: unknown[] | undefined) => rows?.map((r) => JSON.stringify(r)).sort();
    const detail = (c: typeof restored) =>
      c.batches.map((b) => [b.index, sorted(b.pairs), b.pairOverflow, sorted(b.profiles)]);
    expect(detail(restored)).toEqual(detail(savedCrypto.checkpoint));
    expect(again.set.get('crypto')!.session.lifetime()).toEqual(set.get('crypto')!.session.lifetime());
  });
});
