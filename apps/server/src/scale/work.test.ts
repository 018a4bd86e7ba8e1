import { DEFAULT_SETTINGS, type BatchResult, type TagDetail } from '@tagstream/protocol';
import { keyspace, type Redis } from '@tagstream/redis';
import { useTestRedis } from '@tagstream/redis/testing/suite';
import { digestLine, runParts } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CountingModeError } from './counting-mode.ts';
import { startWork, type Work } from './work.ts';

const keys = keyspace();
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const tweet = (i: number, text: string): string =>
  JSON.stringify({ id: String(1_000 + i), created_at: new Date(T0 + i * 1_000).toISOString(), text });
const iso = (ms: number): string => new Date(T0 + ms).toISOString();
const watermark = (ms: number, stream?: string): string =>
  JSON.stringify({ watermark: new Date(T0 + ms).toISOString(), ...(stream ? { stream } : {}) });

/** Appends lines as the ingestor does: each with its log offset, the first naming the log. */
async function appendLines(client: Redis, lines: string[]): Promise<void> {
  const from = Number((await client.hget(keys.appended, 'last')) ?? -1) + 1;
  await client.hset(keys.appended, 'log', 'log-1', 'last', String(from + lines.length - 1));
  await client.hsetnx(keys.appended, 'first', '0');
  for (const [i, l] of lines.entries()) {
    const o = from + i;
    await client.xadd(keys.lines, '*', 'l', l, 'o', String(o), ...(o === 0 ? ['g', 'log-1'] : []));
  }
}

async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 20));
}

async function untilResults(client: Redis, n: number): Promise<BatchResult[]> {
  for (;;) {
    const entries = await client.xrange(keys.results, '-', '+');
    if (entries.length >= n) return entries.map(([, f]) => JSON.parse(f[f.indexOf('r') + 1]!) as BatchResult);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('startWork against a real redis-server', () => {
  const db = useTestRedis();

  // Claims only after a minute: what a worker reads here is its own.
  const work = (name: string, merge = false): Promise<Work> =>
    startWork({
      url: db.redis.url,
      name,
      settings: DEFAULT_SETTINGS,
      claimIdleMs: 60_000,
      leaseTtlMs: 1_000,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      merge,
    });

  it('a worker of the other counting mode than the running workers refuses to start; once they are gone it may', async () => {
    const first = await work('w1', true);
    const second = await work('w2', true);
    try {
      await expect(work('w3', false)).rejects.toThrow(CountingModeError);
      await expect(work('w3', false)).rejects.toThrow(
        /workers running on this stream count with --merge, this one was started without --merge/,
      );
      // The refused worker changed nothing.
      expect(await db.client.get(keys.workersMode)).toBe('merge');
      await first.stop();
      // One worker of the mode still runs and renews it past the TTL.
      const renewedUntil = Date.now() + 1_500;
      await until(() => Date.now() > renewedUntil);
      await expect(work('w3', false)).rejects.toThrow(CountingModeError);
    } finally {
      await second.stop();
    }
    // The last one stopped: the mode lapses with its TTL, and the stream may change modes.
    await until(async () => (await db.client.exists(keys.workersMode)) === 0);
    const other = await work('w3', false);
    try {
      expect(await db.client.get(keys.workersMode)).toBe('digests');
      await expect(work('w4', true)).rejects.toThrow(
        /count without --merge, this one was started with --merge/,
      );
    } finally {
      await other.stop();
    }
  });

  it('a new emitter deletes the digests and parts an emitter left behind when it died between its checkpoint and their delete', async () => {
    const before = await work('w1', true);
    await appendLines(db.client, [
      watermark(0, 'begin'),
      tweet(1, '#a'),
      tweet(2, '#a #b'),
      watermark(10_000),
    ]);
    await untilResults(db.client, 1);
    await before.stop();
    const position = await db.client.hget(keys.emitter, 'position');
    const counted = await db.client.xrange(keys.lines, '-', position!);
    expect(counted).toHaveLength(4);
    // What its workers had written for those entries, as if it had died before deleting them.
    const ids = counted.map(([id]) => id);
    const digests = counted.map(([, f]) => digestLine(f[f.indexOf('l') + 1]!));
    const run = runParts(ids, digests, DEFAULT_SETTINGS.batchMs);
    for (const [i, id] of ids.entries()) {
      await db.client.hset(keys.digests, id, JSON.stringify(run.facts[i]));
      await db.client.hset(keys.fullDigests, id, digests[i]!);
    }
    expect(run.parts.size).toBeGreaterThan(0);
    for (const [field, part] of run.parts) await db.client.hset(keys.parts, field, part);

    await appendLines(db.client, [tweet(11, '#c'), tweet(12, '#c #a'), watermark(20_000)]);
    const after = await work('w2', true);
    try {
      const [, second] = await untilResults(db.client, 2);
      expect(second!.top.map((t) => [t.tag, t.count])).toEqual([
        ['a', 3],
        ['c', 2],
        ['b', 1],
      ]);
      expect(second!.totals.tweets).toBe(4);
    } finally {
      await after.stop();
    }
    // Its checkpoint deleted what it fed; the sweep, what was left before it.
    for (const key of [keys.digests, keys.fullDigests, keys.parts]) expect(await db.client.hlen(key)).toBe(0);
  });

  it('a worker whose pending entries were trimmed meanwhile acknowledges them, and they count as lost', async () => {
    const lines = [
      watermark(0, 'begin'),
      tweet(1, 'gone #a'),
      tweet(2, 'gone #a'),
      tweet(3, 'kept #b'),
      tweet(4, 'kept #b #c'),
      watermark(30_000, 'end'),
    ];
    await appendLines(db.client, lines);
    // A worker named w1 read every entry and died before flushing; then the stream lost its first
    // three. Started again, w1 finds them gone (XAUTOCLAIM drops them from the pending list; a read
    // of its own pending entries returns them without fields) and counts the rest.
    await db.client.xgroup('CREATE', keys.lines, keys.group, '0', 'MKSTREAM');
    await db.client.xreadgroup('GROUP', keys.group, 'w1', 'COUNT', 100, 'STREAMS', keys.lines, '>');
    const ids = (await db.client.xrange(keys.lines, '-', '+')).map(([id]) => id);
    await db.client.xtrim(keys.lines, 'MINID', ids[3]!);

    const w = await work('w1');
    try {
      const [first] = await untilResults(db.client, 1);
      expect(first!.stats.lost).toBe(3);
      expect(first!.stats.tweets).toBe(2);
      expect(first!.top.map((t) => [t.tag, t.count])).toEqual([
        ['b', 2],
        ['c', 1],
      ]);
      // Nothing stays pending: the trimmed entries were acknowledged too.
      for (;;) {
        const [pending] = (await db.client.xpending(keys.lines, keys.group)) as [number];
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await w.stop();
    }
  });

  it('applies settings a web node writes: top K and window from the next result, a new batch interval restarts counting', async () => {
    await db.client.hset(keys.settings, 'json', JSON.stringify(DEFAULT_SETTINGS));
    const w = await work('w1');
    try {
      await appendLines(db.client, [
        watermark(0, 'begin'),
        tweet(1, '#a #b'),
        tweet(2, '#a #b'),
        tweet(3, '#a'),
        watermark(10_000),
      ]);
      const [first] = await untilResults(db.client, 1);
      expect(first!.top.map((t) => t.tag)).toEqual(['a', 'b']);
      expect(first!.window).toEqual({ start: iso(-10_000), end: iso(10_000) });

      await db.client.hset(
        keys.settings,
        'json',
        JSON.stringify({ ...DEFAULT_SETTINGS, topK: 1, windowMs: 10_000 }),
      );
      await until(() => w.emitter.settings?.topK === 1);
      await appendLines(db.client, [tweet(11, '#c #d'), tweet(12, '#d'), watermark(20_000)]);
      const [, second] = await untilResults(db.client, 2);
      expect(second!.top.map((t) => [t.tag, t.count])).toEqual([['d', 2]]);
      expect(second!.window).toEqual({ start: iso(10_000), end: iso(20_000) });
      expect(second!.totals.tweets).toBe(5);

      await db.client.hset(
        keys.settings,
        'json',
        JSON.stringify({ ...DEFAULT_SETTINGS, topK: 1, batchMs: 5_000, windowMs: 5_000, slideMs: 5_000 }),
      );
      await until(() => w.emitter.settings?.batchMs === 5_000);
      await appendLines(db.client, [tweet(21, '#e'), watermark(25_000)]);
      const [, , third] = await untilResults(db.client, 3);
      expect(third!.batch).toEqual({ start: iso(20_000), end: iso(25_000) });
      expect(third!.top.map((t) => t.tag)).toEqual(['e']);
      // Counting started again: the running totals too.
      expect(third!.totals.tweets).toBe(1);
    } finally {
      await w.stop();
    }
  });

  it('writes the drill-downs of the latest result’s tags for web nodes: count, samples, series', async () => {
    const w = await work('w1');
    try {
      await appendLines(db.client, [
        watermark(0, 'begin'),
        tweet(1, 'first #Ether'),
        tweet(2, 'second #ether #btc'),
        tweet(3, 'no tags'),
        watermark(10_000),
      ]);
      const [first] = await untilResults(db.client, 1);
      await until(async () => (await db.client.hlen(keys.tags)) > 0);
      const details = await db.client.hgetall(keys.tags);
      expect(Object.keys(details).sort()).toEqual(first!.top.map((t) => t.tag).sort());
      const ether = JSON.parse(details.ether!) as TagDetail;
      expect(ether).toMatchObject({ tag: 'ether', display: '#Ether', count: 2 });
      expect(ether.samples.map((t) => t.text)).toEqual(['second #ether #btc', 'first #Ether']);
      expect(ether.series.at(-1)).toEqual({ start: iso(0), end: iso(10_000), count: 2 });
      expect(ether.related).toEqual([{ tag: 'btc', count: 1 }]);
    } finally {
      await w.stop();
    }
  });

  it('an emitter waiting for entries a dead worker held passes them once their lines are trimmed, counting them as lost', async () => {
    await appendLines(db.client, [watermark(0, 'begin'), tweet(1, 'gone #a'), tweet(2, 'gone #a')]);
    // A worker read them and died; nobody claims them within the test (claims after a minute).
    await db.client.xgroup('CREATE', keys.lines, keys.group, '0', 'MKSTREAM');
    await db.client.xreadgroup('GROUP', keys.group, 'dead', 'COUNT', 100, 'STREAMS', keys.lines, '>');
    const held = (await db.client.xrange(keys.lines, '-', '+')).map(([id]) => id);
    const w = await work('w1');
    try {
      await until(() => w.emitter.waitingFor === held[0]);
      await appendLines(db.client, [tweet(3, 'kept #b'), watermark(10_000)]);
      await db.client.xtrim(
        keys.lines,
        'MINID',
        `${held[2]!.split('-')[0]}-${Number(held[2]!.split('-')[1]) + 1}`,
      );
      const [first] = await untilResults(db.client, 1);
      expect(first!.stats.lost).toBe(3);
      expect(first!.stats.tweets).toBe(1);
      expect(first!.top.map((t) => [t.tag, t.count])).toEqual([['b', 1]]);
    } finally {
      await w.stop();
    }
  });

  it('a new emitter resumes a checkpoint made before a batch-interval change, then restarts counting, numbering on', async () => {
    await db.client.hset(keys.settings, 'json', JSON.stringify(DEFAULT_SETTINGS));
    const before = await work('w1');
    await appendLines(db.client, [watermark(0, 'begin'), tweet(1, '#a'), watermark(10_000)]);
    await untilResults(db.client, 1);
    // Stopped, it checkpoints; the batch interval changes while no emitter runs.
    await before.stop();
    const settings = { ...DEFAULT_SETTINGS, batchMs: 5_000, windowMs: 5_000, slideMs: 5_000 };
    await db.client.hset(keys.settings, 'json', JSON.stringify(settings));
    const after = await work('w2');
    try {
      await appendLines(db.client, [tweet(11, '#b'), watermark(15_000)]);
      const results = await untilResults(db.client, 2);
      expect(results.map((r) => r.batch)).toEqual([
        { start: iso(0), end: iso(10_000) },
        { start: iso(10_000), end: iso(15_000) },
      ]);
      expect(results[1]!.top.map((t) => t.tag)).toEqual(['b']);
      expect(results[1]!.totals.tweets).toBe(1);
      expect(after.emitter.settings).toEqual(settings);
    } finally {
      await after.stop();
    }
  });
});
