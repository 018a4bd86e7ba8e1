/** How the drill-down words a tag's related tags, authors and languages. Pure, for tests. */

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** What the server says when a source gave no author or language. */
export const UNKNOWN = 'unknown';

/** `part` of `whole` as a percentage (`38%`), and under 1% as `<1%` rather than a misleading `0%`. */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const share = part / whole;
  if (share > 0 && share < 0.005) return '<1%';
  return percent.format(share);
}

/** A language as a reader knows it: `Portuguese (pt)`, or the code alone when it has no name. */
export function languageLabel(code: string): string {
  if (code === UNKNOWN) return 'not given';
  if (code === 'und') return 'undetermined (und)';
  let name: string | undefined;
  try {
    name = languageNames.of(code);
  } catch {
    // Not a well-formed language tag: sources send what they like.
    name = undefined;
  }
  return name !== undefined && name !== code ? `${name} (${code})` : code;
}

/** An author as the drill-down shows one: `@handle`, or `unknown` when the source gave none. */
export function authorLabel(author: string): string {
  return author === UNKNOWN ? 'author not given' : `@${author}`;
}
