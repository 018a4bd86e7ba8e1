import type { RisingEntry } from '@tagstream/protocol';
import { formatCount, formatRate } from '../format/numbers.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { tagColour } from '../leaderboard/tag-colours.ts';

interface RisingListProps {
  rising: readonly RisingEntry[];
  onSelectTag: (tag: string) => void;
}

/** Tags whose count in this window most exceeds their own recent baseline: what is taking off. */
export function RisingList({ rising, onSelectTag }: RisingListProps) {
  return (
    <div className="rising">
      <h3>Rising</h3>
      {rising.length === 0 ? (
        <p className="hint">Nothing is rising faster than usual.</p>
      ) : (
        <ol className="rising-list">
          {rising.map((entry) => (
            <li key={entry.tag}>
              <button type="button" className="tag-button" onClick={() => onSelectTag(entry.tag)}>
                <span className="swatch" style={{ background: tagColour(entry.tag) }} aria-hidden="true" />
                <TagName text={entry.display} />
              </button>
              <span className="rising-figures">
                {formatCount(entry.count)} vs usual {formatRate(entry.baseline)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
