// PLACEHOLDER: being replaced by the twitter-text-exact extractor.
export function extractHashtags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{M}\p{N}_]+)/gu)) {
    if (m[1] && !/^\p{N}+$/u.test(m[1])) out.push(m[1]);
  }
  return out;
}
export function extractMentions(text: string): string[] {
  return [...text.matchAll(/(?:^|[^A-Za-z0-9_])[@＠]([A-Za-z0-9_]{1,20})/g)].map((m) => m[1] ?? '');
}
export function extractCashtags(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)\$([A-Za-z]{1,6})(?![A-Za-z])/g)].map((m) => m[1] ?? '');
}
