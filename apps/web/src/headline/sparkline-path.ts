/**
 * An SVG path through `values`, spread across `width` and scaled into `height` (the lowest value at
 * the bottom, the highest at the top; a flat series sits in the middle). Empty for fewer than two points.
 */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return '';
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low;
  const step = width / (values.length - 1);
  return values
    .map((value, i) => {
      const y = span === 0 ? height / 2 : height - ((value - low) / span) * height;
      return `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
