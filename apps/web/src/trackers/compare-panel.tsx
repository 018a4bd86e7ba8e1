import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Tracker, VoiceEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { TIME_AXIS, TIME_TOOLTIP } from '../format/time-chart.ts';
import { trackerColour } from './tracker-colour.ts';
import { formatShare, voiceSeries, type VoicePoint } from './voice-series.ts';

interface ComparePanelProps {
  trackers: readonly Tracker[];
  voice: readonly VoiceEntry[];
  onClose: () => void;
}

/** Share of voice between the trackers over time: each one's tweets per window as a share of their sum. */
export function ComparePanel({ trackers, voice, onClose }: ComparePanelProps) {
  const names = useMemo(() => trackers.map((t) => t.name), [trackers]);
  const points = useMemo(() => voiceSeries(voice, names), [voice, names]);
  const last = points.at(-1);

  return (
    <section id="compare" className="card compare" aria-labelledby="compare-heading">
      <header className="card-header">
        <h2 id="compare-heading">Share of voice</h2>
        <p className="card-subtitle">Each tracker&rsquo;s tweets per window, as a share of all of theirs</p>
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </header>
      {trackers.length < 2 ? (
        <p className="hint">Add two trackers to compare them.</p>
      ) : points.length < 2 ? (
        <p className="hint">The comparison appears after two windows.</p>
      ) : (
        <div className="trend-chart" data-testid="compare-chart">
          <div className="trend-plot">
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={points} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid vertical={false} />
                <XAxis {...TIME_AXIS} />
                <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} width={52} unit=" %" />
                <Tooltip {...TIME_TOOLTIP} formatter={(value) => formatShare(Number(value))} />
                {names.map((name, i) => (
                  <Area
                    key={name}
                    // Positional values: tracker names are the user's and make unsafe object keys.
                    dataKey={(point: VoicePoint) => point.shares[i]}
                    name={name}
                    stackId="voice"
                    stroke={trackerColour(i)}
                    fill={trackerColour(i)}
                    fillOpacity={0.55}
                    isAnimationActive={false}
                  />
                ))}
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </div>
      )}
      {trackers.length >= 2 && (
        <ul className="legend" aria-label="Trackers compared">
          {names.map((name, i) => (
            <li key={name} data-testid={`voice-${name}`}>
              <span className="swatch" style={{ background: trackerColour(i) }} aria-hidden="true" />
              <span>
                {name} <strong>{last ? formatShare(last.shares[i] ?? 0) : '–'}</strong>
                {last && <span className="hint"> ({formatCount(last.tweets[i] ?? 0)} tweets)</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
