/** How a tag moved since the previous result. */
export interface RankChange {
  kind: 'up' | 'down' | 'same' | 'new';
  /** Places moved (0 for `same` and `new`). */
  places: number;
  /** What sighted readers see: `▲2`, `▼1`, `NEW`, `–`. */
  symbol: string;
  /** What screen readers say instead of the symbol. */
  spoken: string;
}

/** The rank marker of an entry; `prevRank` is null when the tag was not in the previous top. */
export function rankChange(rank: number, prevRank: number | null): RankChange {
  if (prevRank === null) return { kind: 'new', places: 0, symbol: 'NEW', spoken: 'new in the top' };
  const places = Math.abs(prevRank - rank);
  const plural = places === 1 ? 'place' : 'places';
  if (prevRank > rank) {
    return { kind: 'up', places, symbol: `▲${places}`, spoken: `up ${places} ${plural}, was ${prevRank}` };
  }
  if (prevRank < rank) {
    return {
      kind: 'down',
      places,
      symbol: `▼${places}`,
      spoken: `down ${places} ${plural}, was ${prevRank}`,
    };
  }
  return { kind: 'same', places: 0, symbol: '–', spoken: 'no change' };
}
