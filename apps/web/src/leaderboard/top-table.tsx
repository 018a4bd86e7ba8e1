import { useLayoutEffect, useRef, type FocusEvent } from 'react';
import type { TopEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { RankChangeMarker } from './rank-change-marker.tsx';
import { TagName } from './tag-name.tsx';
import { tagColour } from './tag-colours.ts';

interface TopTableProps {
  top: readonly TopEntry[];
  selectedTag: string | null;
  onSelectTag: (tag: string) => void;
}

/**
 * The chart's data as a table: what screen readers, keyboards and copy-paste use. Rows re-sort with
 * every result; React moves a row's element to re-sort it, and a moved element loses focus, so the
 * table puts keyboard focus back on the tag the reader chose, wherever its row went.
 */
export function TopTable({ top, selectedTag, onSelectTag }: TopTableProps) {
  const tableRef = useRef<HTMLTableElement>(null);
  const focusedTag = useRef<string | null>(null);
  const onFocus = (tag: string) => {
    focusedTag.current = tag;
  };
  const onBlur = (event: FocusEvent<HTMLButtonElement>) => {
    // Focus that went somewhere, or was dropped by a click elsewhere, is the reader's doing; focus lost
    // because the element left the document (a re-sort moving it) is not.
    if (event.relatedTarget !== null || event.currentTarget.isConnected) focusedTag.current = null;
  };
  useLayoutEffect(() => {
    const tag = focusedTag.current;
    const active = document.activeElement;
    if (tag === null || (active !== null && active !== document.body)) return;
    const button = Array.from(
      tableRef.current?.querySelectorAll<HTMLButtonElement>('button[data-key]') ?? [],
    ).find((candidate) => candidate.dataset.key === tag);
    if (button) button.focus({ preventScroll: true });
    else focusedTag.current = null;
  });
  return (
    <table aria-label="Top hashtags" className="top-table" ref={tableRef}>
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
                  data-key={entry.tag}
                  onFocus={() => onFocus(entry.tag)}
                  onBlur={onBlur}
                  aria-current={entry.tag === selectedTag ? 'true' : undefined}
                  onClick={() => onSelectTag(entry.tag)}
                >
                  <span className="swatch" style={{ background: tagColour(entry.tag) }} aria-hidden="true" />
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
