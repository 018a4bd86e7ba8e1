import { describe, expect, it } from 'vitest';
import { ReplayClock } from './replay-clock.ts';

describe('ReplayClock', () => {
  it('advances tweet time at speed times wall time', () => {
    const c = new ReplayClock(1_000_000, 10, 0);
    expect(c.position(500)).toBe(1_005_000);
    expect(c.wallUntil(1_010_000, 500)).toBe(500);
  });

  it('stands still while paused and resumes where it stopped', () => {
    const c = new ReplayClock(0, 2, 0);
    c.pause(1000);
    expect(c.position(5000)).toBe(2000);
    expect(c.wallUntil(3000, 5000)).toBe(Infinity);
    c.resume(5000);
    expect(c.position(5500)).toBe(3000);
  });

  it('changes speed without jumping', () => {
    const c = new ReplayClock(0, 1, 0);
    c.setSpeed(100, 1000);
    expect(c.position(1000)).toBe(1000);
    expect(c.position(1010)).toBe(2000);
  });

  it('jumps for a seek', () => {
    const c = new ReplayClock(0, 1, 0);
    c.jumpTo(50_000, 10);
    expect(c.position(20)).toBe(50_010);
  });
});
