import { describe, expect, it } from 'vitest';
import { systemClock } from './system-clock.ts';

describe('systemClock', () => {
  it('reads the wall clock and a monotonic clock', () => {
    const before = Date.now();
    const wall = systemClock.now();
    expect(wall).toBeGreaterThanOrEqual(before);
    expect(wall).toBeLessThanOrEqual(Date.now());
    const a = systemClock.monotonic();
    expect(systemClock.monotonic()).toBeGreaterThanOrEqual(a);
  });

  it('runs timers and intervals until cleared', async () => {
    const fired = await new Promise<string>((resolve) => systemClock.setTimeout(() => resolve('once'), 1));
    expect(fired).toBe('once');
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const h = systemClock.setInterval(
        () => {
          if (++ticks === 3) {
            systemClock.clearTimeout(h);
            resolve();
          }
        },
        1,
        { keepAlive: false },
      );
    });
    expect(ticks).toBe(3);
    const cleared = systemClock.setTimeout(() => expect.unreachable('a cleared timer ran'), 1);
    systemClock.clearTimeout(cleared);
    systemClock.clearTimeout(undefined);
  });

  it('wakes a sleep early, without rejecting, when its signal aborts', async () => {
    const abort = new AbortController();
    const sleeping = systemClock.sleep(60_000, abort.signal);
    abort.abort();
    await expect(sleeping).resolves.toBeUndefined();
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
  });
});
