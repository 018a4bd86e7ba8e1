import { describe, expect, it } from 'vitest';
import { colourIndex, hashTag, paletteCss, TAG_PALETTE, tagColour, tagColourValue } from './tag-colours.ts';

function relativeLuminance(hex: string): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('TAG_PALETTE', () => {
  it('has at least 3:1 contrast against the card and page backgrounds of its theme', () => {
    for (const [light, dark] of TAG_PALETTE) {
      expect(contrast(light, '#ffffff'), light).toBeGreaterThanOrEqual(3);
      expect(contrast(light, '#f4f6f8'), light).toBeGreaterThanOrEqual(3);
      expect(contrast(dark, '#1a1f26'), dark).toBeGreaterThanOrEqual(3);
      expect(contrast(dark, '#111418'), dark).toBeGreaterThanOrEqual(3);
    }
  });

  it('has enough distinct colours for a top 25', () => {
    expect(TAG_PALETTE.length).toBeGreaterThanOrEqual(25);
    expect(new Set(TAG_PALETTE.map(([light]) => light)).size).toBe(TAG_PALETTE.length);
    expect(new Set(TAG_PALETTE.map(([, dark]) => dark)).size).toBe(TAG_PALETTE.length);
  });
});

describe('tag colours', () => {
  it('are a function of the key alone: the same whatever else is on screen, in any order', () => {
    expect(hashTag('ether')).toBe(hashTag('ether'));
    expect(hashTag('ether')).not.toBe(hashTag('ethers'));
    expect(tagColour('eth')).toBe(`var(--tag-${colourIndex('eth')})`);
    expect(tagColourValue('eth', 'light')).toBe(TAG_PALETTE[colourIndex('eth')]![0]);
    expect(tagColourValue('eth', 'dark')).toBe(TAG_PALETTE[colourIndex('eth')]![1]);
  });

  it('spread over the whole palette', () => {
    const used = new Set(Array.from({ length: 3_000 }, (_, i) => colourIndex(`tag${i}`)));
    expect(used.size).toBe(TAG_PALETTE.length);
  });

  it('are safe with keys that look like object internals', () => {
    expect(tagColourValue('__proto__', 'light')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('become one custom property per colour that follows the colour scheme', () => {
    const css = paletteCss();
    expect(css).toContain(`--tag-0: light-dark(${TAG_PALETTE[0]![0]}, ${TAG_PALETTE[0]![1]});`);
    expect(css.match(/--tag-\d+:/g)).toHaveLength(TAG_PALETTE.length);
  });
});
