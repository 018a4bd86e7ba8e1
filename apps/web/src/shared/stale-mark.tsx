/** Says "stale" on a card whose figures stopped following the stream (the card itself is greyed by CSS). */
export function StaleMark({ stale }: { stale: boolean }) {
  return stale ? <span className="stale-mark">stale</span> : null;
}
