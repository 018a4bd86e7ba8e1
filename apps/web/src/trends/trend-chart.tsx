import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchResult } from '@tagstream/protocol';
import { formatClock } from '../format/clock.ts';
import { formatCount } from '../format/numbers.ts';
import { formatInstant } from '../format/window-range.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { tagColour } from '../leaderboard/tag-colours.ts';
import { buildTrendSeries, type TrendPoint } from './trend-series.ts';

// More lines than this is a tangle.
const FOLLOWED_TAGS = 5;

interface TrendChartProps {
  history: readonly BatchResult[];
  latest: BatchResult | null;
  colours: ReadonlyMap<string, number>;
}

/** How the current leaders' counts moved over the recent results, in tweet time. */
export function TrendChart({ history, latest, colours }: TrendChartProps) {
  const followed = useMemo(() => latest?.top.slice(0, FOLLOWED_TAGS) ?? [], [latest]);
  const points = useMemo(
    () =>
      buildTrendSeries(
        history,
        followed.map((entry) => entry.tag),
      ),
    [history, followed],
  );
  if (points.length < 2) return <p className="hint">The trend appears after two results.</p>;

  return (
    <div className="trend-chart">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={formatClock}
            minTickGap={48}
          />
          <YAxis allowDecimals={false} width={52} tickFormatter={formatCount} />
          <Tooltip
            labelFormatter={(time) => formatInstant(new Date(Number(time)).toISOString())}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              color: 'var(--text)',
            }}
          />
          {followed.map((entry, i) => (
            <Line
              key={entry.tag}
              // Positional values: tags are user data and make unsafe object keys.
              dataKey={(point: TrendPoint) => point.values[i]}
              name={entry.display}
              stroke={tagColour(entry.tag, colours)}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              // New points arrive every slide; redrawing the whole line each time would be noise.
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ul className="legend" aria-label="Lines">
        {followed.map((entry) => (
          <li key={entry.tag}>
            <span
              className="swatch"
              style={{ background: tagColour(entry.tag, colours) }}
              aria-hidden="true"
            />
            <TagName text={entry.display} />
          </li>
        ))}
      </ul>
    </div>
  );
}
