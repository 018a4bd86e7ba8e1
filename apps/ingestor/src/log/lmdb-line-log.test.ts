import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LmdbLineLog } from './lmdb-line-log.ts';

let dir: string;
const open: LmdbLineLog[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-log-'));
});
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
  await rm(dir, { recursive: true, force: true });
});

const BIG = { maxAgeMs: 3_600_000, maxBytes: 1 << 30 };
function openLog(bounds = BIG, now = 0): LmdbLineLog {
  const log = LmdbLineLog.open(dir, bounds, now);
  open.push(log);
  return log;
}
const text = (...lines: string[]): string => lines.map((l) => l + '\n').join('');

describe('LmdbLineLog', () => {
  it('gives each line the next offset and reads from any offset, inside an append too', async () => {
    const log = openLog();
    expect([log.first(), log.end()]).toEqual([0, 0]);
    expect(await log.append(text('a', 'b', 'c'), 3, 1)).toBe(0);
    expect(await log.append(text('d', 'é'), 2, 2)).toBe(3);
    expect(log.end()).toBe(5);
    expect(log.read(0, 1 << 20)).toEqual({ from: 0, lines: 5, text: text('a', 'b', 'c', 'd', 'é') });
    expect(log.read(2, 1 << 20)).toEqual({ from: 2, lines: 3, text: text('c', 'd', 'é') });
    expect(log.read(4, 1 << 20)).toEqual({ from: 4, lines: 1, text: text('é') });
    expect(log.read(5, 1 << 20)).toEqual({ from: 5, lines: 0, text: '' });
    // At least one append per read, however small the byte budget.
    expect(log.read(0, 1)).toEqual({ from: 0, lines: 3, text: text('a', 'b', 'c') });
  });

  it('keeps its lines, offsets and identity across a reopen', async () => {
    const first = openLog();
    await first.append(text('a', 'b'), 2, 1);
    const id = first.id;
    await first.close();
    open.splice(0);
    const again = openLog();
    expect(again.id).toBe(id);
    expect(again.end()).toBe(2);
    expect(await again.append(text('c'), 1, 2)).toBe(2);
    expect(again.read(0, 1 << 20).text).toBe(text('a', 'b', 'c'));
  });

  it('drops the oldest appends past the byte bound, and reads from an offset it no longer has start at the oldest', async () => {
    const log = openLog({ maxAgeMs: 3_600_000, maxBytes: 10 });
    await log.append(text('0123'), 1, 1);
    await log.append(text('4567'), 1, 2);
    await log.append(text('89ab'), 1, 3);
    expect(log.first()).toBe(1);
    expect(log.stats()).toMatchObject({ first: 1, end: 3, bytes: 10, trimmed: 1 });
    expect(log.read(0, 1 << 20)).toEqual({ from: 1, lines: 2, text: text('4567', '89ab') });
  });

  it('drops appends older than the age bound (wall time given by the caller)', async () => {
    const log = openLog({ maxAgeMs: 1000, maxBytes: 1 << 30 });
    await log.append(text('old'), 1, 0);
    await log.append(text('mid'), 1, 500);
    await log.append(text('new'), 1, 1600);
    expect(log.read(0, 1 << 20)).toEqual({ from: 2, lines: 1, text: text('new') });
    await log.close();
    open.splice(0);
    // Reopened much later, it drops by age at once, but keeps the newest append to tell where it ends.
    const later = openLog({ maxAgeMs: 1000, maxBytes: 1 << 30 }, 10_000);
    expect([later.first(), later.end()]).toEqual([2, 3]);
  });

  it('counts what is appended but not yet committed, and commits appends in order', async () => {
    const log = openLog();
    const a = log.append(text('x'.repeat(1000)), 1, 1);
    const b = log.append(text('y'), 1, 1);
    expect(log.uncommittedBytes()).toBe(1003);
    expect(log.end()).toBe(0);
    expect(await Promise.all([a, b])).toEqual([0, 1]);
    expect(log.uncommittedBytes()).toBe(0);
  });
});
