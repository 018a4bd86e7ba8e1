import { describe, expect, it } from 'vitest';
import { countGraphemes, truncateGraphemes } from './graphemes.ts';

describe('truncateGraphemes', () => {
  it('leaves short text alone', () => {
    expect(truncateGraphemes('#Ether', 20)).toBe('#Ether');
  });

  it('cuts long text and ends it with an ellipsis', () => {
    const long = `#${'a'.repeat(500)}`;
    const cut = truncateGraphemes(long, 20);
    expect(countGraphemes(cut)).toBe(20);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits an emoji ZWJ sequence', () => {
    const family = '👨‍👩‍👧‍👦';
    const cut = truncateGraphemes(`#${family.repeat(10)}`, 4);
    expect(cut).toBe(`#${family}${family}…`);
  });
});
