/**
 * Pixel width of text in a given CSS font, measured on a detached canvas; memoized because the
 * same tags are measured on every result.
 */
export function createTextMeasure(font: string): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text) => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    if (context === null) return text.length * 8;
    context.font = font;
    const width = context.measureText(text).width;
    if (cache.size > 5_000) cache.clear();
    cache.set(text, width);
    return width;
  };
}
