import type { TagLanguage } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { formatShare, languageLabel } from './tag-profile-format.ts';

interface LanguageMixProps {
  /** Absent: not known exactly for this window (yet). */
  languages: readonly TagLanguage[] | undefined;
  count: number;
}

/** The languages of the tag's tweets in the window, each with a bar of its share. */
export function LanguageMix({ languages, count }: LanguageMixProps) {
  return (
    <div className="language-mix">
      <h3>Languages</h3>
      {languages === undefined ? (
        <p className="hint">Not known exactly for this window yet.</p>
      ) : languages.length === 0 ? (
        <p className="hint">No tweets with this tag in the window.</p>
      ) : (
        <ul className="profile-list">
          {languages.map((l) => (
            <li key={l.lang}>
              <span className="profile-name">{languageLabel(l.lang)}</span>
              <span className="profile-figures">
                {formatCount(l.count)} · {formatShare(l.count, count)}
              </span>
              <span className="share-bar" aria-hidden="true">
                <span style={{ width: `${count > 0 ? (100 * l.count) / count : 0}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
