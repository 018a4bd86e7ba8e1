import { BMP_TAG_BITS, TAG_CHAR, TAG_LETTER, astralTagBits } from './hashtag-chars.ts';
import { dropTagsInsideUrls, mayLieInUrl } from './hashtag-urls.ts';

const HASH = 0x23;
const WIDE_HASH = 0xff03;
const AMPERSAND = 0x26;
const NONE: readonly number[] = Object.freeze([]);

/**
 * Hashtags of a tweet, without their `#`/`＃`, in order of appearance: exactly what twitter-text 3.1.0's
 * `extractHashtags` returns, at a fraction of its cost (the URL pass only runs when a hashtag could
 * actually sit inside a URL).
 */
export function extractHashtags(text: string): string[] {
  const spans = hashtagSpans(text);
  if (spans.length === 0) return [];
  const kept = mayLieInUrl(text, spans) ? dropTagsInsideUrls(text, spans) : spans;
  const tags: string[] = [];
  for (let i = 0; i < kept.length; i += 2) tags.push(text.slice((kept[i] ?? 0) + 1, kept[i + 1]));
  return tags;
}

/**
 * Candidate hashtags before the URL check, as flat `[signIndex, end, ...]` UTF-16 offsets.
 *
 * twitter-text finds hashtags with one global regex; this walks the signs in order and replays what that
 * regex does at each: the character before the sign is consumed by the match, so it must not belong to
 * the previous match, and a hashtag rejected by the follow rule (`#a#b`, `#a://`) still uses up its text.
 */
export function hashtagSpans(text: string): readonly number[] {
  let hash = text.indexOf('#');
  let wide = text.indexOf('\uff03');
  if (hash < 0 && wide < 0) return NONE;
  const spans: number[] = [];
  let consumed = 0;
  while (hash >= 0 || wide >= 0) {
    let sign: number;
    if (wide < 0 || (hash >= 0 && hash < wide)) {
      sign = hash;
      hash = text.indexOf('#', sign + 1);
    } else {
      sign = wide;
      wide = text.indexOf('\uff03', sign + 1);
    }
    if (!boundaryBefore(text, sign, consumed)) continue;
    const end = tagEnd(text, sign + 1);
    if (end < 0) continue;
    consumed = end;
    if (end < text.length) {
      const next = text.charCodeAt(end);
      if (next === HASH || next === WIDE_HASH || text.startsWith('://', end)) continue;
    }
    spans.push(sign, end);
  }
  return spans;
}

// The sign must open the text or follow one code point that is no hashtag character and not `&`
// (variation selectors are let through so `✌️#tag` works); that code point must not be consumed yet.
function boundaryBefore(text: string, sign: number, consumed: number): boolean {
  if (sign === 0) return true;
  const at = sign - 1;
  if (at < consumed) return false;
  const c = text.charCodeAt(at);
  if (c === 0xfe0e || c === 0xfe0f) return true;
  if (c >= 0xdc00 && c <= 0xdfff) {
    if (at - 1 < consumed) return false;
    const high = text.charCodeAt(at - 1);
    if (high < 0xd800 || high > 0xdbff) return false;
    return (astralTagBits(((high - 0xd800) << 10) + c - 0xdc00 + 0x10000) & TAG_CHAR) === 0;
  }
  if (c >= 0xd800 && c <= 0xdbff) return false;
  return c !== AMPERSAND && ((BMP_TAG_BITS[c] ?? 0) & TAG_CHAR) === 0;
}

// End of the hashtag text starting at `start`, or -1 when there is none: the longest run of hashtag
// characters, which needs a letter or mark, and may not open with the keycap/emoji selectors of `#️⃣`.
function tagEnd(text: string, start: number): number {
  const n = text.length;
  if (start >= n) return -1;
  const first = text.charCodeAt(start);
  if (first === 0xfe0f || first === 0x20e3) return -1;
  let seen = 0;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    let bits: number;
    let width = 1;
    if (c < 0xd800 || c > 0xdfff) {
      bits = BMP_TAG_BITS[c] ?? 0;
    } else {
      const low = c <= 0xdbff && i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (low < 0xdc00 || low > 0xdfff) break;
      bits = astralTagBits(((c - 0xd800) << 10) + low - 0xdc00 + 0x10000);
      width = 2;
    }
    if ((bits & TAG_CHAR) === 0) break;
    seen |= bits;
    i += width;
  }
  return seen & TAG_LETTER ? i : -1;
}
