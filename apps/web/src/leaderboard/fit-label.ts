const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest start of `text` that fits `maxWidth` pixels, ending in an ellipsis when cut.
 * SVG text cannot ellipsize by itself, and a character count is no measure across scripts
 * (a CJK or emoji tag is twice as wide as a Latin one), so this measures; it cuts between
 * graphemes so emoji sequences stay whole.
 */
export function fitToWidth(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const graphemes = Array.from(segmenter.segment(text), ({ segment }) => segment);
  let low = 0;
  let high = graphemes.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${graphemes.slice(0, mid).join('')}…`) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return `${graphemes.slice(0, low).join('')}…`;
}
