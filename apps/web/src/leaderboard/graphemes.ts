// Graphemes, not code units: cutting a tag inside an emoji ZWJ sequence or a combining mark shows garbage.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `max` user-perceived characters, the last one an ellipsis when the text was cut. */
export function truncateGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  const graphemes: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    graphemes.push(segment);
    if (graphemes.length > max) break;
  }
  if (graphemes.length <= max) return text;
  return `${graphemes.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The number of user-perceived characters in a text. */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
