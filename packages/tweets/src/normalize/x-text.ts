import { isObject } from './json.ts';

const X_ENTITY = /&(amp|lt|gt);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Undoes the HTML escaping the X API applies to tweet text (v1.1 and v2 both
 * send `&amp;`, `&lt;`, `&gt;`). Done in one pass, so a literal `&amp;` the
 * author typed (sent as `&amp;amp;`) survives. Matters for counting too:
 * twitter-text does not extract a hashtag right after `&`, and `&amp;#tag`
 * would otherwise look like `;#tag`.
 */
export function decodeXText(text: string): string {
  return text.includes('&') ? text.replace(X_ENTITY, (_, name: string) => DECODED[name] ?? '') : text;
}

// Characters that would continue a hashtag: if one follows a listed tag in the
// text, the text's hashtag is longer than the entity says.
const TAG_CONTINUES = /[\p{L}\p{M}\p{N}_\u200c\u200d]/u;

/**
 * A source's hashtag entity list, or its bare tag list, when it is known to
 * match `text` exactly; else undefined, and the counter extracts from the
 * text itself. Known to match means: every entry is a non-empty string found
 * as a whole `#tag`/`＃tag` in order, and the text holds no hash sign the list
 * does not account for. That is conservative on purpose (a `C#` or a URL
 * fragment makes us fall back to extraction) because a list that silently
 * disagrees with the text would corrupt counts.
 *
 * @param list the entity array (`entities.hashtags`) or a plain string array
 * @param field the property holding the tag in each entity (`tag` in v2, `text` in v1.1); omit for a string array
 */
export function verifiedHashtags(list: unknown, text: string, field?: 'tag' | 'text'): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const tags: string[] = [];
  let from = 0;
  for (const entry of list as unknown[]) {
    const tag = field === undefined ? entry : isObject(entry) ? entry[field] : undefined;
    if (typeof tag !== 'string' || tag === '') return undefined;
    const at = findTag(text, tag, from);
    if (at < 0) return undefined;
    from = at + 1 + tag.length;
    tags.push(tag);
  }
  return countSigns(text) === tags.length ? tags : undefined;
}

/** The entity list under `entities.hashtags`; an entities object without the key means "none" (v2 omits empty lists). */
export function hashtagEntities(entities: unknown): unknown {
  if (!isObject(entities)) return undefined;
  return entities.hashtags === undefined ? [] : entities.hashtags;
}

function findTag(text: string, tag: string, from: number): number {
  // Sign by sign with indexOf (native, several times faster than a charCodeAt loop over the
  // whole text, which showed in the profile), in text order across both signs.
  let hash = text.indexOf('#', from);
  let wide = text.indexOf('＃', from);
  while (hash >= 0 || wide >= 0) {
    let i: number;
    if (wide < 0 || (hash >= 0 && hash < wide)) {
      i = hash;
      hash = text.indexOf('#', i + 1);
    } else {
      i = wide;
      wide = text.indexOf('＃', i + 1);
    }
    if (text.startsWith(tag, i + 1)) {
      const next = text.codePointAt(i + 1 + tag.length);
      if (next === undefined || !continuesTag(next)) return i;
    }
  }
  return -1;
}

function continuesTag(code: number): boolean {
  // ASCII without a regex: the common case, on the per-line hot path.
  if (code < 0x80)
    return (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      code === 0x5f
    );
  return TAG_CONTINUES.test(String.fromCodePoint(code));
}

function countSigns(text: string): number {
  let n = 0;
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) n++;
  for (let i = text.indexOf('＃'); i >= 0; i = text.indexOf('＃', i + 1)) n++;
  return n;
}
