import { rankChange } from './rank-change.ts';

/** ▲2 / ▼1 / NEW / – for sighted readers, a sentence for screen readers. */
export function RankChangeMarker({ rank, prevRank }: { rank: number; prevRank: number | null }) {
  const change = rankChange(rank, prevRank);
  return (
    <span className={`rank-change rank-change-${change.kind}`}>
      <span aria-hidden="true">{change.symbol}</span>
      <span className="visually-hidden">{change.spoken}</span>
    </span>
  );
}
