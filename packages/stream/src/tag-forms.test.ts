/** The table of hashtag surfaces: bytes or strings to the ids of their forms and keys, bounded. */
import { hashBytes, ScannedTweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringDictionary } from './string-dictionary.ts';
import { TagForms } from './tag-forms.ts';
import { tagKey } from './tag-key.ts';

const scanned = new ScannedTweet();

/** The form and key ids of `surface` read from bytes, as the byte-level reader hands hashtags over. */
function fromBytes(tags: TagForms, surface: string): [number, number] {
  const bytes = Buffer.from(`#${surface} `);
  scanned.tags = 0;
  scanned.pushTag(1, bytes.length - 1, hashBytes(bytes, 1, bytes.length - 1));
  tags.resolveScanned(scanned, bytes);
  return [tags.forms[0]!, tags.keys[0]!];
}

function fromString(tags: TagForms, surface: string): [number, number] {
  tags.resolveStrings([surface]);
  return [tags.forms[0]!, tags.keys[0]!];
}

const surfaces = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/),
  fc.constantFrom(
    'Ether',
    'ETHER',
    'ether',
    'Straße',
    'STRAẞE',
    'Café',
    'Cafe\u0301',
    'İstanbul',
    '日本',
    'Ω',
    'ω',
    '\u212b',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);

describe('TagForms', () => {
  it('names each surface form and each key by its string’s dictionary id, from bytes or from strings', () => {
    fc.assert(
      fc.property(
        fc.array(surfaces, { maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (list, viaBytes) => {
          const dict = new StringDictionary();
          const tags = new TagForms(dict, 1_000);
          list.forEach((surface, i) => {
            const [form, key] = viaBytes[i] ? fromBytes(tags, surface) : fromString(tags, surface);
            expect(dict.stringOf(form)).toBe(surface);
            expect(dict.stringOf(key)).toBe(tagKey(surface));
          });
          expect(tags.size).toBe(new Set(list).size);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keys by DESIGN §4: NFC, then lower case', () => {
    const dict = new StringDictionary();
    const tags = new TagForms(dict, 1_000);
    const key = (s: string): string => dict.stringOf(fromString(tags, s)[1]);
    expect(key('Ether')).toBe('ether');
    expect(key('Cafe\u0301')).toBe('caf\u00e9');
    expect(fromString(tags, 'CAF\u00c9')[1]).toBe(fromBytes(tags, 'Cafe\u0301')[1]);
    expect(key('STRAẞE')).toBe('straße');
    expect(key('\u212b')).toBe('\u00e5');
  });

  it('grows past a hundred thousand forms without losing one', () => {
    const dict = new StringDictionary();
    const tags = new TagForms(dict, 1_000_000);
    const ids: number[] = [];
    for (let i = 0; i < 120_000; i++) ids.push(fromBytes(tags, `Tag${i}`)[0]);
    const wrong: number[] = [];
    for (let i = 0; i < 120_000; i += 997) if (fromString(tags, `Tag${i}`)[0] !== ids[i]) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(tags.size).toBe(120_000);
    // Each form and its key.
    expect(dict.size).toBe(240_000);
  });

  it('forgets every surface once it knows maxForms of them, letting go of strings nothing else holds', () => {
    const dict = new StringDictionary();
    const tags = new TagForms(dict, 100);
    const held = dict.acquire('Tag7');
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 150; i++) {
        tags.trim();
        const [form, key] = fromBytes(tags, `Tag${i}`);
        expect(dict.stringOf(form)).toBe(`Tag${i}`);
        expect(dict.stringOf(key)).toBe(`tag${i}`);
        expect(tags.size).toBeLessThanOrEqual(100);
      }
    }
    // A string something else holds keeps its id through a trim.
    expect(fromString(tags, 'Tag7')[0]).toBe(held);
    tags.trim();
    expect(dict.size).toBeLessThanOrEqual(2 * 100 + 1);
  });
});
