import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashBytes } from './scanned-tweet.ts';
import { keyOfSurface, TagTable } from './tag-table.ts';

/** The form id of `surface` read from bytes, as the scanner hands hashtags over. */
function formFromBytes(table: TagTable, surface: string): number {
  const bytes = Buffer.from(`#${surface} `);
  return table.formOf(bytes, 1, bytes.length - 1, hashBytes(bytes, 1, bytes.length - 1));
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

describe('TagTable', () => {
  it('gives one form id per surface form and one key id per key, from bytes or from strings', () => {
    fc.assert(
      fc.property(
        fc.array(surfaces, { maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (list, viaBytes) => {
          const table = new TagTable();
          const forms = new Map<string, number>();
          const keys = new Map<string, number>();
          list.forEach((surface, i) => {
            const form = viaBytes[i] ? formFromBytes(table, surface) : table.formOfString(surface);
            if (forms.has(surface)) expect(form).toBe(forms.get(surface));
            else expect(form).toBe(forms.size);
            forms.set(surface, form);
            expect(table.formString(form)).toBe(surface);
            const key = table.keyOf(form);
            const text = keyOfSurface(surface);
            if (keys.has(text)) expect(key).toBe(keys.get(text));
            keys.set(text, key);
            expect(table.keyString(key)).toBe(text);
          });
          expect(table.formCount).toBe(forms.size);
          expect(table.keyCount).toBe(keys.size);
          // Each key lists exactly its forms.
          for (const [text, key] of keys) {
            const listed: string[] = [];
            for (let f = table.firstFormOf(key); f >= 0; f = table.nextFormOf(f))
              listed.push(table.formString(f));
            const expected = [...forms.keys()].filter((s) => keyOfSurface(s) === text);
            expect(listed.sort()).toEqual(expected.sort());
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keys by DESIGN §4: NFC, then lower case', () => {
    const table = new TagTable();
    const key = (s: string): string => table.keyString(table.keyOf(table.formOfString(s)));
    expect(key('Ether')).toBe('ether');
    expect(key('Cafe\u0301')).toBe('caf\u00e9');
    expect(table.keyOf(table.formOfString('CAF\u00c9'))).toBe(table.keyOf(table.formOfString('Cafe\u0301')));
    expect(key('STRAẞE')).toBe('straße');
    expect(key('\u212b')).toBe('\u00e5');
  });

  it('grows past a hundred thousand forms without losing one', () => {
    const table = new TagTable();
    const wrong: number[] = [];
    for (let i = 0; i < 120_000; i++) if (formFromBytes(table, `Tag${i}`) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    for (let i = 0; i < 120_000; i += 997) {
      expect(formFromBytes(table, `Tag${i}`)).toBe(i);
      expect(table.keyString(table.keyOf(table.formOfString(`tag${i}`)))).toBe(`tag${i}`);
    }
    expect(table.keyCount).toBe(120_000);
  });
});
