import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TopEntry } from '@tagstream/protocol';
import { LeaderboardRace, type RaceFrame } from './leaderboard-race.ts';

function top(...pairs: Array<[string, number]>): TopEntry[] {
  return pairs.map(([tag, count], i) => ({ tag, display: `#${tag}`, count, rank: i + 1, prevRank: null }));
}

const shown = (frame: RaceFrame) => frame.rows.map((row) => `${row.tag}:${row.count}`);

describe('LeaderboardRace', () => {
  it('shows a result at rest exactly: counts, places and bar lengths', () => {
    const race = new LeaderboardRace();
    race.update(top(['a', 40], ['b', 20], ['c', 20]), 0, 400);
    const frame = race.frame(0);
    expect(shown(frame)).toEqual(['a:40', 'b:20', 'c:20']);
    expect(frame.rows.map((row) => row.position)).toEqual([0, 1, 2]);
    expect(frame.rows.map((row) => row.fraction)).toEqual([1, 0.5, 0.5]);
    // The first result fades in where it stands.
    expect(frame.rows[0]!.opacity).toBe(0);
    expect(race.frame(400).rows[0]!.opacity).toBe(1);
  });

  it('tweens counts and bars together, and rows pass each other where their counts cross', () => {
    const race = new LeaderboardRace();
    race.update(top(['a', 50], ['b', 10]), 0, 0);
    race.update(top(['b', 90], ['a', 50]), 1_000, 400);
    const early = race.frame(1_010);
    expect(early.rows.map((row) => row.tag)).toEqual(['a', 'b']);
    expect(early.rows[1]!.count).toBeGreaterThan(10);
    expect(early.rows[1]!.count).toBeLessThan(50);
    expect(early.moving).toBe(true);
    let frame = early;
    for (let t = 1_010; t <= 2_000; t += 16) frame = race.frame(t);
    expect(shown(frame)).toEqual(['b:90', 'a:50']);
    expect(frame.rows.map((row) => row.position)).toEqual([0, 1]);
    expect(frame.moving).toBe(false);
  });

  it('fades a newcomer in at its place and a leaver out below the rows that stay', () => {
    const race = new LeaderboardRace();
    race.update(top(['a', 30], ['b', 20], ['c', 10]), 0, 0);
    race.update(top(['a', 30], ['new', 25], ['b', 20]), 1_000, 400);
    const start = race.frame(1_000);
    const entering = start.rows.find((row) => row.tag === 'new')!;
    expect(entering).toMatchObject({ position: 1, opacity: 0, count: 25 });
    let frame = start;
    for (let t = 1_000; t <= 1_600; t += 16) {
      frame = race.frame(t);
      const leaving = frame.rows.find((row) => row.tag === 'c');
      if (leaving) expect(leaving.leaving).toBe(true);
    }
    expect(shown(frame)).toEqual(['a:30', 'new:25', 'b:20']);
    expect(frame.rows.every((row) => row.opacity === 1)).toBe(true);
  });

  it('draws at once when there is no time to animate', () => {
    const race = new LeaderboardRace();
    race.update(top(['a', 5], ['b', 3]), 0, 0);
    race.update(top(['b', 9], ['c', 4]), 10, 0);
    const frame = race.frame(10);
    expect(shown(frame)).toEqual(['b:9', 'c:4']);
    expect(frame.rows.map((row) => [row.position, row.opacity])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(frame.moving).toBe(false);
  });

  it('in every frame of any sequence of results, rows stand and measure in the order of their shown counts', () => {
    const entry = fc.record({ tag: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), count: fc.nat(60) });
    const result = fc.uniqueArray(entry, { selector: (e) => e.tag, maxLength: 6 });
    const step = fc.record({
      result,
      gapMs: fc.integer({ min: 0, max: 1_200 }),
      durationMs: fc.constantFrom(0, 250, 400),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const race = new LeaderboardRace();
        let now = 0;
        for (const { result: entries, gapMs, durationMs } of steps) {
          const sorted = [...entries].sort((x, y) => y.count - x.count || (x.tag < y.tag ? -1 : 1));
          race.update(top(...sorted.map((e): [string, number] => [e.tag, e.count])), now, durationMs);
          for (let t = now; t <= now + gapMs; t += 20) {
            const { rows } = race.frame(t);
            const top = Math.max(1, rows[0]?.count ?? 0);
            for (let i = 0; i < rows.length; i++) {
              const row = rows[i]!;
              if (Math.abs(row.fraction - row.count / top) > 1e-9) return false;
              const above = rows[i - 1];
              if (above && (row.position < above.position || row.count > above.count)) return false;
            }
          }
          now += gapMs;
        }
        // Given time, it settles on the last result exactly.
        const last = steps.at(-1)!.result;
        const settled = race.frame(now + 5_000);
        const expected = [...last].map((e) => e.count).sort((x, y) => y - x);
        return JSON.stringify(settled.rows.map((row) => row.count)) === JSON.stringify(expected);
      }),
      { numRuns: 150 },
    );
  });
});
