import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skipString, skipValue, skipWhitespace, stringHadEscape } from './json-bytes.ts';

/** Whether JSON.parse accepts the decoded bytes (as the exact path would see them). */
function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The skipper's verdict on the whole of `bytes`: one value, whitespace around it. */
function skips(bytes: Uint8Array): boolean {
  const start = skipWhitespace(bytes, 0, bytes.length);
  const end = skipValue(bytes, start, bytes.length);
  return end >= 0 && skipWhitespace(bytes, end, bytes.length) === bytes.length;
}

const edits = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom(...'"\\{}[],:0-.eE+ tfnu\u0000\u001f\u00e9x'.split(''))),
  { maxLength: 3 },
);

describe('skipValue', () => {
  it('accepts exactly what JSON.parse accepts (up to its depth limit), on JSON and damaged JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
        ),
        edits,
        (json, es) => {
          let s = json;
          for (const [pos, ch] of es) {
            const i = pos % (s.length + 1);
            s = pos % 3 === 0 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i);
          }
          const bytes = Buffer.from(s);
          expect(skips(bytes), s).toBe(parses(bytes));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('numbers and literals by JSON’s grammar', () => {
    for (const s of ['0', '-0', '12', '-1.5e+3', '1E9', '0.0', 'true', 'false', 'null'])
      expect(skips(Buffer.from(s)), s).toBe(true);
    for (const s of ['01', '-', '1.', '.5', '1e', '+1', 'NaN', 'tru', 'nulll', '0x10', '1e+'])
      expect(skips(Buffer.from(s)), s).toBe(false);
  });

  it('declines values nested deeper than it recurses', () => {
    const deep = Buffer.from('['.repeat(100) + ']'.repeat(100));
    expect(skips(deep)).toBe(false);
    expect(parses(deep)).toBe(true);
  });

  it('stays inside the bounds it is given', () => {
    const bytes = Buffer.from('{"a":"b"}{"c":1}');
    expect(skipValue(bytes, 0, 9)).toBe(9);
    expect(skipValue(bytes, 0, 8)).toBe(-1);
    expect(skipString(bytes, 1, 3)).toBe(-1);
  });

  it('tells whether a string held an escape', () => {
    expect(skipString(Buffer.from('"a\\nb"'), 0, 6)).toBe(6);
    expect(stringHadEscape).toBe(true);
    expect(skipString(Buffer.from('"ab"'), 0, 4)).toBe(4);
    expect(stringHadEscape).toBe(false);
  });
});
