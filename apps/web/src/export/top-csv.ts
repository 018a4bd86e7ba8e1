import type { BatchResult } from '@tagstream/protocol';

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection); tags are
 * user data, so such cells get a leading apostrophe, which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The current top as CSV (RFC 4180, CRLF line ends), one row per entry, with the window it was counted in.
 * It starts with a byte-order mark so that spreadsheets read non-Latin tags as UTF-8.
 */
export function topToCsv(result: BatchResult): string {
  const header = ['rank', 'hashtag', 'tag', 'count', 'prev_rank', 'window_start', 'window_end'];
  const rows = result.top.map((entry) => [
    entry.rank,
    entry.display,
    entry.tag,
    entry.count,
    entry.prevRank,
    result.window.start,
    result.window.end,
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** `tagstream-top-2018-03-04T10-00-20Z.csv`: named after the window end, safe on every file system. */
export function exportFileName(result: BatchResult, extension: 'csv' | 'png'): string {
  const end = result.window.end.replace(/\.\d+Z$/, 'Z').replace(/[^0-9A-Za-z-]/g, '-');
  return `tagstream-top-${end}.${extension}`;
}
