import type { TopEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { RankChangeMarker } from './rank-change-marker.tsx';
import { TagName } from './tag-name.tsx';
import { tagColour } from './tag-colours.ts';

interface TopTableProps {
  top: readonly TopEntry[];
  colours: ReadonlyMap<string, number>;
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
}

/** The chart's data as a table: what screen readers, keyboards and copy-paste use. */
export function TopTable({ top, colours, selectedTag, onSelectTag }: TopTableProps) {
  return (
    <table aria-label="Top hashtags" className="top-table">
      <thead>
        <tr>
          <th scope="col" className="column-rank">
            Rank
          </th>
          <th scope="col">Hashtag</th>
          <th scope="col" className="column-count">
            Count
          </th>
          <th scope="col" className="column-change">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {top.length === 0 ? (
          <tr>
            <td colSpan={4} className="table-empty">
              No hashtags in this window.
            </td>
          </tr>
        ) : (
          top.map((entry) => (
            <tr key={entry.tag} className={entry.tag === selectedTag ? 'selected' : undefined}>
              <td className="column-rank">{entry.rank}</td>
              <td className="column-tag" dir="auto">
                <button
                  type="button"
                  className="tag-button"
                  aria-current={entry.tag === selectedTag ? 'true' : undefined}
                  onClick={() => onSelectTag(entry.tag)}
                >
                  <span
                    className="swatch"
                    style={{ background: tagColour(entry.tag, colours) }}
                    aria-hidden="true"
                  />
                  <TagName text={entry.display} />
                </button>
              </td>
              <td className="column-count" data-value={entry.count}>
                {formatCount(entry.count)}
              </td>
              <td className="column-change">
                <RankChangeMarker rank={entry.rank} prevRank={entry.prevRank} />
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
