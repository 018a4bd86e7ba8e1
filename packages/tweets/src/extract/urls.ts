import { asciiLabelLength } from './punycode.ts';
import { ASCII_DOMAIN, BAD_BEFORE_BARE_URL, TCO_URL, URL_PATTERN } from './url-pattern.ts';

const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;
const MAX_LABEL_LENGTH = 63;
const DEFAULT_PROTOCOL = 'https://';

/**
 * The URL entities twitter-text 3.1.0's `extractUrlsWithIndices` finds in `text`, as flat
 * `[start, end, ...]` UTF-16 offsets, in order. Only the offsets are kept: the hashtag extractor needs
 * nothing else.
 */
export function urlSpans(text: string): number[] {
  const spans: number[] = [];
  if (!text.includes('.')) return spans;
  URL_PATTERN.lastIndex = 0;
  for (let m = URL_PATTERN.exec(text); m; m = URL_PATTERN.exec(text)) {
    const before = m[1] ?? '';
    const url = m[2] ?? '';
    const protocol = m[3] ?? '';
    const host = m[4] ?? '';
    const path = m[5] ?? '';
    const end = URL_PATTERN.lastIndex;
    const start = end - url.length;
    if (!hostEncodes(host) || (protocol || DEFAULT_PROTOCOL).length + url.length > MAX_URL_LENGTH) continue;
    if (protocol) {
      const tco = TCO_URL.exec(url);
      if (!tco) spans.push(start, end);
      else if ((tco[1] ?? '').length <= MAX_TCO_SLUG_LENGTH) spans.push(start, start + tco[0].length);
    } else if (!BAD_BEFORE_BARE_URL.test(before)) {
      addBareHosts(spans, host, start, path ? end : -1);
    }
  }
  return spans;
}

// Without a protocol only the ASCII host names inside the host count, each its own entity; the last one
// also takes the path (and what follows it) when there is a path.
function addBareHosts(spans: number[], host: string, start: number, pathEnd: number): void {
  let searchFrom = 0;
  let last = -1;
  ASCII_DOMAIN.lastIndex = 0;
  for (let m = ASCII_DOMAIN.exec(host); m; m = ASCII_DOMAIN.exec(host)) {
    // twitter-text locates the match with indexOf rather than taking its index, which can land on an
    // earlier copy of the same text (`x.jp9日x.jp`); entities follow that position, so it is kept.
    const at = host.indexOf(m[0], searchFrom);
    searchFrom = at + m[0].length;
    last = spans.length;
    spans.push(start + at, start + searchFrom);
  }
  if (last >= 0 && pathEnd >= 0) spans[last + 1] = pathEnd;
}

// twitter-text's IDNA check: every label must encode to 1..63 characters, and an `xn--` host must hold
// some ASCII host name. Where Node's punycode would throw (absurdly long mixed-script labels) twitter-text
// throws too; the host is deemed invalid here instead.
function hostEncodes(host: string): boolean {
  if (host.startsWith('xn--')) {
    ASCII_DOMAIN.lastIndex = 0;
    const found = ASCII_DOMAIN.test(host);
    ASCII_DOMAIN.lastIndex = 0;
    if (!found) return false;
  }
  for (let from = 0; from <= host.length;) {
    let to = host.indexOf('.', from);
    if (to < 0) to = host.length;
    const length = asciiLabelLength(host.slice(from, to));
    if (length < 1 || length > MAX_LABEL_LENGTH) return false;
    from = to + 1;
  }
  return true;
}
