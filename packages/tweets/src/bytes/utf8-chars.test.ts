import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodedCodePoint, readCharAt, readCharBefore } from './utf8-chars.ts';

const strict = new TextDecoder('utf-8', { fatal: true });

describe('reading one UTF-8 character', () => {
  it('reads every well-formed sequence as a strict decoder does, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => {
          b[0] = b[0]! | 0x80;
          return b;
        }),
        (bytes) => {
          const length = readCharAt(bytes, 0, bytes.length);
          let expected = -1;
          for (let n = 2; n <= bytes.length; n++) {
            try {
              const s = strict.decode(bytes.subarray(0, n));
              if ([...s].length === 1) expected = n;
            } catch {
              // not a character of n bytes
            }
            if (expected > 0) break;
          }
          expect(length).toBe(expected);
          if (length > 0) {
            expect(decodedCodePoint).toBe(strict.decode(bytes.subarray(0, length)).codePointAt(0));
            expect(readCharBefore(bytes, length, 0)).toBe(length);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads characters of every length, forwards and backwards', () => {
    for (const ch of ['é', '€', '日', '😀', '\u{10ffff}', '\u0080', '\uffff']) {
      const bytes = Buffer.from(`a${ch}#`);
      expect(readCharAt(bytes, 1, bytes.length)).toBe(bytes.length - 2);
      expect(decodedCodePoint).toBe(ch.codePointAt(0));
      expect(readCharBefore(bytes, bytes.length - 1, 1)).toBe(bytes.length - 2);
      expect(decodedCodePoint).toBe(ch.codePointAt(0));
    }
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xff],
    ])
      expect(readCharAt(Uint8Array.from(bad), 0, bad.length), String(bad)).toBe(-1);
    // A stray continuation byte before a good character is not part of it.
    const bytes = Uint8Array.from([0xa9, 0xc3, 0xa9, 0x23]);
    expect(readCharBefore(bytes, 3, 0)).toBe(2);
    expect(readCharBefore(Uint8Array.from([0xe2, 0x82, 0xac, 0xa9, 0x23]), 4, 0)).toBe(-1);
  });
});
