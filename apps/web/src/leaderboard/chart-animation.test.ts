import { describe, expect, it } from 'vitest';
import { chartAnimationMs, FULL_ANIMATION_MS } from './chart-animation.ts';

describe('chartAnimationMs', () => {
  it('animates fully when results are seconds apart or the interval is unknown', () => {
    expect(chartAnimationMs(10_000, false)).toBe(FULL_ANIMATION_MS);
    expect(chartAnimationMs(null, false)).toBe(FULL_ANIMATION_MS);
  });

  it('finishes within half the interval between results', () => {
    expect(chartAnimationMs(500, false)).toBe(250);
  });

  it('does not animate when results come faster than an animation can be seen', () => {
    expect(chartAnimationMs(100, false)).toBe(0);
  });

  it('does not animate when the reader prefers reduced motion', () => {
    expect(chartAnimationMs(10_000, true)).toBe(0);
  });
});
