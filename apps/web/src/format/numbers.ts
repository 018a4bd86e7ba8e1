// One fixed locale so that the same count reads the same on every screen of a wall and in screenshots.
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count with thousands separators: `5,210`. */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** A rate with at most one decimal: `12.5`. */
export function formatRate(value: number): string {
  return rateFormat.format(value);
}
