import { describe, expect, it } from 'vitest';
import { foldCase, tokenizeText } from './text-tokens.ts';

describe('tokenizeText', () => {
  it.each([
    // Punctuation and separators split and vanish.
    ['I like coca-cola!', ['i', 'like', 'coca', 'cola']],
    ["Don't stop", ['don', 't', 'stop']],
    ['#Ether @Vitalik', ['ether', 'vitalik']],
    ['foo_bar', ['foo', 'bar']],
    ['Node.js 3.14 https://x.com/a?b=1', ['node', 'js', '3', '14', 'https', 'x', 'com', 'a', 'b', '=', '1']],
    ['a\u00A0b\u2003c\td\ne', ['a', 'b', 'c', 'd', 'e']],
    ['«quoted» — dash', ['quoted', 'dash']],
    ['', []],
    ['?!…', []],
    // Other symbols are one-character tokens.
    ['$100 c++ 5€', ['$', '100', 'c', '+', '+', '5', '€']],
    // Letters, marks and digits stay together, accents included.
    ['Café crème', ['café', 'crème']],
    ['abc123 x²', ['abc123', 'x²']],
    ['مرحبا بالعالم! العَرَبِيَّة', ['مرحبا', 'بالعالم', 'العَرَبِيَّة']],
    ['Привет, мир', ['привет', 'мир']],
    ['한국어 텍스트', ['한국어', '텍스트']],
    // Scripts without spaces: one token per character, so keywords match inside runs.
    ['東京タワー。', ['東', '京', 'タ', 'ワ', 'ー']],
    ['iPhone買った', ['iphone', '買', 'っ', 'た']],
    ['ภาษาไทย', ['ภ', 'า', 'ษ', 'า', 'ไ', 'ท', 'ย']],
    // Emoji: whole sequences, variation selectors dropped.
    ['hot🔥🔥', ['hot', '🔥', '🔥']],
    ['I ❤️ U ❤', ['i', '❤', 'u', '❤']],
    ['👍🏽 👍', ['👍🏽', '👍']],
    ['👨‍👩‍👧 family', ['👨‍👩‍👧', 'family']],
    ['🇯🇵🇫🇷', ['🇯🇵', '🇫🇷']],
    ['1️⃣ 1', ['1⃣', '1']],
  ])('%j → %j', (text, tokens) => {
    expect(tokenizeText(text)).toEqual(tokens);
  });

  it('folds to NFC lowercase, keeping accents', () => {
    expect(tokenizeText('CAFE\u0301')).toEqual(['café']);
    expect(tokenizeText('Cafe')).toEqual(['cafe']);
    expect(foldCase('ÉTÉ')).toBe('été');
  });

  it('treats final and medial sigma alike', () => {
    expect(tokenizeText('ΟΔΟΣ οδος οδοσ')).toEqual(['οδοσ', 'οδοσ', 'οδοσ']);
  });
});
