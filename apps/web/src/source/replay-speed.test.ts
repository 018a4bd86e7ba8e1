import { describe, expect, it } from 'vitest';
import { parseSpeed, speedChoicesWith, speedLabel } from './replay-speed.ts';

describe('replay speed', () => {
  it('labels and parses speeds', () => {
    expect(speedLabel(10)).toBe('10×');
    expect(speedLabel('max')).toBe('max');
    expect(parseSpeed('60')).toBe(60);
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('0')).toBeNull();
    expect(parseSpeed('fast')).toBeNull();
  });

  it('offers the current speed when it is not one of the usual ones', () => {
    expect(speedChoicesWith(10)).toEqual([1, 10, 60, 'max']);
    expect(speedChoicesWith(100)).toEqual([1, 10, 60, 100, 'max']);
    expect(speedChoicesWith(0.5)).toEqual([0.5, 1, 10, 60, 'max']);
  });
});
