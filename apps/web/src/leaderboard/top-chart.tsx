import type { CSSProperties } from 'react';
import type { TopEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { rankChange } from './rank-change.ts';
import { useRaceFrame } from './race/use-race-frame.ts';
import { tagColour } from './tag-colours.ts';

interface TopChartProps {
  top: readonly TopEntry[];
  /** How long a new result tweens (0: drawn at once). */
  animationMs: number;
  /** Rows the chart makes room for (the top K), so its height holds still while tags come and go. */
  slots: number;
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
  /** The tag pointed at (null: none), for its related tags. */
  onPoint: (tag: string | null) => void;
}

/**
 * The top of the window as a bar-chart race (see `LeaderboardRace`). Each row is one unit, label, bar,
 * count and rank marker, placed with a transform, so the words never part from their bar. HTML rather
 * than SVG: the browser cuts long labels with an ellipsis in any script, and sizes follow CSS (the wall
 * view scales rows with the screen). Rows are for the eye and the mouse; the table is the same data for
 * keyboards and screen readers.
 */
export function TopChart({ top, animationMs, slots, selectedTag, onSelectTag, onPoint }: TopChartProps) {
  const { rows } = useRaceFrame(top, animationMs);
  return (
    <div
      className="top-chart"
      data-testid="leaderboard-chart"
      role="img"
      aria-label="Bar chart of the hashtag counts in this window; the table lists the same data."
      style={{ '--rows': Math.max(1, slots) } as CSSProperties}
      onMouseLeave={() => onPoint(null)}
    >
      {rows.map((row) => {
        const change = rankChange(row.rank, row.prevRank);
        return (
          <div
            key={row.tag}
            data-tag={row.tag}
            className={`race-row${row.tag === selectedTag ? ' selected' : ''}`}
            style={{ transform: `translateY(calc(var(--row-h) * ${row.position}))`, opacity: row.opacity }}
            onClick={() => onSelectTag(row.tag)}
            // On the pointer's moves, not on rows sliding under a pointer at rest: the peek stays on the tag chosen.
            onMouseMove={() => onPoint(row.tag)}
          >
            <span data-role="label" className="race-label" title={row.display}>
              <bdi>{row.display}</bdi>
            </span>
            <span className="race-track">
              <span
                data-role="bar"
                className="race-bar"
                style={{
                  width: `calc((100% - var(--count-w)) * ${row.fraction})`,
                  background: tagColour(row.tag),
                }}
              />
              <span data-role="count" className="race-count">
                {formatCount(row.count)}
              </span>
              {!row.leaving && (
                <span className={`race-change rank-change-${change.kind}`} aria-hidden="true">
                  {change.symbol}
                </span>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}
