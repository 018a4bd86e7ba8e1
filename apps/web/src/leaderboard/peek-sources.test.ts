import { describe, expect, it } from 'vitest';
import { focusOn, NO_PEEK, peekedTag, pointAt } from './peek-sources.ts';

describe('the related-tags peek', () => {
  it('shows the tag named last, by the pointer or the keyboard', () => {
    const pointed = pointAt(NO_PEEK, 'ai');
    expect(peekedTag(pointed)).toBe('ai');
    const focused = focusOn(pointed, 'ml');
    expect(peekedTag(focused)).toBe('ml');
    expect(peekedTag(pointAt(focused, 'data'))).toBe('data');
  });

  it('keeps a focused row’s tag when the pointer leaves, and the pointed one when focus leaves', () => {
    const both = focusOn(pointAt(NO_PEEK, 'ai'), 'ml');
    expect(peekedTag(pointAt(both, null))).toBe('ml');
    expect(peekedTag(focusOn(both, null))).toBe('ai');
    expect(peekedTag(focusOn(pointAt(both, null), null))).toBeNull();
  });

  it('changes nothing when a source names the tag it already names (no re-render per pointer move)', () => {
    const pointed = pointAt(NO_PEEK, 'ai');
    expect(pointAt(pointed, 'ai')).toBe(pointed);
    expect(focusOn(NO_PEEK, null)).toBe(NO_PEEK);
  });
});
