import { formatClock } from './clock.ts';
import { formatInstant } from './window-range.ts';

/**
 * What every chart over tweet time shares (trends, a tag's batches, share of voice): an x axis of
 * epoch ms labelled by clock time, and a tooltip that names the instant, in the page's colours.
 * Spread into recharts' `XAxis` and `Tooltip`, which must stay direct children of their chart.
 */
export const TIME_AXIS = {
  dataKey: 'time',
  type: 'number',
  scale: 'time',
  domain: ['dataMin', 'dataMax'],
  tickFormatter: formatClock,
  minTickGap: 48,
} as const;

export const TIME_TOOLTIP = {
  labelFormatter: (time: unknown) => formatInstant(new Date(Number(time)).toISOString()),
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
} as const;
