const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

/**
 * The chart's text font: measured for fitting labels and set on the SVG text, so both agree and PNG
 * exports keep it. Larger on a wall screen, which is read from across the room.
 */
export function chartFont(wallScreen: boolean): string {
  return `${wallScreen ? 18 : 13}px ${FAMILY}`;
}
