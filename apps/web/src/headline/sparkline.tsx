import { sparklinePath } from './sparkline-path.ts';

const WIDTH = 100;
const HEIGHT = 24;

/**
 * A small line of the recent values under a headline number. A path of its own rather than a recharts
 * chart: four of them redraw every second, and they need no axes, tooltips or layout.
 */
export function Sparkline({ values }: { values: readonly number[] }) {
  const path = sparklinePath(values, WIDTH, HEIGHT);
  return (
    <svg
      className="sparkline"
      viewBox={`0 -2 ${WIDTH} ${HEIGHT + 4}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {path && <path d={path} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
}
