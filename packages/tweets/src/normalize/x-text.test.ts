import fc from 'fast-check';
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

/** verifiedHashtags as first written (a charCodeAt scan for each sign), the reference for the indexOf version. */
function referenceVerified(list: string[], text: string): string[] | undefined {
  const tags: string[] = [];
  let from = 0;
  for (const tag of list) {
    if (tag === '') return undefined;
    let at = -1;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c === 0x23 || c === 0xff03) && text.startsWith(tag, i + 1)) {
        const next = text.codePointAt(i + 1 + tag.length);
        if (next === undefined || !/[\p{L}\p{M}\p{N}_\u200c\u200d]/u.test(String.fromCodePoint(next))) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) return undefined;
    from = at + 1 + tag.length;
    tags.push(tag);
  }
  const signs = [...text].filter((ch) => ch === '#' || ch === '＃').length;
  return signs === tags.length ? tags : undefined;
}

describe('verifiedHashtags, sign by sign', () => {
  it('agrees with a scan of every character', () => {
    const piece = fc.constantFrom('#', '＃', 'a', 'ab', 'B', 'é', '_', ' ', '😀', '\u200c', '1');
    const text = fc.array(piece, { maxLength: 14 }).map((a) => a.join(''));
    const tag = fc
      .array(fc.constantFrom('a', 'ab', 'B', 'é', '_', '1', '#'), { minLength: 0, maxLength: 3 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.array(tag, { maxLength: 4 }), (t, list) => {
        expect(verifiedHashtags(list, t)).toEqual(referenceVerified(list, t));
      }),
      { numRuns: 5000 },
    );
  });
});
