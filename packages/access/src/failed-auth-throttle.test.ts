import { ManualClock } from '@tagstream/time';
import { describe, expect, it } from 'vitest';
import { AdminGate } from './admin-gate.ts';
import { FailedAuthThrottle } from './failed-auth-throttle.ts';

const A = '203.0.113.7';
const B = '198.51.100.1';

function setup(options: ConstructorParameters<typeof FailedAuthThrottle>[0] = {}) {
  const clock = new ManualClock(1_000_000);
  const throttle = new FailedAuthThrottle({ timers: clock, ...options });
  return { clock, throttle, gate: new AdminGate('right-token', throttle) };
}

/** Settles a promise that waits on the manual clock: time moves until it does. */
async function waitOut<T>(clock: ManualClock, p: Promise<T>): Promise<{ value: T; waitedMs: number }> {
  const start = clock.now();
  let done = false;
  let value!: T;
  void p.then((v) => {
    done = true;
    value = v;
  });
  await clock.settle(() => done);
  while (!done)
    await clock.advanceAsync(Math.max(1, (clock.pending()[0] ?? clock.now()) - clock.now()), () => done);
  return { value, waitedMs: clock.now() - start };
}

describe('FailedAuthThrottle', () => {
  it('answers the free failures at once, then holds each answer for a delay that doubles, up to the cap', async () => {
    const { clock, throttle } = setup({ freeFailures: 3, firstDelayMs: 1_000, maxDelayMs: 8_000 });
    const waits: number[] = [];
    const throttled: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const { value, waitedMs } = await waitOut(clock, throttle.failed(A));
      waits.push(waitedMs);
      throttled.push(value.throttled);
      expect(value.delayMs).toBe(waitedMs);
    }
    expect(waits).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(throttled).toEqual([false, false, false, true, true, true, true, true]);
    // Another address has its own budget.
    expect((await waitOut(clock, throttle.failed(B))).waitedMs).toBe(0);
  });

  it('lets only maxHeld answers wait at once per address; the rest are turned away unchecked', async () => {
    const { clock, throttle } = setup({ freeFailures: 0, firstDelayMs: 1_000, maxHeld: 2 });
    const first = throttle.failed(A);
    const second = throttle.failed(A);
    expect(throttle.admit(A)).toEqual({ ok: false, retryAfterMs: 2_000 });
    expect(throttle.admit(B)).toEqual({ ok: true });
    await waitOut(clock, Promise.all([first, second]));
    expect(throttle.admit(A)).toEqual({ ok: true });
  });

  it('lets every held answer go when the app closes, and holds none after', async () => {
    const { clock, throttle } = setup({ freeFailures: 0, firstDelayMs: 60_000, maxDelayMs: 60_000 });
    const held = throttle.failed(A);
    await clock.settle();
    throttle.close();
    expect(await held).toEqual({ throttled: true, delayMs: 60_000 });
    expect(await throttle.failed(A)).toMatchObject({ throttled: true });
    expect(clock.now()).toBe(1_000_000);
  });

  it('forgets an address after a quiet spell', async () => {
    const { clock, throttle } = setup({ freeFailures: 1, forgetAfterMs: 60_000 });
    await throttle.failed(A);
    expect(throttle.failures(A)).toBe(1);
    clock.advance(59_999);
    expect(throttle.failures(A)).toBe(1);
    clock.advance(1);
    expect(throttle.failures(A)).toBe(0);
    expect((await throttle.failed(A)).throttled).toBe(false);
  });

  it('remembers at most maxAddresses, forgetting the quietest first', async () => {
    const { clock, throttle } = setup({ maxAddresses: 3 });
    for (const address of ['a', 'b', 'c']) {
      await throttle.failed(address);
      clock.advance(1_000);
    }
    await throttle.failed('a');
    await throttle.failed('d');
    expect(['a', 'b', 'c', 'd'].map((x) => throttle.failures(x))).toEqual([2, 0, 1, 1]);
  });
});

describe('AdminGate', () => {
  it('thirty wrong tokens from one address never stop the right one from that address', async () => {
    const { clock, throttle, gate } = setup();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { value } = await waitOut(clock, gate.check(A, `Bearer wrong-${i}`));
      statuses.push(value.ok ? 200 : value.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    expect(throttle.failures(A)).toBe(30);
    // No time passes: the admin's request is checked and passes at once.
    expect(await gate.check(A, 'Bearer right-token')).toEqual({ ok: true });
  });

  it('a flood of guesses gets at most maxHeld checked per delay; the rest are refused unchecked', async () => {
    const { clock, gate } = setup({ freeFailures: 0, firstDelayMs: 1_000, maxDelayMs: 1_000, maxHeld: 4 });
    const answers = Array.from({ length: 60 }, (_, i) => gate.check(A, `Bearer guess-${i}`));
    // The right token, sent while four wrong answers wait, is not even looked at.
    const during = await gate.check(A, 'Bearer right-token');
    expect(during).toMatchObject({ ok: false, status: 429, message: expect.stringMatching(/not checked/) });
    const { value } = await waitOut(clock, Promise.all(answers));
    const unchecked = value.filter((v) => !v.ok && /not checked/.test(v.message)).length;
    expect(unchecked).toBe(56);
    expect(value.every((v) => !v.ok && v.status === 429 && v.retryAfterSec === 1)).toBe(true);
    // Once they are answered, the admin is back.
    expect(await gate.check(A, 'Bearer right-token')).toEqual({ ok: true });
  });

  it('tells a missing token from a wrong one, and charges only the wrong one', async () => {
    const { throttle, gate } = setup();
    for (const header of [undefined, 'Basic abc', 'right-token'])
      expect(await gate.check(A, header)).toMatchObject({
        ok: false,
        status: 401,
        message: /needs the admin token/,
      });
    expect(throttle.failures(A)).toBe(0);
    expect(await gate.check(A, 'Bearer right-tokeN')).toMatchObject({ status: 401, message: /was refused/ });
    expect(throttle.failures(A)).toBe(1);
  });

  it('says nothing about the token in its answers, whatever the guess', async () => {
    const { gate } = setup();
    const messages = new Set<string>();
    for (const guess of ['r', 'right', 'right-toke', 'right-tokenn', 'x'.repeat(11)]) {
      const v = await gate.check(B, `Bearer ${guess}`);
      if (!v.ok) messages.add(`${v.status} ${v.message}`);
    }
    expect([...messages]).toEqual(['401 the admin token was refused']);
  });
});
