import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectRedis, keyspace, type Redis } from '@tagstream/redis';
import { useTestRedis } from '@tagstream/redis/testing/suite';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LmdbLineLog } from './lmdb-line-log.ts';
import { RedisMirroredLog, withAppendLines } from './redis-mirrored-log.ts';

const keys = keyspace();
const BIG = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };
const text = (...lines: string[]): string => lines.map((l) => l + '\n').join('');

/** The stream's entries as their fields, by name. */
async function entries(client: Redis): Promise<Record<string, string>[]> {
  const all = await client.xrange(keys.lines, '-', '+');
  return all.map(([, f]) => {
    const o: Record<string, string> = {};
    for (let i = 0; i + 1 < f.length; i += 2) o[f[i]!] = f[i + 1]!;
    return o;
  });
}

describe('RedisMirroredLog against a real redis-server', () => {
  const db = useTestRedis();
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tagstream-mirror-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends each line with its offset in the embedded log; the first from a log names it', async () => {
    const inner = LmdbLineLog.open(dir, BIG, 0);
    const log = new RedisMirroredLog(inner, {
      url: db.redis.url,
      bounds: BIG,
      logger: pino({ level: 'silent' }),
    });
    expect(await log.append(text('a', 'b'), 2, 1)).toBe(0);
    expect(await log.append(text('c'), 1, 2)).toBe(2);
    await log.close();
    expect(await entries(db.client)).toEqual([
      { l: 'a', o: '0', g: inner.id },
      { l: 'b', o: '1' },
      { l: 'c', o: '2' },
    ]);
    expect(await db.client.hgetall(keys.appended)).toEqual({ log: inner.id, first: '0', last: '2' });
  });

  it('appends, after a restart with the same log, the lines the log kept but Redis never got', async () => {
    const logger = pino({ level: 'silent' });
    const first = new RedisMirroredLog(LmdbLineLog.open(dir, BIG, 0), {
      url: db.redis.url,
      bounds: BIG,
      logger,
    });
    await first.append(text('a', 'b'), 2, 1);
    await first.close();
    // The ingestor stopped after its log had these and before Redis did.
    const alone = LmdbLineLog.open(dir, BIG, 2);
    await alone.append(text('c', 'd'), 2, 2);
    await alone.close();
    const again = new RedisMirroredLog(LmdbLineLog.open(dir, BIG, 3), {
      url: db.redis.url,
      bounds: BIG,
      logger,
    });
    expect(await again.append(text('e'), 1, 3)).toBe(4);
    await again.close();
    expect((await entries(db.client)).map((e) => [e.l, e.o])).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '2'],
      ['d', '3'],
      ['e', '4'],
    ]);
  });

  it('appends a line once when the same append is sent again (as ioredis does after a reconnect)', async () => {
    const appending = withAppendLines(connectRedis(db.redis.url));
    try {
      const send = (first: number, ...lines: string[]): Promise<number> =>
        appending.appendLines(keys.lines, keys.appended, 'log-1', first, 3_600_000, 1_000, ...lines);
      expect(await send(0, 'a', 'b')).toBe(2);
      expect(await send(0, 'a', 'b')).toBe(0);
      // An append that overlaps the last one adds only its new lines.
      expect(await send(1, 'b', 'c')).toBe(1);
      expect((await entries(db.client)).map((e) => [e.l, e.o])).toEqual([
        ['a', '0'],
        ['b', '1'],
        ['c', '2'],
      ]);
      // Another log (an ingestor with a new log) starts its own offsets: its lines are new.
      expect(await appending.appendLines(keys.lines, keys.appended, 'log-2', 0, 3_600_000, 1_000, 'x')).toBe(
        1,
      );
      expect((await entries(db.client)).at(-1)).toEqual({ l: 'x', o: '0', g: 'log-2' });
    } finally {
      appending.disconnect();
    }
  });
});
