import type { BatchResult } from '@tagstream/protocol';
import { formatDuration } from '../format/duration.ts';

/** One point in time of the trend chart: the window end and each followed tag's count in that window. */
export interface TrendPoint {
  /** Window end, epoch ms. */
  time: number;
  /** Counts in the order of the followed tags; null only where nothing tells the count. */
  values: Array<number | null>;
}

/** A tag's count per closed batch (`GET /api/tags/{tag}`), oldest first, dense over the retained batches. */
export type BatchSeries = ReadonlyArray<{ start: string; end: string; count: number }>;

/** A followed tag: its key and how it is shown. */
export interface TrendTag {
  tag: string;
  display: string;
}

/** Where the counting settings changed inside the history: the window's length is no longer the same. */
export interface SettingsMark {
  time: number;
  label: string;
}

/** How many recent results the trend spans: about the batches the server retains per tag. */
export const TREND_POINTS = 30;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A followed tag keeps its line while it stays within this many places of the n it would take. */
export const HOLD_MARGIN = 3;

/**
 * The tags the trend follows: the `n` with the most counted over the shown history (ties by key), so
 * the lines hold still while the top list churns, instead of following whoever leads this second. The
 * tags followed so far (`previous`) keep their lines, in their order, while they stay within
 * `HOLD_MARGIN` places of the n: a close race for fifth place does not swap a line every second.
 */
export function chooseTrendTags(
  history: readonly BatchResult[],
  n = 5,
  previous: readonly string[] = [],
  limit = TREND_POINTS,
): TrendTag[] {
  const totals = new Map<string, { total: number; display: string }>();
  for (const result of history.slice(-limit)) {
    for (const entry of result.top) {
      const seen = totals.get(entry.tag);
      totals.set(entry.tag, { total: (seen?.total ?? 0) + entry.count, display: entry.display });
    }
  }
  const ranked = [...totals.entries()]
    .sort(([a, x], [b, y]) => y.total - x.total || byCodePoint(a, b))
    .map(([tag]) => tag);
  const held = previous.filter((tag) => {
    const place = ranked.indexOf(tag);
    return place >= 0 && place < n + HOLD_MARGIN;
  });
  const chosen = [...held.slice(0, n), ...ranked.filter((tag) => !held.includes(tag))].slice(0, n);
  return chosen.map((tag) => ({ tag, display: totals.get(tag)!.display }));
}

/**
 * When the followed tags' per-batch counts are read again: once every `refreshMs` of arrivals, and at
 * once when a new result leaves a followed tag out of its top, because only those counts can fill that
 * point (waiting for the next refresh would break the tag's line until then). The key changes exactly
 * when a read is due.
 */
export function seriesRefreshKey(
  history: readonly BatchResult[],
  tags: readonly string[],
  receivedAt: number | null,
  refreshMs: number,
): string {
  const coarse = receivedAt === null ? 0 : Math.floor(receivedAt / refreshMs);
  for (let i = history.length - 1; i >= 0; i--) {
    const shown = new Set(history[i]!.top.map((entry) => entry.tag));
    if (tags.some((tag) => !shown.has(tag))) return `${coarse}:${history[i]!.window.end}`;
  }
  return `${coarse}:`;
}

/** The count of a tag in a window from its per-batch counts, or null when they do not cover the window. */
function fromBatches(series: BatchSeries | undefined, start: number, end: number): number | null {
  if (!series || series.length === 0) return null;
  if (Date.parse(series[0]!.start) > start || Date.parse(series.at(-1)!.end) < end) return null;
  let sum = 0;
  for (const batch of series) {
    if (Date.parse(batch.start) >= start && Date.parse(batch.end) <= end) sum += batch.count;
  }
  return sum;
}

/**
 * The window counts of `tags` across the newest `limit` results. Where a tag is in a result's top its
 * count is there; where it is not, it is summed from the tag's per-batch counts over that window, so a
 * line does not break because the tag dipped out of the top. Values are positional, not keyed by tag:
 * tags are user data (`__proto__`).
 */
export function buildTrendSeries(
  history: readonly BatchResult[],
  tags: readonly string[],
  batches: ReadonlyMap<string, BatchSeries> = new Map(),
  limit = TREND_POINTS,
): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const result of history.slice(-limit)) {
    const start = Date.parse(result.window.start);
    const time = Date.parse(result.window.end);
    if (Number.isNaN(time) || Number.isNaN(start)) continue;
    const counts = new Map(result.top.map((entry) => [entry.tag, entry.count]));
    points.push({
      time,
      values: tags.map((tag) => counts.get(tag) ?? fromBatches(batches.get(tag), start, time)),
    });
  }
  return points;
}

/** The results where the window's length differs from the one before: the settings changed there. */
export function settingsMarks(history: readonly BatchResult[], limit = TREND_POINTS): SettingsMark[] {
  const marks: SettingsMark[] = [];
  const shown = history.slice(-limit);
  for (let i = 1; i < shown.length; i++) {
    const length = (r: BatchResult) => Date.parse(r.window.end) - Date.parse(r.window.start);
    const before = length(shown[i - 1]!);
    const after = length(shown[i]!);
    if (before !== after) {
      marks.push({
        time: Date.parse(shown[i]!.window.end),
        label: `window ${formatDuration(before)} → ${formatDuration(after)}`,
      });
    }
  }
  return marks;
}
