import { describe, expect, it } from 'vitest';
import { LiveWatermark } from './live-watermark.ts';

describe('LiveWatermark', () => {
  it('trails the wall clock by the delay while connected', () => {
    const w = new LiveWatermark(5_000);
    const up = { state: 'connected', connectedSince: 0 };
    expect(w.at(10_000, up)).toBe(5_000);
    expect(w.at(10_200, up)).toBe(5_200);
  });

  it('holds while the stream is down and for one delay after it is back, then catches up', () => {
    const w = new LiveWatermark(5_000);
    expect(w.at(100_000, { state: 'connected', connectedSince: 0 })).toBe(95_000);
    // Dropped at 100.1 s: tweets posted from now on may come in a burst on reconnecting.
    expect(w.at(100_100, { state: 'reconnecting' })).toBe(95_100);
    expect(w.at(160_000, { state: 'rate-limited' })).toBe(95_100);
    expect(w.at(170_000, { state: 'connected', connectedSince: 169_000 })).toBe(95_100);
    expect(w.at(173_999, { state: 'connected', connectedSince: 169_000 })).toBe(95_100);
    expect(w.at(174_000, { state: 'connected', connectedSince: 169_000 })).toBe(169_000);
  });

  it('holds from the start until the first connection has been up for one delay', () => {
    const w = new LiveWatermark(5_000);
    expect(w.at(1_000, { state: 'connecting' })).toBe(-4_000);
    expect(w.at(3_000, { state: 'connected', connectedSince: 2_000 })).toBe(-4_000);
    expect(w.at(7_000, { state: 'connected', connectedSince: 2_000 })).toBe(2_000);
  });
});
