import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BatchResult } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { TIME_AXIS, TIME_TOOLTIP } from '../format/time-chart.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { tagColour } from '../leaderboard/tag-colours.ts';
import {
  buildTrendSeries,
  chooseTrendTags,
  seriesRefreshKey,
  settingsMarks,
  type TrendPoint,
} from './trend-series.ts';
import { useBatchSeries } from './use-batch-series.ts';

// More lines than this is a tangle.
const FOLLOWED_TAGS = 5;
// The per-batch counts of the followed tags are re-read this often, and when a result needs them.
const REFRESH_MS = 5_000;

interface TrendChartProps {
  history: readonly BatchResult[];
  /** The tracker whose history this is. */
  tracker: string;
  receivedAt: number | null;
}

/** The window counts of the tags that led the recent history, over that history, in tweet time. */
export function TrendChart({ history, tracker, receivedAt }: TrendChartProps) {
  // The followed tags carry over from result to result (see chooseTrendTags), so they are state.
  const [followed, setFollowed] = useState(() => chooseTrendTags(history, FOLLOWED_TAGS));
  const [seenHistory, setSeenHistory] = useState(history);
  if (history !== seenHistory) {
    setSeenHistory(history);
    setFollowed(
      chooseTrendTags(
        history,
        FOLLOWED_TAGS,
        followed.map((entry) => entry.tag),
      ),
    );
  }
  const tags = useMemo(() => followed.map((entry) => entry.tag), [followed]);
  const batches = useBatchSeries(tags, tracker, seriesRefreshKey(history, tags, receivedAt, REFRESH_MS));
  const points = useMemo(() => buildTrendSeries(history, tags, batches), [history, tags, batches]);
  const marks = useMemo(() => settingsMarks(history), [history]);
  if (points.length < 2) return <p className="hint">The trend appears after two results.</p>;
  const middle = (points[0]!.time + points.at(-1)!.time) / 2;

  return (
    <div className="trend-chart" data-testid="trend-chart">
      <div className="trend-plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={points}
            margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid vertical={false} />
            <XAxis {...TIME_AXIS} />
            <YAxis allowDecimals={false} width={52} tickFormatter={formatCount} />
            <Tooltip {...TIME_TOOLTIP} />
            {marks.map((mark) => (
              <ReferenceLine
                key={mark.time}
                x={mark.time}
                className="settings-mark"
                strokeDasharray="4 3"
                // The label reads toward the middle of the chart, so a mark at either edge is not cut off.
                label={{
                  value: mark.label,
                  position: mark.time > middle ? 'insideTopRight' : 'insideTopLeft',
                  className: 'settings-mark-label',
                }}
              />
            ))}
            {followed.map((entry, i) => (
              <Line
                key={entry.tag}
                // Positional values: tags are user data and make unsafe object keys.
                dataKey={(point: TrendPoint) => point.values[i]}
                name={entry.display}
                stroke={tagColour(entry.tag)}
                strokeWidth={2}
                dot={false}
                connectNulls={false}
                // New points arrive every slide; redrawing the whole line each time would be noise.
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend" aria-label="Lines">
        {followed.map((entry) => (
          <li key={entry.tag}>
            <span className="swatch" style={{ background: tagColour(entry.tag) }} aria-hidden="true" />
            <TagName text={entry.display} />
          </li>
        ))}
      </ul>
    </div>
  );
}
