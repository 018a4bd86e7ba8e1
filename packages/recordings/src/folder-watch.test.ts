import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FolderWatch, type FileSighting } from './folder-watch.ts';

const SETTLE = 1_000;
let nextIno = 100;
const file = (name: string, size: number, at: number, ino = nextIno++): FileSighting => ({
  name,
  size,
  mtimeMs: at,
  ctimeMs: at,
  ino,
});

describe('FolderWatch: which files of a folder to read, and when', () => {
  it('reads only files that appear after the start, once each has been unchanged for the settle time', () => {
    const old = file('old.jsonl', 10, 0);
    const w = new FolderWatch([old], { settleMs: SETTLE });
    const moved = file('a.jsonl', 50, 0);
    expect(w.observe([old, moved], 100)).toEqual({ ready: [], changedAfterRead: [] });
    expect(w.nextCheckAt()).toBe(1_100);
    expect(w.observe([old, moved], 1_099).ready).toEqual([]);
    expect(w.observe([old, moved], 1_100).ready).toEqual(['a.jsonl']);
    // Never twice, and the old file never.
    expect(w.observe([old, moved], 5_000).ready).toEqual([]);
    expect(w.nextCheckAt()).toBeNull();
  });

  it('waits for a file written slowly until its writer pauses for the settle time', () => {
    const w = new FolderWatch([], { settleMs: SETTLE });
    const ino = 7;
    let t = 0;
    // A chunk every 600 ms for 3 s: never still for a whole second.
    for (let size = 100; size <= 600; size += 100, t += 600)
      expect(w.observe([file('slow.csv', size, t, ino)], t).ready).toEqual([]);
    const last = t - 600;
    expect(w.observe([file('slow.csv', 600, last, ino)], last + 999).ready).toEqual([]);
    expect(w.observe([file('slow.csv', 600, last, ino)], last + 1_000).ready).toEqual(['slow.csv']);
  });

  it('takes files found complete in one look in the order they appeared, and never waits on one still written', () => {
    const w = new FolderWatch([], { settleMs: SETTLE });
    const b = file('b.jsonl', 5, 10);
    const a = file('a.jsonl', 5, 20); // moved in after b, though its name sorts first
    w.observe([a, b], 50);
    const c = file('c.jsonl', 5, 60);
    const growing = file('growing.jsonl', 1, 40);
    w.observe([a, b, c, growing], 300);
    expect(w.observe([a, b, c, { ...growing, size: 2, mtimeMs: 900 }], 1_050).ready).toEqual([
      'b.jsonl',
      'a.jsonl',
    ]);
    expect(w.observe([a, b, c, { ...growing, size: 3, mtimeMs: 1_200 }], 1_300).ready).toEqual(['c.jsonl']);
  });

  it('says once that a file changed after it was read, and reads a file replaced under the same name', () => {
    const w = new FolderWatch([], { settleMs: SETTLE });
    const f = file('day.jsonl', 10, 0);
    w.observe([f], 0);
    expect(w.observe([f], SETTLE).ready).toEqual(['day.jsonl']);
    const appended = { ...f, size: 20, mtimeMs: 3_000 };
    expect(w.observe([appended], 3_000)).toEqual({ ready: [], changedAfterRead: ['day.jsonl'] });
    expect(w.observe([{ ...appended, size: 30 }], 3_500)).toEqual({ ready: [], changedAfterRead: [] });
    // Moved over by a new file (a new inode): that one is read too.
    const replaced = file('day.jsonl', 40, 4_000);
    w.observe([replaced], 4_000);
    expect(w.observe([replaced], 5_000).ready).toEqual(['day.jsonl']);
  });

  it('forgets a file that disappears before it is complete, or after, and ignores names of work in progress', () => {
    const w = new FolderWatch([], { settleMs: SETTLE });
    const f = file('x.jsonl', 1, 0);
    w.observe([f], 0);
    w.observe([], 500);
    expect(w.observe([f], 1_000).ready).toEqual([]);
    expect(w.observe([f], 2_000).ready).toEqual(['x.jsonl']);
    const wip = ['.x.jsonl', '_tmp.csv', 'y.jsonl.tmp', 'z.json.part', 'w.txt~'].map((n) => file(n, 1, 0));
    w.observe(wip, 2_000);
    expect(w.observe(wip, 9_000).ready).toEqual([]);
  });

  it('reads every file that appears exactly once, whatever the order and timing of looks (random schedules)', () => {
    const event = fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      action: fc.constantFrom('write', 'write', 'remove', 'look'),
      gap: fc.integer({ min: 0, max: 1_500 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const w = new FolderWatch([], { settleMs: SETTLE });
        const disk = new Map<string, FileSighting>();
        const readVersions = new Set<string>();
        let now = 0;
        for (const e of events) {
          now += e.gap;
          if (e.action === 'write') {
            const had = disk.get(e.name);
            disk.set(e.name, had ? { ...had, size: had.size + 1, mtimeMs: now } : file(e.name, 1, now));
          } else if (e.action === 'remove') disk.delete(e.name);
          for (const name of w.observe([...disk.values()], now).ready) {
            const f = disk.get(name)!;
            // Each (name, inode) once, and only once it has been still for the settle time.
            expect(readVersions.has(`${name}@${f.ino}`)).toBe(false);
            readVersions.add(`${name}@${f.ino}`);
            expect(now - f.mtimeMs).toBeGreaterThanOrEqual(SETTLE);
          }
        }
        // Left alone long enough, everything still there is read.
        now += SETTLE;
        for (const t of [now, now + SETTLE])
          for (const name of w.observe([...disk.values()], t).ready)
            readVersions.add(`${name}@${disk.get(name)!.ino}`);
        for (const f of disk.values()) expect(readVersions.has(`${f.name}@${f.ino}`)).toBe(true);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
