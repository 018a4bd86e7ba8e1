import { describe, expect, it } from 'vitest';
import { backoffDelay, ReconnectBackoff, X_BACKOFF } from './backoff.ts';

describe('backoffDelay (X reconnection guidance)', () => {
  it('network errors back off linearly by 250 ms up to 16 s', () => {
    const delays = Array.from({ length: 70 }, (_, i) => backoffDelay('network', i + 1));
    expect(delays.slice(0, 5)).toEqual([250, 500, 750, 1000, 1250]);
    expect(backoffDelay('network', 64)).toBe(16_000);
    expect(backoffDelay('network', 65)).toBe(16_000);
    expect(Math.max(...delays)).toBe(16_000);
  });

  it('HTTP errors back off exponentially from 5 s up to 320 s', () => {
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay('http', i + 1));
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
  });

  it('429 backs off from 1 minute, doubling', () => {
    const delays = Array.from({ length: 6 }, (_, i) => backoffDelay('rate-limit', i + 1));
    expect(delays).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 960_000]);
  });

  it('never overflows for very long outages', () => {
    expect(backoffDelay('http', 10_000)).toBe(X_BACKOFF.httpMaxMs);
    expect(backoffDelay('rate-limit', 10_000)).toBe(X_BACKOFF.rateLimitMaxMs);
    expect(backoffDelay('network', 0)).toBe(250);
  });

  it('accepts another schedule', () => {
    const tiny = { ...X_BACKOFF, httpBaseMs: 1, httpMaxMs: 4 };
    expect([1, 2, 3, 4].map((n) => backoffDelay('http', n, tiny))).toEqual([1, 2, 4, 4]);
  });
});

describe('ReconnectBackoff', () => {
  it('reconnects at once after a drop of a healthy connection, then linearly', () => {
    const b = new ReconnectBackoff();
    b.reset(); // connected and received a keep-alive
    expect(b.onDrop()).toBe(0);
    // The immediate attempt failed at the TCP level.
    expect(b.onFailure('network')).toBe(250);
    expect(b.onFailure('network')).toBe(500);
    expect(b.onFailure('network')).toBe(750);
  });

  it('a connection that dropped before delivering anything is a network failure, not a fresh drop', () => {
    const b = new ReconnectBackoff();
    b.reset();
    expect(b.onDrop()).toBe(0);
    // Reconnected, but it died again before any keep-alive arrived.
    expect(b.onDrop()).toBe(250);
    expect(b.onDrop()).toBe(500);
  });

  it('resets after a healthy connection', () => {
    const b = new ReconnectBackoff();
    expect(b.onFailure('http')).toBe(5_000);
    expect(b.onFailure('http')).toBe(10_000);
    expect(b.onFailure('http')).toBe(20_000);
    b.reset();
    expect(b.onDrop()).toBe(0);
    expect(b.onFailure('http')).toBe(5_000);
  });

  it('keeps a separate progression per kind', () => {
    const b = new ReconnectBackoff();
    expect(b.onFailure('rate-limit')).toBe(60_000);
    expect(b.onFailure('rate-limit')).toBe(120_000);
    expect(b.failures('rate-limit')).toBe(2);
    expect(b.onFailure('http')).toBe(5_000);
    expect(b.failures('rate-limit')).toBe(0);
    expect(b.onFailure('rate-limit')).toBe(60_000);
  });

  it('before any connection, a first failure already waits (no 0 ms retry of a failed connect)', () => {
    const b = new ReconnectBackoff();
    expect(b.onFailure('network')).toBe(250);
    expect(b.onDrop()).toBe(500);
  });
});
