import { CHAR_BITS, SPACE } from './charsets.ts';
import { urlSpans } from './urls.ts';

const SLASH = 0x2f;
const WIDE_HASH = 0xff03;

/**
 * Whether any hashtag of `spans` (flat `[signIndex, end, ...]`) could be dropped for overlapping a URL,
 * i.e. whether the costly URL pass is needed at all.
 *
 * A URL never contains twitter-text whitespace and always contains a `.`. An ASCII `#` can only be in a
 * URL's path or query, so a `/` (of `://` or of the path) sits between the URL start and the sign. A
 * fullwidth `＃` is also a valid domain character; it is rare enough to always take the slow path.
 */
export function mayLieInUrl(text: string, spans: readonly number[]): boolean {
  let floor = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const sign = spans[k] ?? 0;
    if (text.charCodeAt(sign) === WIDE_HASH) return text.includes('.');
    // Stopping at the previous sign keeps this linear: a `/` before it would have been found then.
    for (let i = sign - 1; i >= floor; i--) {
      const c = text.charCodeAt(i);
      if (c === SLASH) return text.includes('.');
      if ((CHAR_BITS[c] ?? 0) & SPACE) break;
    }
    floor = sign;
  }
  return false;
}

interface Entity {
  start: number;
  end: number;
  tag: boolean;
}

/**
 * The hashtags of `spans` that survive twitter-text's overlap removal against the URLs of `text`: all
 * entities sorted by start (stably, hashtags before URLs), each kept only if it starts at or after the end
 * of the last kept one. A URL dropped that way no longer hides the hashtags after it, hence the replay
 * rather than a plain containment test.
 */
export function dropTagsInsideUrls(text: string, spans: readonly number[]): readonly number[] {
  const urls = urlSpans(text);
  if (urls.length === 0) return spans;
  const entities: Entity[] = [];
  for (let i = 0; i < spans.length; i += 2)
    entities.push({ start: spans[i] ?? 0, end: spans[i + 1] ?? 0, tag: true });
  for (let i = 0; i < urls.length; i += 2)
    entities.push({ start: urls[i] ?? 0, end: urls[i + 1] ?? 0, tag: false });
  entities.sort((a, b) => a.start - b.start);
  const kept: number[] = [];
  let lastEnd = -1;
  for (const entity of entities) {
    if (lastEnd > entity.start) continue;
    lastEnd = entity.end;
    if (entity.tag) kept.push(entity.start, entity.end);
  }
  return kept;
}
