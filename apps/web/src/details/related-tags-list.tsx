import type { RelatedTag } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { tagColour } from '../leaderboard/tag-colours.ts';
import { formatShare } from './tag-profile-format.ts';

interface RelatedTagsListProps {
  /** Absent: the server cannot say exactly for this window (yet), or related tags are off. */
  related: readonly RelatedTag[] | undefined;
  /** The tag's own tweets in the window: what each share is of. */
  count: number;
  /** A display form for a key, when the page knows one (from the top list). */
  displayOf: (tag: string) => string;
  onSelectTag: (tag: string) => void;
}

/** The tags found most often in the same tweets of the window, with their share of this tag's tweets; each opens its own details. */
export function RelatedTagsList({ related, count, displayOf, onSelectTag }: RelatedTagsListProps) {
  return (
    <div className="related-tags">
      <h3>Found with</h3>
      {related === undefined ? (
        <p className="hint">
          Related tags are off, or not known exactly for this window yet (they return once it holds only
          batches counted with them).
        </p>
      ) : related.length === 0 ? (
        <p className="hint">No other tag in the same tweets of this window.</p>
      ) : (
        <ol className="profile-list">
          {related.map((r) => (
            <li key={r.tag}>
              <button type="button" className="tag-button" onClick={() => onSelectTag(r.tag)}>
                <span className="swatch" style={{ background: tagColour(r.tag) }} aria-hidden="true" />
                <TagName text={displayOf(r.tag)} />
              </button>
              <span className="profile-figures">
                {formatCount(r.count)} · {formatShare(r.count, count)} of its tweets
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
