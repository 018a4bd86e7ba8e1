import type { BatchResult } from '@tagstream/protocol';

/** Where everything goes in the exported picture, in CSS pixels (the canvas is drawn at 2×). */
export const PNG_LAYOUT = {
  width: 1200,
  padding: 40,
  /** Title and the window line under it. */
  header: 96,
  rowHeight: 36,
  barHeight: 24,
  labelWidth: 300,
  /** Room right of the longest bar for "12,345 ▲10". */
  countWidth: 140,
  /** The legend and the source line. */
  footer: 84,
} as const;

/** The picture's size in CSS pixels for a result: taller with more rows, never empty. */
export function pngSize(result: BatchResult): { width: number; height: number } {
  const rows = Math.max(1, result.top.length);
  const { width, padding, header, rowHeight, footer } = PNG_LAYOUT;
  return { width, height: padding * 2 + header + rows * rowHeight + footer };
}
