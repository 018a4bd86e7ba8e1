import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.ts';

describe('ManualClock', () => {
  it('moves only when told to, wall and monotonic time alike', () => {
    const clock = new ManualClock(1_000);
    expect([clock.now(), clock.monotonic()]).toEqual([1_000, 1_000]);
    clock.advance(250);
    expect([clock.now(), clock.monotonic()]).toEqual([1_250, 1_250]);
    clock.set(5_000);
    expect(clock.now()).toBe(5_000);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it('runs due timers in time order, each at its own time, including ones they schedule', () => {
    const clock = new ManualClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => {
      seen.push(`a@${clock.now()}`);
      clock.setTimeout(() => seen.push(`c@${clock.now()}`), 50);
    }, 100);
    clock.setTimeout(() => seen.push(`late@${clock.now()}`), 1_000);
    clock.advance(300);
    expect(seen).toEqual(['a@100', 'c@150', 'b@200']);
    expect(clock.now()).toBe(300);
    expect(clock.pending()).toEqual([1_000]);
  });

  it('keeps an interval going until cleared, and ignores cleared timers', () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const every = clock.setInterval(() => ticks.push(clock.now()), 250);
    const never = clock.setTimeout(() => ticks.push(-1), 100);
    clock.clearTimeout(never);
    clock.advance(1_000);
    expect(ticks).toEqual([250, 500, 750, 1_000]);
    clock.clearTimeout(every);
    clock.advance(1_000);
    expect(ticks).toHaveLength(4);
    expect(() => clock.setInterval(() => undefined, 0)).toThrow(/above 0 ms/);
  });

  it('runs a zero-delay timer on the next turn of the real event loop, without advancing', async () => {
    const clock = new ManualClock(0);
    let ran = false;
    clock.setTimeout(() => (ran = true), 0);
    expect(ran).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(true);
    expect(clock.now()).toBe(0);
  });

  it('sleeps until advanced past the due time, or wakes early on abort', async () => {
    const clock = new ManualClock(0);
    let woke = false;
    const sleeping = clock.sleep(500).then(() => (woke = true));
    clock.advance(499);
    await clock.settle(() => woke, 5);
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);

    const abort = new AbortController();
    const early = clock.sleep(10_000, abort.signal);
    expect(clock.pending()).toHaveLength(1);
    abort.abort();
    await early;
    expect(clock.pending()).toEqual([]);
    abort.abort();
    await clock.sleep(10_000, abort.signal);
  });

  it('advanceAsync lets promise-driven code run at each timer’s time before moving on', async () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    let done = false;
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        at.push(clock.now());
      }
      done = true;
    };
    const running = loop();
    await clock.advanceAsync(1_000, () => done);
    await running;
    expect(at).toEqual([100, 200, 300]);
    expect(clock.now()).toBe(1_000);
  });
});
