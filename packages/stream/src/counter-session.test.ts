/** The counting session: the one place a counter is replaced, with lifetime counts kept across. */
import type { BatchResult, Settings } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpoint.ts';
import { CounterSession } from './counter-session.ts';
import type { SessionSink } from './counting-session.ts';
import { emptyLineTally, feedLine } from './line-input.ts';
import { CounterOptionsError } from './options.ts';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const SEC = 1_000;
const SETTINGS: Settings = {
  batchMs: 10 * SEC,
  windowMs: 20 * SEC,
  slideMs: 10 * SEC,
  topK: 10,
  retweets: true,
  related: 0,
};

const tweetLine = (id: string, at: number, text: string): string =>
  JSON.stringify({ id, created_at: new Date(at).toISOString(), text });
const mark = (at: number, stream?: 'begin' | 'end'): string =>
  JSON.stringify({ watermark: new Date(at).toISOString(), ...(stream ? { stream } : {}) });

/** A replay as our ingestor frames it: a begin mark, tweets a second apart with watermarks, an end mark. */
function replay(start: number, tag: string, n = 30): string[] {
  const lines = [mark(start, 'begin')];
  for (let i = 0; i < n; i++) {
    lines.push(tweetLine(String(100 + i), start + i * SEC + 500, `#${tag} ${i % 3 === 0 ? '#also' : ''}`));
    lines.push(mark(start + (i + 1) * SEC));
  }
  lines.push(mark(start + n * SEC, 'end'));
  return lines;
}

/** Window end (seconds after `origin`) and its top tags with counts. */
const summary = (results: readonly BatchResult[], origin = T0): string[] =>
  results.map(
    (r) =>
      `${(Date.parse(r.window.end) - origin) / SEC}: ${r.top.map((t) => `${t.tag}=${t.count}`).join(' ')}`,
  );

function session(
  opts: { settings?: Partial<Settings>; sink?: Partial<SessionSink>; restartOnBegin?: boolean } = {},
) {
  const results: BatchResult[] = [];
  const begun: { seq: number | null; tweets: number }[] = [];
  const s = new CounterSession({
    settings: { ...SETTINGS, ...opts.settings },
    clock: new ManualClock(0),
    sink: { result: (r) => results.push(r), streamBegan: (p) => begun.push(p), ...opts.sink },
    ...(opts.restartOnBegin === undefined ? {} : { restartOnBegin: opts.restartOnBegin }),
  });
  const tally = emptyLineTally();
  const feed = (lines: string[]): void => {
    for (const line of lines) feedLine(s, line, 'auto', tally);
  };
  return { s, results, begun, feed };
}

describe('CounterSession', () => {
  it('counts a new stream afresh at its begin mark, and keeps lifetime counts across', () => {
    const { s, results, begun, feed } = session();
    feed(replay(T0, 'a'));
    const firstCounter = s.counter;
    const firstRun = results.splice(0);
    // An hour earlier, the same ids: neither late nor duplicates in a fresh counter.
    feed(replay(T0 - 3_600 * SEC, 'b'));
    expect(s.counter).not.toBe(firstCounter);
    expect(begun).toEqual([
      { seq: null, tweets: 0 },
      { seq: firstRun.at(-1)!.seq, tweets: 30 },
    ]);
    expect(summary(results, T0 - 3_600 * SEC)).toEqual(
      summary(firstRun).map((line) => line.replaceAll('a=', 'b=')),
    );
    expect(results.every((r) => r.stats.late === 0 && r.stats.duplicates === 0)).toBe(true);
    expect(results[0]!.seq).toBe(0);
    expect(s.lifetime()).toMatchObject({ tweets: 60, late: 0, duplicates: 0, emitted: 2 * firstRun.length });
  });

  it('reads a begin mark as a plain watermark for a reader of one stream', () => {
    const { s, begun, feed } = session({ restartOnBegin: false });
    feed(replay(T0, 'a'));
    const only = s.counter;
    feed(replay(T0 - 3_600 * SEC, 'b'));
    expect(s.counter).toBe(only);
    expect(begun).toEqual([]);
    expect(s.lifetime()).toMatchObject({ tweets: 30, duplicates: 30 });
  });

  it('applies window, slide and top K to the counter it has, and restarts on a new batch interval', () => {
    const { s, results, feed } = session();
    feed(replay(T0, 'a').slice(0, -11));
    const counter = s.counter;
    expect(s.applySettings({ windowMs: 30 * SEC, topK: 1 })).toEqual({
      settings: { ...SETTINGS, windowMs: 30 * SEC, topK: 1 },
      reset: false,
    });
    expect(s.counter).toBe(counter);
    const before = results.length;
    feed([mark(T0 + 30 * SEC)]);
    const next = results[before]!;
    expect(Date.parse(next.window.end) - Date.parse(next.window.start)).toBe(30 * SEC);
    expect(next.top).toHaveLength(1);

    const counted = s.lifetime();
    const change = s.applySettings({ batchMs: 5 * SEC, windowMs: 10 * SEC, slideMs: 5 * SEC });
    expect(change.reset).toBe(true);
    expect(s.counter).not.toBe(counter);
    expect(s.counter.options).toMatchObject({ batchMs: 5 * SEC, windowMs: 10 * SEC, topK: 1 });
    expect(s.lifetime()).toEqual(counted);
    const after = results.length;
    feed([tweetLine('900', T0 + 41 * SEC, '#fresh'), mark(T0 + 60 * SEC)]);
    expect(summary(results.slice(after))).toEqual(['45: fresh=1', '50: fresh=1', '55: ']);
    expect(s.lifetime().tweets).toBe(counted.tweets + 1);
  });

  it('turns related tags on and off live: from the first window whose batches all counted pairs', () => {
    const { s, results, feed } = session();
    const lines = replay(T0, 'a');
    feed(lines.slice(0, 21));
    expect(s.applySettings({ related: 3 })).toEqual({ settings: { ...SETTINGS, related: 3 }, reset: false });
    const before = results.length;
    feed(lines.slice(21));
    const listed = results.slice(before).map((r) => r.top.map((e) => e.related));
    // Turned on in the batch of 10 s: the window [0, 20) has none, [10, 30) on are exact.
    expect(listed[0]).toEqual([undefined, undefined]);
    expect(listed[1]).toEqual([[{ tag: 'also', count: 6 }], [{ tag: 'a', count: 6 }]]);
    s.applySettings({ related: 0 });
    expect(s.counter.options.related).toBe(0);
    expect(() => s.applySettings({ related: -1 })).toThrow(/related must be zero or a positive integer/);

    const saved: unknown = JSON.parse(JSON.stringify(s.checkpoint()));
    const strict = session({ settings: { related: 5 } });
    expect(strict.s.restore(saved, { sameSettings: true })).toMatchObject({
      resumed: false,
      reason: 'settings',
    });
  });

  it('checks settings where they enter, and changes nothing for one it cannot honour', () => {
    expect(() => session({ settings: { windowMs: 25 * SEC } })).toThrow(
      new CounterOptionsError('window (25000 ms) must be a multiple of the batch interval (10000 ms)'),
    );
    expect(() => session({ settings: { slideMs: 15 * SEC } })).toThrow(
      /slide \(15000 ms\) must be a multiple/,
    );
    const { s } = session();
    const counter = s.counter;
    expect(() => s.applySettings({ batchMs: 7 * SEC })).toThrow(/window \(20000 ms\) must be a multiple/);
    expect(() => s.applySettings({ windowMs: 15 * SEC })).toThrow(CounterOptionsError);
    expect(() => s.applySettings({ topK: 0 })).toThrow(/topK must be a positive integer/);
    expect(s.settings).toEqual(SETTINGS);
    expect(s.counter).toBe(counter);
    expect(s.counter.options).toMatchObject(SETTINGS);
  });

  it('resumes from a checkpoint with the same results and lifetime counts as an uninterrupted run', () => {
    const lines = [...replay(T0, 'a'), ...replay(T0 + 3_600 * SEC, 'c')];
    const straight = session();
    straight.feed(lines);

    const cut = lines.length - 25;
    const first = session();
    first.feed(lines.slice(0, cut));
    const saved: unknown = JSON.parse(JSON.stringify(first.s.checkpoint({ mine: 1 })));
    const resumed = session();
    const outcome = resumed.s.restore(saved);
    expect(outcome).toMatchObject({
      resumed: true,
      reconfigured: false,
      checkpoint: { source: { mine: 1 } },
    });
    resumed.feed(lines.slice(cut));
    expect([...first.results, ...resumed.results]).toEqual(straight.results);
    expect(resumed.s.lifetime()).toEqual(straight.s.lifetime());
    expect(resumed.s.lifetime().tweets).toBe(60);
  });

  it('resumes with the settings asked for now, unless the batch interval differs or the same settings are required', () => {
    const first = session();
    first.feed(replay(T0, 'a').slice(0, 20));
    const saved: unknown = JSON.parse(JSON.stringify(first.s.checkpoint()));

    const wider = session({ settings: { windowMs: 40 * SEC } });
    expect(wider.s.restore(saved)).toMatchObject({ resumed: true, reconfigured: true });
    expect(wider.s.counter.options.windowMs).toBe(40 * SEC);
    expect(wider.s.counter.latest).toEqual(first.s.counter.latest);

    const strict = session({ settings: { windowMs: 40 * SEC } });
    const fresh = strict.s.counter;
    expect(strict.s.restore(saved, { sameSettings: true })).toMatchObject({
      resumed: false,
      reason: 'settings',
    });
    expect(strict.s.counter).toBe(fresh);

    const other = session({ settings: { batchMs: 5 * SEC, windowMs: 10 * SEC, slideMs: 5 * SEC } });
    expect(other.s.restore(saved)).toMatchObject({ resumed: false, reason: 'batch-interval' });
    expect(other.s.counter.latest).toBeNull();

    expect(() => other.s.restore({ kind: 'something else' })).toThrow(CheckpointError);
  });

  it('keeps a failing listener from stopping the counter half-way, and says so', () => {
    const lines = replay(T0, 'a');
    const straight = session();
    straight.feed(lines);

    const failures: [unknown, string][] = [];
    let calls = 0;
    const delivered: BatchResult[] = [];
    const guarded = session({
      sink: {
        result: (r) => {
          if (++calls % 2 === 1) throw new Error(`listener broke on ${r.seq}`);
          delivered.push(r);
        },
        counted: () => {
          throw new Error('samples broke');
        },
        failed: (err, call) => failures.push([(err as Error).message, call]),
      },
    });
    guarded.feed(lines);
    expect(delivered).toEqual(straight.results.filter((_, i) => i % 2 === 1));
    expect(failures.filter(([, call]) => call === 'result')).toHaveLength(
      Math.ceil(straight.results.length / 2),
    );
    expect(failures.filter(([, call]) => call === 'counted')).toHaveLength(30);
    expect(guarded.s.lifetime()).toEqual(straight.s.lifetime());
  });

  it('without a failure handler, throws a listener’s error once the input that caused it is counted', () => {
    const lines = replay(T0, 'a');
    const straight = session();
    // The line whose watermark closes the first window.
    const closing = lines.findIndex((line) => {
      straight.feed([line]);
      return straight.results.length > 0;
    });
    straight.feed(lines.slice(closing + 1));
    let thrown = false;
    const throwing = session({
      sink: {
        result: () => {
          if (thrown) return;
          thrown = true;
          throw new Error('printer broke');
        },
      },
    });
    const failedAt: number[] = [];
    lines.forEach((line, i) => {
      try {
        throwing.feed([line]);
      } catch (err) {
        expect(err).toEqual(new Error('printer broke'));
        failedAt.push(i);
      }
    });
    expect(failedAt).toEqual([closing]);
    expect(throwing.s.counter.latest).toEqual(straight.s.counter.latest);
    expect(throwing.s.lifetime()).toEqual(straight.s.lifetime());
  });

  it('closes plain-text batches on wall time as the clock moves and the owner ticks', () => {
    const clock = new ManualClock(T0);
    const results: BatchResult[] = [];
    const s = new CounterSession({
      settings: { ...SETTINGS, batchMs: SEC, windowMs: SEC, slideMs: SEC },
      clock,
      sink: { result: (r) => results.push(r) },
    });
    const tally = emptyLineTally();
    feedLine(s, 'just typed #hello', 'auto', tally);
    s.tick();
    expect(results).toEqual([]);
    clock.advance(1_000);
    s.tick();
    expect(summary(results)).toEqual(['1: hello=1']);
  });

  it('keeps batches as long as its readers need under each setting', () => {
    const s = new CounterSession({
      settings: SETTINGS,
      base: { retentionMs: 60 * SEC, latenessMs: 0 },
      minRetentionMs: (settings) => 30 * settings.batchMs,
      clock: new ManualClock(0),
      sink: { result: () => undefined },
    });
    expect(s.counter.options).toMatchObject({ retentionMs: 300 * SEC, latenessMs: 0 });
    s.applySettings({ batchMs: SEC, windowMs: 2 * SEC, slideMs: SEC });
    expect(s.counter.options).toMatchObject({ retentionMs: 60 * SEC, latenessMs: 0 });
  });
});
