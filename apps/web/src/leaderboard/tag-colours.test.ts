import { describe, expect, it } from 'vitest';
import { assignTagColours, hashTag, preferredColourIndex, TAG_PALETTE, tagColour } from './tag-colours.ts';

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
  it('has at least 3:1 contrast against the light and the dark card surfaces', () => {
    for (const colour of TAG_PALETTE) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, '#1a1f26'), colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('has no duplicates', () => {
    expect(new Set(TAG_PALETTE).size).toBe(TAG_PALETTE.length);
  });
});

describe('hashTag', () => {
  it('is deterministic and spreads similar keys', () => {
    expect(hashTag('ether')).toBe(hashTag('ether'));
    expect(hashTag('ether')).not.toBe(hashTag('ethers'));
  });
});

describe('assignTagColours', () => {
  it('gives a newcomer its hashed colour when that is free', () => {
    const assignment = assignTagColours(new Map(), ['ether']);
    expect(assignment.get('ether')).toBe(preferredColourIndex('ether'));
  });

  it('gives distinct colours to up to palette-size tags', () => {
    const tags = Array.from({ length: TAG_PALETTE.length }, (_, i) => `tag${i}`);
    const assignment = assignTagColours(new Map(), tags);
    expect(new Set(assignment.values()).size).toBe(tags.length);
  });

  it('keeps a tag on its colour while it stays, whatever enters or leaves', () => {
    const first = assignTagColours(new Map(), ['a', 'b', 'c', 'd']);
    const second = assignTagColours(first, ['x', 'd', 'y', 'b', 'z']);
    expect(second.get('b')).toBe(first.get('b'));
    expect(second.get('d')).toBe(first.get('d'));
    expect(new Set(second.values()).size).toBe(5);
    expect(second.has('a')).toBe(false);
  });

  it('shares colours rather than failing when there are more tags than colours', () => {
    const tags = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const assignment = assignTagColours(new Map(), tags);
    expect(assignment.size).toBe(30);
    for (const slot of assignment.values()) expect(slot).toBeLessThan(TAG_PALETTE.length);
  });

  it('is safe with keys that look like object internals', () => {
    const assignment = assignTagColours(new Map(), ['__proto__', 'constructor']);
    expect(assignment.size).toBe(2);
    expect(tagColour('__proto__', assignment)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('tagColour', () => {
  it('falls back to the hashed colour for a tag that is not on screen', () => {
    expect(tagColour('ether', new Map())).toBe(TAG_PALETTE[preferredColourIndex('ether')]);
  });
});
