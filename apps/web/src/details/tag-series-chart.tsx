import { useMemo } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIME_AXIS, TIME_TOOLTIP } from '../format/time-chart.ts';

interface TagSeriesChartProps {
  series: ReadonlyArray<{ end: string; count: number }>;
  colour: string;
}

/** One tag's count per batch over the retained history. */
export function TagSeriesChart({ series, colour }: TagSeriesChartProps) {
  const points = useMemo(
    () =>
      series
        .map((point) => ({ time: Date.parse(point.end), count: point.count }))
        .filter((point) => !Number.isNaN(point.time)),
    [series],
  );
  if (points.length < 2) return null;
  return (
    <div className="tag-series-chart">
      <ResponsiveContainer width="100%" height={140}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <XAxis {...TIME_AXIS} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip {...TIME_TOOLTIP} />
          <Line
            dataKey="count"
            name="per batch"
            stroke={colour}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
