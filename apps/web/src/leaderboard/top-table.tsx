import { useState } from 'react';
import type { TopEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { RankChangeMarker } from './rank-change-marker.tsx';
import { TagName } from './tag-name.tsx';
import { tagColour } from './tag-colours.ts';

interface TopTableProps {
  top: readonly TopEntry[];
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
  /** The tag pointed at (null: none), for its related tags (`#related-peek`). */
  onPoint: (tag: string | null) => void;
  /** The tag whose button has focus (null: none), for the same. */
  onFocusTag: (tag: string | null) => void;
}

/**
 * The chart's data as a table: what screen readers, keyboards and copy-paste use. Rows are keyed by
 * tag, so keyboard focus stays on the tag the reader chose while its row re-sorts; and while it has
 * focus, a tag that drops out of the top keeps a row at the bottom ("left the top") instead of taking
 * the reader's place in the page with it.
 */
export function TopTable({ top, selectedTag, onSelectTag, onPoint, onFocusTag }: TopTableProps) {
  const [focused, setFocused] = useState<TopEntry | null>(null);
  const held = focused !== null && !top.some((entry) => entry.tag === focused.tag) ? focused : null;
  // One list, so a held row that comes back into the top keeps its element (and its focus).
  const rows = held ? [...top, held] : top;
  const button = (entry: TopEntry) => (
    <button
      type="button"
      className="tag-button"
      data-key={entry.tag}
      aria-current={entry.tag === selectedTag ? 'true' : undefined}
      aria-describedby="related-peek"
      onFocus={() => {
        setFocused(entry);
        onFocusTag(entry.tag);
      }}
      onBlur={() => {
        setFocused(null);
        onFocusTag(null);
      }}
      onClick={() => onSelectTag(entry.tag)}
    >
      <span className="swatch" style={{ background: tagColour(entry.tag) }} aria-hidden="true" />
      <TagName text={entry.display} />
    </button>
  );
  return (
    <table aria-label="Top hashtags" className="top-table" onMouseLeave={() => onPoint(null)}>
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
          rows.map((entry) =>
            entry === held ? (
              <tr key={entry.tag} className="left-top">
                <td className="column-rank">–</td>
                <td className="column-tag" dir="auto">
                  {button(entry)}
                </td>
                <td className="column-count" colSpan={2}>
                  left the top
                </td>
              </tr>
            ) : (
              <tr
                key={entry.tag}
                className={entry.tag === selectedTag ? 'selected' : undefined}
                // On the pointer's moves, not on rows re-sorting under a pointer at rest.
                onMouseMove={() => onPoint(entry.tag)}
              >
                <td className="column-rank">{entry.rank}</td>
                <td className="column-tag" dir="auto">
                  {button(entry)}
                </td>
                <td className="column-count" data-value={entry.count}>
                  {formatCount(entry.count)}
                </td>
                <td className="column-change">
                  <RankChangeMarker rank={entry.rank} prevRank={entry.prevRank} />
                </td>
              </tr>
            ),
          )
        )}
      </tbody>
    </table>
  );
}
