import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '@tagstream/time';
import { parseLine } from '@tagstream/tweets';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Ingestor } from './ingestor.ts';
import { loadForReplay } from './replay/load-for-replay.ts';
import { memoryLogger } from './live/testing/wait.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
let dir: string;

function line(offsetMs: number, id: string, text: string): string {
  return JSON.stringify({ id, created_at: new Date(T0 + offsetMs).toISOString(), text });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-ingestor-'));
  // Newest first, as search tools write: the replay sorts by event time.
  await writeFile(
    path.join(dir, 'a.jsonl'),
    [line(2_000, '3', '#c'), '{"not json', line(0, '1', '#a')].join('\n') + '\n',
  );
  await writeFile(path.join(dir, 'b.jsonl'), line(1_000, '2', '#b') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/**
 * A manual wall clock: the replay's sleeps resolve as the test advances it, and after each the
 * replay runs until it waits on the clock again (or, a while later, gives up: it ended).
 */
function virtualTimers() {
  const timers = new ManualClock(0);
  return { timers, advanceTo: (target: number) => timers.advanceAsync(target - timers.now()) };
}

async function reader(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  closers.push(() => void socket.destroy());
  const lines: string[] = [];
  let rest = '';
  let wake: (() => void) | null = null;
  socket.setEncoding('utf8').on('data', (d: string) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    wake?.();
  });
  await new Promise((r) => socket.once('connect', r));
  return {
    lines,
    async until(test: () => boolean): Promise<void> {
      while (!test()) await new Promise<void>((r) => (wake = r));
    },
  };
}

describe('Ingestor', () => {
  it('loads several files in event-time order, counting problems per file', async () => {
    const { tweets, files } = await loadForReplay([path.join(dir, 'a.jsonl'), path.join(dir, 'b.jsonl')]);
    expect(tweets.map((t) => t.text)).toEqual(['#a', '#b', '#c']);
    expect(files).toEqual([
      { file: path.join(dir, 'a.jsonl'), tweets: 2, lines: 3, malformed: 1, skipped: 0, oversized: 0 },
      { file: path.join(dir, 'b.jsonl'), tweets: 1, lines: 1, malformed: 0, skipped: 0, oversized: 0 },
    ]);
  });

  it('replays in a loop over TCP: status position/total/tweet time, shifted passes, safe watermarks', async () => {
    const clock = virtualTimers();
    const log = memoryLogger();
    const ingestor = new Ingestor({
      host: '127.0.0.1',
      port: 0,
      format: 'json',
      logger: log.logger,
      clock: clock.timers,
    });
    closers.push(() => ingestor.close());
    const { port } = await ingestor.listen();
    const r = await reader(port);
    await ingestor.startReplay({
      files: [path.join(dir, 'a.jsonl'), path.join(dir, 'b.jsonl')],
      speed: 1,
      loop: true,
    });
    expect(log.text()).toContain(`${path.join(dir, 'a.jsonl')}: 1 malformed line skipped`);

    await clock.advanceTo(1_500);
    expect(ingestor.status()).toMatchObject({
      kind: 'replay',
      replay: {
        position: 2,
        total: 3,
        loops: 0,
        tweetTime: T0 + 1_500,
        tweetTimeIso: '2026-11-22T10:00:01.500Z',
        malformed: 1,
      },
    });
    // Into the second pass: it starts 1 s after the first one's last tweet, 2 s of span later.
    await clock.advanceTo(4_200);
    expect(ingestor.status().replay).toMatchObject({
      position: 2,
      total: 3,
      loops: 1,
      sent: 5,
      tweetTime: T0 + 4_200,
      done: false,
    });

    const tweetsExpected = 5;
    const tweets = () => r.lines.filter((l) => !l.startsWith('{"watermark"'));
    await r.until(() => tweets().length >= tweetsExpected);
    const parsed = tweets().map((l) => {
      const p = parseLine(l, 'json');
      if (p.kind !== 'tweets') throw new Error(`not a tweet: ${l}`);
      return p.tweets[0]!;
    });
    // The core reads the shifted passes back with their shifted times (not from the fresh ids).
    expect(parsed.map((t) => [t.text, (t.time ?? NaN) - T0])).toEqual([
      ['#a', 0],
      ['#b', 1_000],
      ['#c', 2_000],
      ['#a', 3_000],
      ['#b', 4_000],
    ]);
    expect(parsed.slice(0, 3).map((t) => t.id)).toEqual(['1', '2', '3']);
    for (const t of parsed.slice(3)) expect(t.id).toMatch(/^1\d{20}$/);

    // Every watermark on the wire is at most the time of each tweet after it.
    let mark = -Infinity;
    for (const l of r.lines) {
      const o = JSON.parse(l) as { watermark?: string; created_at?: string };
      if (o.watermark !== undefined) {
        expect(Date.parse(o.watermark)).toBeGreaterThanOrEqual(mark);
        mark = Date.parse(o.watermark);
      } else expect(Date.parse(o.created_at!)).toBeGreaterThanOrEqual(mark);
    }
    expect(mark).toBeGreaterThan(T0 + 3_000);
  });

  it('refuses a replay with no tweets, keeping the current one', async () => {
    const ingestor = new Ingestor({
      host: '127.0.0.1',
      port: 0,
      format: 'json',
      logger: memoryLogger().logger,
    });
    closers.push(() => ingestor.close());
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '\n\n');
    await expect(ingestor.startReplay({ files: [empty], speed: 1, loop: false })).rejects.toThrow(
      /^nothing to replay \(.*empty\.txt: no tweets in 2 lines\)$/,
    );
    expect(ingestor.status().replay).toBeNull();
  });

  it('marks each replay on the wire: a begin watermark first, an end watermark after its last tweet', async () => {
    const clock = virtualTimers();
    const ingestor = new Ingestor({
      host: '127.0.0.1',
      port: 0,
      format: 'json',
      logger: memoryLogger().logger,
      clock: clock.timers,
    });
    closers.push(() => ingestor.close());
    const { port } = await ingestor.listen();
    const r = await reader(port);
    await ingestor.startReplay({ files: [path.join(dir, 'a.jsonl')], speed: 1, loop: false });
    await clock.advanceTo(3_000);
    await ingestor.replayOutcome();
    await r.until(() => r.lines.some((l) => l.includes('"stream":"end"')));
    const first = r.lines.length;
    // A second replay goes back in tweet time: its begin mark tells the reader it is a stream of its own.
    await ingestor.startReplay({ files: [path.join(dir, 'b.jsonl')], speed: 1, loop: false });
    await clock.advanceTo(10_000);
    await ingestor.replayOutcome();
    await r.until(() => r.lines.filter((l) => l.includes('"stream":"end"')).length === 2);

    const read = (lines: string[]) =>
      lines.map((l) => {
        const p = parseLine(l, 'auto');
        if (p.kind === 'watermark') return p.stream ? `${p.stream} ${p.time - T0}` : 'watermark';
        return p.kind === 'tweets' ? p.tweets.map((t) => t.text).join() : p.kind;
      });
    const marksAndTweets = (lines: string[]) => read(lines).filter((x) => x !== 'watermark');
    expect(marksAndTweets(r.lines.slice(0, first))).toEqual(['begin 0', '#a', '#c', 'end 2000']);
    expect(marksAndTweets(r.lines.slice(first))).toEqual(['begin 1000', '#b', 'end 1000']);
    expect(r.lines[0]).toBe(`{"watermark":"${new Date(T0).toISOString()}","stream":"begin"}`);
  });

  it('replayOutcome tells a replay replaced through the control API from one that ran to its end', async () => {
    const clock = virtualTimers();
    const ingestor = new Ingestor({
      host: '127.0.0.1',
      port: 0,
      format: 'json',
      logger: memoryLogger().logger,
      clock: clock.timers,
    });
    closers.push(() => ingestor.close());
    await ingestor.listen();
    await ingestor.startReplay({ files: [path.join(dir, 'a.jsonl')], speed: 1, loop: false });
    const first = ingestor.replayOutcome();
    await clock.advanceTo(500);
    const second = [path.join(dir, 'b.jsonl'), path.join(dir, 'a.jsonl')];
    await ingestor.startReplay({ files: second, speed: 1, loop: false });
    // The command line's replay was replaced: it is no longer the command's to end the process.
    expect(await first).toBe('replaced');
    let outcome: string | null = null;
    const done = ingestor.replayOutcome().then((o) => (outcome = o));
    await clock.advanceTo(2_400);
    expect(outcome).toBeNull();
    expect(ingestor.status().replay).toMatchObject({ files: second, position: 2, done: false });
    await clock.advanceTo(3_000);
    await done;
    expect(outcome).toBe('finished');
    expect(ingestor.status().replay).toMatchObject({ files: second, position: 3, total: 3, done: true });
  });
});
