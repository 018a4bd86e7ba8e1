import type { BarShapeProps } from 'recharts';
import { formatCount } from '../format/numbers.ts';
import { rankChange } from './rank-change.ts';

/** One row of the chart as recharts hands it to `TopChart`'s bar shape. */
export interface TagBarRow {
  tag: string;
  /** The display form, already fitted to the label column. */
  label: string;
  display: string;
  count: number;
  rank: number;
  prevRank: number | null;
  colour: string;
}

interface TagBarProps {
  bar: BarShapeProps;
  /** The CSS font the labels were fitted with. */
  font: string;
  /** False while a tag that left the top shrinks away: its label would overlap its successor's. */
  current: boolean;
  selected: boolean;
  onSelect: (tag: string) => void;
}

/**
 * A bar with its label and count drawn beside it, so the words travel with the bar when ranks change
 * (axis ticks would jump to the new order while the bars still glide).
 */
export function TagBar({ bar, font, current, selected, onSelect }: TagBarProps) {
  const row = bar.payload as TagBarRow | undefined;
  if (!row) return null;
  const { x, y, width, height } = bar;
  const middle = y + height / 2;
  const change = rankChange(row.rank, row.prevRank);
  return (
    <g
      className={`tag-bar${selected ? ' selected' : ''}`}
      onClick={() => onSelect(row.tag)}
      opacity={current ? 1 : 0.35}
    >
      <rect x={x} y={y} width={Math.max(0, width)} height={height} rx={3} fill={row.colour} />
      {current && (
        <>
          <text
            x={x - 8}
            y={middle}
            textAnchor="end"
            dominantBaseline="central"
            className="tag-bar-label"
            style={{ font }}
          >
            <title>{row.display}</title>
            {row.label}
          </text>
          <text
            x={x + Math.max(0, width) + 6}
            y={middle}
            dominantBaseline="central"
            className="tag-bar-count"
            style={{ font }}
          >
            {formatCount(row.count)}
            <tspan dx={6} className={`rank-change-${change.kind}`}>
              {change.symbol}
            </tspan>
          </text>
        </>
      )}
    </g>
  );
}
