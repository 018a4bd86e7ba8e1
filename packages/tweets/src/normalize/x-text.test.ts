import { describe, expect, it } from 'vitest';
import { decodeXText, verifiedHashtags } from './x-text.ts';

describe('decodeXText', () => {
  it('undoes the API escaping in one pass', () => {
    expect(decodeXText('a &amp; b &lt;3 &gt; &amp;amp; &quot;')).toBe('a & b <3 > &amp; &quot;');
    expect(decodeXText('no entities')).toBe('no entities');
  });
});

describe('verifiedHashtags', () => {
  const ent = (...tags: string[]) => tags.map((tag) => ({ tag }));
  it('accepts a list that accounts for every hash sign, in order', () => {
    expect(verifiedHashtags(ent('a', 'B', 'a'), '#a then #B and ＃a', 'tag')).toEqual(['a', 'B', 'a']);
    expect(verifiedHashtags([], 'nothing here', 'tag')).toEqual([]);
    expect(verifiedHashtags(['x'], 'only #x')).toEqual(['x']);
  });

  it('rejects lists that might disagree with the text', () => {
    expect(verifiedHashtags(ent('a'), '#a and #b', 'tag')).toBeUndefined();
    expect(verifiedHashtags(ent('ab'), '#a', 'tag')).toBeUndefined();
    expect(verifiedHashtags(ent('a'), '#ab', 'tag')).toBeUndefined();
    expect(verifiedHashtags(ent('a', 'a'), '#a #b', 'tag')).toBeUndefined();
    expect(verifiedHashtags(ent('a'), 'C# and #a', 'tag')).toBeUndefined();
    expect(verifiedHashtags([{ text: 'a' }], '#a', 'tag')).toBeUndefined();
    expect(verifiedHashtags('a', '#a', 'tag')).toBeUndefined();
    expect(verifiedHashtags([''], '#')).toBeUndefined();
  });
});
