import type { TagAuthor } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { authorLabel, formatShare } from './tag-profile-format.ts';

interface TagAuthorsListProps {
  /** Absent: not known exactly for this window (yet). */
  authors: readonly TagAuthor[] | undefined;
  count: number;
}

/** Who wrote the most of the tag's tweets in the window. */
export function TagAuthorsList({ authors, count }: TagAuthorsListProps) {
  return (
    <div className="tag-authors">
      <h3>Top authors</h3>
      {authors === undefined ? (
        <p className="hint">Not known exactly for this window yet.</p>
      ) : authors.length === 0 ? (
        <p className="hint">No tweets with this tag in the window.</p>
      ) : (
        <ol className="profile-list">
          {authors.map((a) => (
            <li key={a.author}>
              <bdi className="profile-name">{authorLabel(a.author)}</bdi>
              <span className="profile-figures">
                {formatCount(a.count)} · {formatShare(a.count, count)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
