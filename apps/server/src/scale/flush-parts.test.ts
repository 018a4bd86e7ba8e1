import { keyspace } from '@tagstream/redis';
import { useTestRedis } from '@tagstream/redis/testing/suite';
import { digestLine } from '@tagstream/stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { flushRunParts } from './digest-worker.ts';
import { withScripts } from './redis-scripts.ts';

const keys = keyspace();
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const lines = [
  JSON.stringify({ watermark: new Date(T0).toISOString() }),
  ...[1, 2, 3, 4].map((i) =>
    JSON.stringify({
      id: String(i),
      created_at: new Date(T0 + i * 100).toISOString(),
      text: `#tag${i % 2} #Eth`,
    }),
  ),
  JSON.stringify({ watermark: new Date(T0 + 3_000).toISOString() }),
];

describe('a worker’s flush of a run counted in parts (real redis-server)', () => {
  const db = useTestRedis((c) => withScripts(c));
  let ids: string[];
  beforeEach(async () => {
    ids = [];
    for (const l of lines) ids.push((await db.client.xadd(keys.lines, '*', 'l', l))!);
    await db.client.xgroup('CREATE', keys.lines, keys.group, '0');
    // Worker a reads the whole run.
    await db.client.xreadgroup('GROUP', keys.group, 'a', 'COUNT', 100, 'STREAMS', keys.lines, '>');
  });

  /** Worker a's flush of the run with its parts. */
  const flushParts = (): Promise<string[]> =>
    flushRunParts(db.client, keys, 'a', ids, lines.map(digestLine), 2_000);
  const pendingWith = async (consumer: string): Promise<string[]> => {
    const rows = (await db.client.xpending(keys.lines, keys.group, '-', '+', 100, consumer)) as [string][];
    return rows.map(([id]) => id);
  };

  it('writes facts, digests and parts with the XACK, all at once: a worker killed after it leaves nothing to redo', async () => {
    expect(await flushParts()).toEqual(['ok']);
    expect(await pendingWith('a')).toEqual([]);
    expect(await db.client.hlen(keys.parts)).toBeGreaterThan(0);
    const facts = await db.client.hmget(keys.digests, ...ids);
    expect(facts.every((f) => f?.startsWith('{'))).toBe(true);
    expect(await db.client.hmget(keys.fullDigests, ...ids)).toEqual(lines.map(digestLine));
    // Another worker finds nothing to take over.
    const [, claimed] = (await db.client.xautoclaim(keys.lines, keys.group, 'b', 0, '0-0')) as [
      string,
      unknown[],
    ];
    expect(claimed).toEqual([]);
  });

  it('writes nothing when another worker took some of its entries, and names them: each entry is counted once', async () => {
    // Worker a stalled; b claimed two of its entries and flushed them one by one.
    await db.client.xclaim(keys.lines, keys.group, 'b', 0, ids[2]!, ids[3]!);
    await db.client.flushDigests(
      keys.lines,
      keys.digests,
      keys.emitter,
      keys.group,
      ids[2]!,
      digestLine(lines[2]!),
      ids[3]!,
      digestLine(lines[3]!),
    );
    expect(await flushParts()).toEqual(['retry', ids[2], ids[3]]);
    expect(await db.client.hlen(keys.parts)).toBe(0);
    expect(await db.client.hlen(keys.fullDigests)).toBe(0);
    expect(await db.client.hmget(keys.digests, ...ids)).toEqual([
      null,
      null,
      digestLine(lines[2]!),
      digestLine(lines[3]!),
      null,
      null,
    ]);
    // Its other entries are still its own, unacknowledged: it flushes them one by one.
    expect(await pendingWith('a')).toEqual([ids[0], ids[1], ids[4], ids[5]]);
  });

  it('writes nothing when the emitter has passed one of its entries (counted as lost meanwhile)', async () => {
    await db.client.hset(keys.emitter, 'position', ids[1]!);
    expect(await flushParts()).toEqual(['retry']);
    expect(await db.client.hlen(keys.parts)).toBe(0);
    expect(await pendingWith('a')).toHaveLength(ids.length);
  });
});
