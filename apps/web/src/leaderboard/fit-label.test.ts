import { describe, expect, it } from 'vitest';
import { fitToWidth } from './fit-label.ts';

// 10 px per grapheme, 20 px for CJK, like a real font roughly is.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const measure = (text: string) =>
  Array.from(segmenter.segment(text)).reduce(
    (sum, { segment }) => sum + (/[\u4e00-\u9fff]/.test(segment) ? 20 : 10),
    0,
  );

describe('fitToWidth', () => {
  it('leaves text that fits alone', () => {
    expect(fitToWidth('#Ether', 100, measure)).toBe('#Ether');
  });

  it('cuts text that does not fit and ends it with an ellipsis', () => {
    expect(fitToWidth('#abcdefghij', 60, measure)).toBe('#abcd…');
  });

  it('fits wide scripts by width, not by count', () => {
    expect(fitToWidth('#中文中文中文', 60, measure)).toBe('#中文…');
  });

  it('keeps emoji sequences whole', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(fitToWidth(`#${family}${family}${family}${family}${family}`, 40, measure)).toBe(
      `#${family}${family}…`,
    );
  });

  it('degrades to an ellipsis when nothing fits', () => {
    expect(fitToWidth('#abc', 5, measure)).toBe('…');
  });
});
