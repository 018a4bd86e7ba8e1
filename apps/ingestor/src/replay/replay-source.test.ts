import { ManualClock } from '@tagstream/time';
import type { StreamMark, Tweet } from '@tagstream/tweets';
import { describe, expect, it } from 'vitest';
import { ReplaySource, type ReplayOptions } from './replay-source.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');

function tweet(offsetMs: number | null, text = 'hello #tag', id?: string): Tweet {
  return {
    id: id ?? (offsetMs === null ? null : String(1_000 + (offsetMs ?? 0))),
    time: offsetMs === null ? null : T0 + offsetMs,
    text,
    retweet: false,
    author: null,
    lang: null,
  };
}

/** Tweets every `stepMs` from T0 for `count` tweets. */
function every(stepMs: number, count: number): Tweet[] {
  return Array.from({ length: count }, (_, i) => tweet(i * stepMs, `#t${i}`, String(5_000 + i)));
}

/**
 * The manual clock as the pacing tests drive it: `advanceAsync` moves through each due sleep in
 * order and lets the replay run until it sleeps again (or finishes), so assertions see exactly
 * what happened up to then.
 */
class PacingClock extends ManualClock {
  finished = false;

  get t(): number {
    return this.now();
  }

  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    expect(ms).toBeGreaterThan(0);
    return super.sleep(ms, signal);
  }

  /** Lets the replay run until it waits on the clock again, or has finished. */
  override async settle(): Promise<boolean> {
    const waiting = await super.settle(() => this.finished, 100_000);
    if (!waiting && !this.finished) throw new Error('the replay neither sleeps nor finishes');
    return waiting;
  }
}

type Event =
  | { kind: 'tweet'; at: number; tweet: Tweet }
  | { kind: 'watermark'; at: number; time: number; stream?: StreamMark };

function harness(tweets: Tweet[], options: Partial<Omit<ReplayOptions, 'timers' | 'sink'>> = {}) {
  const timers = new PacingClock();
  const events: Event[] = [];
  let writable: () => Promise<void> = () => Promise.resolve();
  const source = new ReplaySource(tweets, {
    speed: 1,
    loop: false,
    maxGapMs: 60_000,
    watermarkEveryMs: 200,
    timers,
    sink: {
      tweet: (t) => events.push({ kind: 'tweet', at: timers.t, tweet: t }),
      watermark: (time, stream) =>
        events.push({ kind: 'watermark', at: timers.t, time, ...(stream ? { stream } : {}) }),
      writable: () => writable(),
    },
    ...options,
  });
  let running: Promise<void> | undefined;
  return {
    timers,
    source,
    events,
    sent: () => events.flatMap((e) => (e.kind === 'tweet' ? [e] : [])),
    watermarks: () => events.flatMap((e) => (e.kind === 'watermark' ? [e] : [])),
    setWritable: (fn: () => Promise<void>) => (writable = fn),
    /** Starts the replay; `advance` (or `timers.settle`) lets it run. */
    start(): void {
      running = source.run().then(() => {
        timers.finished = true;
      });
    },
    async finish(): Promise<void> {
      source.close();
      await running;
    },
  };
}

/** Every watermark is at most the time of each tweet sent after it, and they never go backwards. */
function expectWatermarksSafe(events: Event[]): void {
  let mark = -Infinity;
  for (const e of events) {
    if (e.kind === 'watermark') {
      expect(e.time).toBeGreaterThanOrEqual(mark);
      mark = e.time;
    } else if (e.tweet.time !== null) {
      expect(e.tweet.time, `tweet ${e.tweet.id} after watermark ${mark}`).toBeGreaterThanOrEqual(mark);
    }
  }
}

/** No stretch of wall time longer than `ms` without a watermark, from the start to `until`. */
function expectWatermarkEvery(events: Event[], ms: number, until: number): void {
  const times = events.flatMap((e) => (e.kind === 'watermark' ? [e.at] : []));
  expect(times.length).toBeGreaterThan(0);
  let previous = 0;
  for (const at of [...times, until]) {
    expect(at - previous, `watermark gap ending at ${at}`).toBeLessThanOrEqual(ms);
    previous = at;
  }
}

describe('ReplaySource pacing', () => {
  it.each([1, 20])('sends each tweet when the replay clock reaches its time, at speed %d', async (speed) => {
    const offsets = [0, 1000, 1500, 4000, 4000, 10_000];
    const h = harness(
      offsets.map((o, i) => tweet(o, `#t${i}`, String(100 + i))),
      { speed },
    );
    h.start();
    await h.timers.advanceAsync(20_000 / speed);
    expect(h.sent().map((e) => e.at)).toEqual(offsets.map((o) => o / speed));
    // Tweet times are the recorded ones.
    expect(h.sent().map((e) => e.tweet.time! - T0)).toEqual(offsets);
    expect(h.source.status()).toMatchObject({ done: true, sent: 6, position: 6, total: 6 });
    expectWatermarksSafe(h.events);
    await h.finish();
  });

  it('sends watermarks at least every 200 ms of wall time, never ahead of an unsent tweet', async () => {
    // Uneven gaps, some shorter and some much longer than the watermark interval.
    const offsets = [0, 30, 60, 700, 710, 2600, 2601, 2602, 5000, 9000];
    const h = harness(offsets.map((o, i) => tweet(o, `#w${i}`, String(200 + i))));
    h.start();
    await h.timers.advanceAsync(9000);
    expect(h.source.status().done).toBe(true);
    expectWatermarkEvery(h.events, 200, 9000);
    expectWatermarksSafe(h.events);
    // Watermarks are throttled, not one per tweet: about one per 200 ms over 9 s.
    expect(h.watermarks().length).toBeLessThan(60);
    // The last one is the end of the recording.
    expect(h.watermarks().at(-1)!.time).toBe(T0 + 9000);
  });

  it('marks its first watermark begin and, run to the end, its last end; only those', async () => {
    const h = harness([tweet(0, '#a', '1'), tweet(1_500, '#b', '2'), tweet(4_000, '#c', '3')], { speed: 2 });
    h.start();
    await h.timers.advanceAsync(3_000);
    const marks = h.watermarks().filter((w) => w.stream !== undefined);
    expect(marks).toEqual([
      { kind: 'watermark', at: 0, time: T0, stream: 'begin' },
      { kind: 'watermark', at: 2_000, time: T0 + 4_000, stream: 'end' },
    ]);
    // The begin mark comes before any tweet, the end mark after the last.
    expect(h.events[0]).toEqual(marks[0]);
    expect(h.events.at(-1)).toEqual(marks[1]);
    expect(h.watermarks().length).toBeGreaterThan(2);
  });

  it('marks no end when stopped early, nor while looping', async () => {
    const stopped = harness(every(1_000, 10));
    stopped.start();
    await stopped.timers.advanceAsync(3_500);
    await stopped.finish();
    expect(
      stopped
        .watermarks()
        .map((w) => w.stream)
        .filter(Boolean),
    ).toEqual(['begin']);

    const looping = harness(every(1_000, 3), { loop: true });
    looping.start();
    await looping.timers.advanceAsync(12_000);
    expect(looping.source.status().loops).toBeGreaterThanOrEqual(3);
    expect(
      looping
        .watermarks()
        .map((w) => w.stream)
        .filter(Boolean),
    ).toEqual(['begin']);
    await looping.finish();
  });

  it('open (a watched folder): one stream over the files appended to it, waiting between them', async () => {
    const h = harness([], { open: true, maxGapMs: 5_000, speed: 2 });
    h.start();
    // Nothing to say before the first file: no watermark of the wrong time.
    await h.timers.advanceAsync(3_000);
    expect(h.events).toEqual([]);
    h.source.append([tweet(0, '#a', '1'), tweet(1_000, '#b', '2')]);
    await h.timers.advanceAsync(5_000);
    expect(h.sent().map((e) => [e.tweet.id, e.at])).toEqual([
      ['1', 3_000],
      ['2', 3_500],
    ]);
    // While waiting for the next file: watermarks keep coming, never past the last tweet sent.
    const waiting = h.watermarks().filter((w) => w.at >= 3_500);
    expect(waiting.length).toBeGreaterThanOrEqual(4_500 / 200);
    waiting.slice(1).forEach((w, i) => expect(w.at - waiting[i]!.at).toBeLessThanOrEqual(200));
    expect(h.watermarks().at(-1)!.time).toBe(T0 + 1_000);
    expect(h.source.status()).toMatchObject({ done: false, total: 2, sent: 2 });
    // The next file, appended much later: paced from where the stream stopped (the 3 s gap at
    // speed 2 takes 1.5 s), not sent in a burst.
    h.source.append([tweet(4_000, '#c', '3'), tweet(60_000, '#d', '4')]);
    await h.timers.advanceAsync(2_000);
    expect(h.sent().map((e) => e.at)).toEqual([3_000, 3_500, 9_500]);
    h.source.finish();
    await h.timers.advanceAsync(10_000);
    // The long gap is shortened as in any replay, then the one end mark.
    expect(h.sent().at(-1)!.at).toBe(14_500);
    expect(h.watermarks().filter((w) => w.stream)).toEqual([
      { kind: 'watermark', at: 3_000, time: T0, stream: 'begin' },
      { kind: 'watermark', at: 14_500, time: T0 + 60_000, stream: 'end' },
    ]);
    expectWatermarksSafe(h.events);
    expect(h.source.status()).toMatchObject({ done: true, total: 4, sent: 4 });
    expect(() => h.source.append([tweet(70_000)])).toThrow(/finished/);
  });

  it('open, finished at once: drops what is not sent and ends with the last tweet sent', async () => {
    const h = harness([], { open: true });
    h.start();
    h.source.append(every(1_000, 10));
    await h.timers.advanceAsync(2_500);
    h.source.finish({ dropUnsent: true });
    await h.timers.settle();
    expect(h.sent()).toHaveLength(3);
    // The end mark: at the last watermark sent (2.4 s), past the last tweet sent (2 s); never backwards.
    expect(h.watermarks().at(-1)).toMatchObject({ time: T0 + 2_400, stream: 'end' });
    expect(h.source.status()).toMatchObject({ done: true, total: 3 });
  });

  it('open and finished before any file: ends without a word', async () => {
    const h = harness([], { open: true });
    h.start();
    await h.timers.advanceAsync(1_000);
    h.source.finish();
    await h.timers.settle();
    expect(h.events).toEqual([]);
    expect(h.source.status().done).toBe(true);
  });

  it('begins at the first tweet still to send after a seek before the start', async () => {
    const h = harness(every(1_000, 10));
    h.source.seek(4);
    h.start();
    await h.timers.settle();
    expect(h.events[0]).toEqual({ kind: 'watermark', at: 0, time: T0 + 4_000, stream: 'begin' });
    await h.finish();
  });

  it('shortens a long gap to maxGapMs of wall time, keeping the tweets’ own times', async () => {
    const h = harness([tweet(0, '#a', '1'), tweet(60_000, '#b', '2'), tweet(61_000, '#c', '3')], {
      speed: 2,
      maxGapMs: 5_000,
    });
    h.start();
    await h.timers.advanceAsync(20_000);
    // 60 s of tweet time at 2× would be 30 s; it takes 5 s. The next second still takes 500 ms.
    expect(h.sent().map((e) => e.at)).toEqual([0, 5_000, 5_500]);
    expect(h.sent().map((e) => e.tweet.time)).toEqual([T0, T0 + 60_000, T0 + 61_000]);
    expectWatermarkEvery(h.events, 200, 5_500);
    expectWatermarksSafe(h.events);
  });

  it('pauses (no tweets, watermarks keep coming) and resumes where it stopped', async () => {
    const h = harness(every(100, 30));
    h.start();
    await h.timers.advanceAsync(450);
    expect(h.sent()).toHaveLength(5); // 0, 100, …, 400
    h.source.pause();
    expect(h.source.status()).toMatchObject({ paused: true, position: 5, tweetTime: T0 + 450 });
    const before = h.watermarks().length;
    await h.timers.advanceAsync(2_000);
    expect(h.sent()).toHaveLength(5);
    expect(h.watermarks().length - before).toBeGreaterThanOrEqual(10);
    expect(h.source.status().tweetTime).toBe(T0 + 450);
    h.source.resume();
    await h.timers.advanceAsync(50);
    // The tweet at 500 ms goes out 50 ms after resuming: the pause took no tweet time.
    expect(h.sent().map((e) => e.at)).toEqual([0, 100, 200, 300, 400, 2_500]);
    await h.timers.advanceAsync(10_000);
    expect(h.sent()).toHaveLength(30);
    expectWatermarkEvery(h.events, 200, h.sent().at(-1)!.at);
    expectWatermarksSafe(h.events);
  });

  it('holds tweets without a time while paused too', async () => {
    const h = harness([tweet(0, '#a', '1'), tweet(null, 'plain #text'), tweet(1000, '#b', '2')]);
    h.source.pause();
    h.start();
    await h.timers.advanceAsync(1000);
    expect(h.sent()).toHaveLength(0);
    expect(h.watermarks().length).toBeGreaterThanOrEqual(5);
    h.source.resume();
    await h.timers.advanceAsync(1000);
    expect(h.sent().map((e) => [e.at, e.tweet.text])).toEqual([
      [1000, '#a'],
      [1000, 'plain #text'],
      [2000, '#b'],
    ]);
  });

  it('changes speed mid-replay without jumping', async () => {
    const h = harness([
      tweet(0, '#a', '1'),
      tweet(500, '#b', '2'),
      tweet(3_000, '#c', '3'),
      tweet(5_000, '#d', '4'),
    ]);
    h.start();
    await h.timers.advanceAsync(1_000);
    h.source.setSpeed(10);
    expect(h.source.status()).toMatchObject({ speed: 10, tweetTime: T0 + 1_000 });
    await h.timers.advanceAsync(10_000);
    // From 1 s: 2 s of tweet time at 10× is 200 ms, then another 2 s is 200 ms more.
    expect(h.sent().map((e) => e.at)).toEqual([0, 500, 1_200, 1_400]);
    expectWatermarksSafe(h.events);
  });

  it('seeks forward, skipping the tweets in between; a backward seek is ignored', async () => {
    const h = harness(every(1_000, 10));
    h.start();
    await h.timers.advanceAsync(1_500);
    expect(h.sent()).toHaveLength(2);
    h.source.seek(6);
    await h.timers.advanceAsync(0);
    expect(h.sent().map((e) => e.tweet.time! - T0)).toEqual([0, 1_000, 6_000]);
    expect(h.sent()[2]!.at).toBe(1_500);
    expect(h.source.status()).toMatchObject({ position: 7, tweetTime: T0 + 6_000 });
    h.source.seek(2);
    expect(h.source.status().position).toBe(7);
    await h.timers.advanceAsync(1_000);
    expect(h.sent().map((e) => e.tweet.time! - T0)).toEqual([0, 1_000, 6_000, 7_000]);
    expectWatermarksSafe(h.events);
    await h.finish();
  });

  it('loops: each pass shifted forward by span + 1 s, with fresh digit-only ids, never late', async () => {
    const tweets = [
      tweet(0, '#a', '1460000000000000001'),
      tweet(1_000, '#b', '22'),
      tweet(2_000, '#c', '303'),
    ];
    const h = harness(tweets, { loop: true });
    h.start();
    await h.timers.advanceAsync(8_999);
    const sent = h.sent();
    // Passes start every 3 s: the 2 s span plus 1 s.
    expect(sent.map((e) => e.at)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000]);
    expect(sent.map((e) => e.tweet.time! - T0)).toEqual(sent.map((e) => e.at));
    expect(sent.map((e) => e.tweet.text)).toEqual(['#a', '#b', '#c', '#a', '#b', '#c', '#a', '#b', '#c']);
    const ids = sent.map((e) => e.tweet.id!);
    expect(new Set(ids).size).toBe(9);
    for (const id of ids) expect(id).toMatch(/^[0-9]+$/);
    expect(ids.slice(0, 3)).toEqual(['1460000000000000001', '22', '303']);
    // Counted as new: every watermark before a tweet of a later pass is at most its time.
    expectWatermarksSafe(h.events);
    // Three passes done, waiting for the first tweet of the fourth.
    expect(h.source.status()).toMatchObject({ loops: 3, position: 0, total: 3, done: false });
    await h.finish();
  });

  it('filters with the track filter, pacing by every tweet', async () => {
    const tweets = [tweet(0, 'ether #eth', '1'), tweet(1_000, 'cats', '2'), tweet(2_000, 'more ether', '3')];
    const h = harness(tweets, { filter: (t) => t.text.includes('ether') });
    h.start();
    await h.timers.advanceAsync(5_000);
    expect(h.sent().map((e) => [e.at, e.tweet.text])).toEqual([
      [0, 'ether #eth'],
      [2_000, 'more ether'],
    ]);
    expect(h.source.status()).toMatchObject({ sent: 2, filtered: 1, position: 3, done: true });
  });

  it('at max speed goes as fast as sink.writable() lets it', async () => {
    const h = harness(every(10, 1_000), { speed: 'max' });
    const gates: (() => void)[] = [];
    h.setWritable(() => new Promise<void>((resolve) => gates.push(resolve)));
    h.start();
    const waitForGate = async (n: number): Promise<void> => {
      while (gates.length < n) await new Promise((r) => setImmediate(r));
    };
    await waitForGate(1);
    // A burst, then it waits for the readers: no wall time passed.
    expect(h.sent()).toHaveLength(256);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(h.sent()).toHaveLength(256);
    expect(h.source.status()).toMatchObject({ position: 256, tweetTime: T0 + 2_550 });
    gates[0]!();
    await waitForGate(2);
    expect(h.sent()).toHaveLength(512);
    // A watermark between bursts, never ahead of the next tweet.
    expect(h.watermarks().length).toBeGreaterThan(0);
    gates[1]!();
    await waitForGate(3);
    gates[2]!();
    await h.timers.settle();
    expect(h.sent()).toHaveLength(1_000);
    expect(h.source.status()).toMatchObject({ done: true, tweetTime: T0 + 9_990 });
    expect(h.timers.t).toBe(0);
    expectWatermarksSafe(h.events);
    expect(h.watermarks().at(-1)!.time).toBe(T0 + 9_990);
  });

  it('does not hold the event loop with untimed tweets in a loop', async () => {
    // Plain text lines have no time: sent back to back, in bursts that wait for the readers.
    const h = harness([tweet(null, 'one'), tweet(null, 'two')], { loop: true });
    let gate: (() => void) | undefined;
    h.setWritable(() => new Promise<void>((resolve) => (gate = resolve)));
    h.start();
    while (gate === undefined) await new Promise((r) => setImmediate(r));
    expect(h.sent()).toHaveLength(256);
    h.source.close();
    gate();
    await h.finish();
    expect(h.sent()).toHaveLength(256);
  });
});

describe('ReplaySource status', () => {
  it('reports position, total and tweet time; null before the start; frozen when done', async () => {
    const h = harness(every(1_000, 5), { speed: 2 });
    expect(h.source.status()).toMatchObject({ position: 0, total: 5, tweetTime: null, done: false });
    h.start();
    await h.timers.advanceAsync(1_250);
    expect(h.source.status()).toMatchObject({ position: 3, total: 5, tweetTime: T0 + 2_500, sent: 3 });
    await h.timers.advanceAsync(10_000);
    expect(h.source.status()).toMatchObject({ position: 5, done: true, tweetTime: T0 + 4_000 });
    await h.timers.advanceAsync(10_000);
    expect(h.source.status().tweetTime).toBe(T0 + 4_000);
  });

  it('applies a seek and a pause given before the start', async () => {
    const h = harness(every(1_000, 10));
    h.source.seek(8);
    h.source.pause();
    h.start();
    await h.timers.advanceAsync(1_000);
    expect(h.sent()).toHaveLength(0);
    expect(h.source.status()).toMatchObject({ paused: true, position: 8, tweetTime: T0 + 8_000 });
    h.source.resume();
    await h.timers.advanceAsync(1_000);
    expect(h.sent().map((e) => [e.at, e.tweet.time! - T0])).toEqual([
      [1_000, 8_000],
      [2_000, 9_000],
    ]);
  });
});
