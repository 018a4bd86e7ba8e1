import { CHAR_BITS, SPACE } from './charsets.ts';
import { urlSpans } from './urls.ts';

const SLASH = 0x2f;
const DOT = 0x2e;
const WIDE_HASH = 0xff03;

const isSpace = (c: number): boolean => ((CHAR_BITS[c] ?? 0) & SPACE) !== 0;

// Why per run: neither a URL nor a hashtag contains twitter-text whitespace, so entities of different
// whitespace-free runs never overlap, and twitter-text's overlap removal (which only ever compares an
// entity with the last one kept) decides each run on its own.

/**
 * Whether any hashtag of `spans` (flat `[signIndex, end, ...]`) could be dropped for lying in a URL,
 * i.e. whether the costly URL pass is needed at all.
 *
 * An ASCII `#` can only sit in a URL's path or query, after its host (which has a `.`) and after a `/`
 * (of `://` or of the path), all within the sign's run. A fullwidth `＃` is also a valid host character;
 * it is rare enough to take the slow path whenever the text has a `.`.
 */
export function mayLieInUrl(text: string, spans: readonly number[]): boolean {
  let floor = 0;
  let carried = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const sign = spans[k] ?? 0;
    if (text.charCodeAt(sign) === WIDE_HASH) return text.includes('.');
    // Scanning back only to the previous sign keeps this linear; what lies before it is `carried`.
    let seen = 0;
    let i = sign - 1;
    for (; i >= floor; i--) {
      const c = text.charCodeAt(i);
      if (c === SLASH) seen |= 1;
      else if (c === DOT) seen |= 2;
      else if (isSpace(c)) break;
    }
    if (i < floor) seen |= carried;
    if (seen === 3) return true;
    carried = seen;
    floor = sign;
  }
  return false;
}

/**
 * The hashtags of `spans` that survive twitter-text's overlap removal against the URLs of `text`: in each
 * run holding hashtags, all entities sorted by start (stably, hashtags before URLs), each kept only if it
 * starts at or after the end of the last kept one. A URL dropped that way no longer hides the hashtags
 * after it, hence the replay rather than a plain containment test.
 */
export function dropTagsInsideUrls(text: string, spans: readonly number[]): number[] {
  const kept: number[] = [];
  for (let k = 0; k < spans.length;) {
    let start = spans[k] ?? 0;
    while (start > 0 && !isSpace(text.charCodeAt(start - 1))) start--;
    let end = spans[k + 1] ?? 0;
    while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    let next = k;
    while (next < spans.length && (spans[next] ?? 0) < end) next += 2;
    replayOverlaps(spans.slice(k, next), runUrlSpans(text, start, end), kept);
    k = next;
  }
  return kept;
}

// URL entities of the run [start, end). The run is cut out together with the whitespace before it, which
// the URL pattern may consume as the URL's preceding character exactly as it would in the whole text.
function runUrlSpans(text: string, start: number, end: number): number[] {
  const from = start > 0 ? start - 1 : 0;
  const spans = urlSpans(text.slice(from, end));
  for (let i = 0; i < spans.length; i++) spans[i] = (spans[i] ?? 0) + from;
  return spans;
}

interface Entity {
  start: number;
  end: number;
  tag: boolean;
}

function replayOverlaps(tags: readonly number[], urls: readonly number[], kept: number[]): void {
  if (urls.length === 0) {
    kept.push(...tags);
    return;
  }
  const entities: Entity[] = [];
  for (let i = 0; i < tags.length; i += 2)
    entities.push({ start: tags[i] ?? 0, end: tags[i + 1] ?? 0, tag: true });
  for (let i = 0; i < urls.length; i += 2)
    entities.push({ start: urls[i] ?? 0, end: urls[i + 1] ?? 0, tag: false });
  entities.sort((a, b) => a.start - b.start);
  let lastEnd = -1;
  for (const entity of entities) {
    if (lastEnd > entity.start) continue;
    lastEnd = entity.end;
    if (entity.tag) kept.push(entity.start, entity.end);
  }
}
