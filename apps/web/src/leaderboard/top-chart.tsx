import { useMemo, type Ref } from 'react';
import {
  Bar,
  BarChart,
  matchByDataKey,
  ResponsiveContainer,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type { TopEntry } from '@tagstream/protocol';
import { useMediaQuery } from '../page/use-media-query.ts';
import { chartFont } from './chart-font.ts';
import { fitToWidth } from './fit-label.ts';
import { TagBar, type TagBarRow } from './tag-bar.tsx';
import { tagColour } from './tag-colours.ts';
import { createTextMeasure } from './text-measure.ts';

// Room right of the longest bar for "12,345 ▲10".
const COUNT_COLUMN = 96;
// The label column fits the longest label up to this many pixels; longer labels are cut to fit.
const LABEL_CAP = { phone: 120, laptop: 240, wall: 360 };

// Bars are matched by tag between results, so a tag that climbs glides to its new row instead of
// another tag's bar morphing into it.
const matchByTag = matchByDataKey('tag');

interface TopChartProps {
  top: readonly TopEntry[];
  colours: ReadonlyMap<string, number>;
  animationMs: number;
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
  /** The element holding the SVG, for the PNG export. */
  containerRef: Ref<HTMLDivElement>;
}

/** The top of the window as horizontal bars, one colour per tag, with counts and rank changes. */
export function TopChart({
  top,
  colours,
  animationMs,
  selectedTag,
  onSelectTag,
  containerRef,
}: TopChartProps) {
  const phone = useMediaQuery('(max-width: 599px)');
  const wall = useMediaQuery('(min-width: 1800px)');
  const font = chartFont(wall);
  const measure = useMemo(() => createTextMeasure(font), [font]);
  const labelCap = phone ? LABEL_CAP.phone : wall ? LABEL_CAP.wall : LABEL_CAP.laptop;
  const rows = useMemo<TagBarRow[]>(
    () =>
      top.map((entry) => ({
        tag: entry.tag,
        label: fitToWidth(entry.display, labelCap, measure),
        display: entry.display,
        count: entry.count,
        rank: entry.rank,
        prevRank: entry.prevRank,
        colour: tagColour(entry.tag, colours),
      })),
    [top, colours, labelCap, measure],
  );
  // Sized from the labels, not from the container, so it is right on the first paint (no jump once measured).
  const labelWidth = Math.ceil(Math.max(48, ...rows.map((row) => measure(row.label)))) + 14;
  const rowHeight = wall ? 44 : 34;
  const currentTags = useMemo(() => new Set(top.map((entry) => entry.tag)), [top]);
  const renderBar = (bar: BarShapeProps) => {
    const tag = (bar.payload as TagBarRow | undefined)?.tag ?? '';
    return (
      <TagBar
        bar={bar}
        font={font}
        current={currentTags.has(tag)}
        selected={tag === selectedTag}
        onSelect={onSelectTag}
      />
    );
  };

  return (
    <div
      ref={containerRef}
      className="top-chart"
      role="img"
      aria-label="Bar chart of the hashtag counts in this window; the table below lists the same data."
    >
      <ResponsiveContainer width="100%" height={rows.length * rowHeight + 16}>
        <BarChart
          data={rows}
          layout="vertical"
          margin={{ top: 8, right: COUNT_COLUMN, bottom: 8, left: labelWidth }}
          barCategoryGap="18%"
          accessibilityLayer={false}
        >
          <XAxis type="number" hide domain={[0, 'dataMax']} />
          <YAxis type="category" dataKey="tag" hide />
          <Bar
            dataKey="count"
            isAnimationActive={animationMs > 0}
            animationDuration={animationMs}
            animationEasing="ease-out"
            animationMatchBy={matchByTag}
            shape={renderBar}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
