import { describe, expect, it } from 'vitest';
import { extractHashtags } from '../hashtags.ts';
import { ScannedTweet } from './scanned-tweet.ts';
import { DECLINE, scanTextTags } from './text-tags.ts';

/** The hashtags the byte scanner finds in `text` (written as a JSON string), or 'declined'. */
function scan(text: string, xText = false): string[] | 'declined' {
  const bytes = Buffer.from(JSON.stringify(text));
  const out = new ScannedTweet();
  const close = scanTextTags(bytes, 1, bytes.length, out, xText);
  if (close === DECLINE) return 'declined';
  expect(close).toBe(bytes.length - 1);
  return Array.from({ length: out.tags }, (_, k) =>
    bytes.subarray(out.tagStart[k]!, out.tagEnd[k]!).toString('utf8'),
  );
}

describe('scanTextTags', () => {
  it('reads what extractHashtags reads, on the bytes', () => {
    for (const text of [
      'plain #tag and #Tag2 then #_x #1a',
      '#start',
      'end #',
      'a#b x_#c 1#d &#e ;#f',
      '#a#b #c#',
      '#a://x #b:/y #c:',
      '#123 #_ #1_2 #a_1',
      'né#a é #b 😀#c 🌙#d ✌\ufe0f#e 漢#f \u0301#g \u200c#h',
      '#café #a\u0301b #日本語 #\u{1d7ce}x #a\u200cb #İstanbul #Straße',
      '#\ufe0f\u20e3 #\u20e3a #a\ufe0f #😀 #é😀',
      '#a\ufe0f#b #c\ufe0e#d x\ufe0f#e',
      'line\n#one\t#two\r#three "#four" \\#five',
      'see example.com/x\n#tag',
      'a.b c/d #tag',
    ]) {
      expect(scan(text), JSON.stringify(text)).toEqual(extractHashtags(text));
    }
  });

  it('declines what the exact path must read', () => {
    for (const text of [
      'a wide ＃sign',
      '#a＃b',
      'http://example.com/#frag',
      'x.com/#a',
      'a.b/#tag',
      'escaped \u2028 is fine but \u0001 is a control character',
      '#lone\ud800surrogate',
    ]) {
      expect(scan(text), JSON.stringify(text)).toBe('declined');
    }
    // Escapes JSON.stringify never writes: \/ and \u for a printable character.
    for (const raw of ['"a \\/ #b"', '"\\u0023tag"', '"#a\\u0301"', '"bad \\x escape"', '"unclosed']) {
      const bytes = Buffer.from(raw);
      expect(scanTextTags(bytes, 1, bytes.length, new ScannedTweet()), raw).toBe(DECLINE);
    }
  });

  it('declines a malformed byte beside a sign or in a tag, and reads one elsewhere', () => {
    const at = (parts: (string | number[])[]): number[] | 'declined' => {
      const bytes = Buffer.concat(
        parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
      );
      const out = new ScannedTweet();
      return scanTextTags(bytes, 1, bytes.length, out) === DECLINE ? 'declined' : [out.tags];
    };
    expect(at(['"', [0xc3], '#a"'])).toBe('declined');
    expect(at(['"#a', [0xe2, 0x82], '"'])).toBe('declined');
    expect(at(['"#', [0xff], 'a"'])).toBe('declined');
    expect(at(['"', [0xff], ' #a"'])).toEqual([1]);
  });

  it('declines X text holding `&` (the exact path decodes &amp; first)', () => {
    expect(scan('fish &amp; chips #food', true)).toBe('declined');
    expect(scan('fish &amp; chips #food', false)).toEqual(['food']);
  });

  it('keeps lines with URLs far from their hashtags on the byte path', () => {
    // Whitespace (raw, or an escape that decodes to it) ends the URL a hashtag could lie in.
    expect(scan('read https://example.com/a.html #news')).toEqual(['news']);
    expect(scan('read https://example.com/a.html\n#news')).toEqual(['news']);
    expect(scan('read https://example.com/a.html\t#news')).toEqual(['news']);
  });
});
