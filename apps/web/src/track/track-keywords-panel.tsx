import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, type RuleSyntaxError } from '../api/api-error.ts';
import { dashboardApi } from '../api/dashboard-api.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { KeywordChip } from './keyword-chip.tsx';
import { RuleErrorMessage } from './rule-error-message.tsx';
import { withKeyword } from './rule-error.ts';

const ERROR_ID = 'track-keywords-error';

/** What went wrong with the last change: a rule error points into one keyword of the request. */
type TrackError =
  { kind: 'rule'; keyword: string; rule: RuleSyntaxError } | { kind: 'other'; message: string };

/**
 * The keywords the source filters by (X stream rules live; the same rule language in replay).
 * Typing a rule and pressing Enter or Apply adds it; a chip's × removes it.
 */
export function TrackKeywordsPanel({
  keywords,
  onKeywordsChanged,
}: {
  keywords: string[];
  onKeywordsChanged: (keywords: string[]) => void;
}) {
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<TrackError | null>(null);

  const apply = async (next: string[], onSuccess?: () => void) => {
    setPending(true);
    setError(null);
    try {
      const applied = await dashboardApi.setKeywords(next);
      onKeywordsChanged(Array.isArray(applied?.keywords) ? applied.keywords : next);
      onSuccess?.();
    } catch (cause) {
      const rule = cause instanceof ApiError ? cause.rule : undefined;
      const keyword = rule ? next[rule.index] : undefined;
      setError(
        rule && keyword !== undefined
          ? { kind: 'rule', keyword, rule }
          : { kind: 'other', message: errorMessage(cause) },
      );
    } finally {
      setPending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    void apply(withKeyword(keywords, draft), () => setDraft(''));
  };

  return (
    <section id="track" className="card" aria-labelledby="track-heading">
      <header className="card-header">
        <h2 id="track-heading">Tracking</h2>
      </header>
      <form className="track-form" onSubmit={onSubmit}>
        <label htmlFor="track-keywords-input">Track keywords</label>
        <div className="control-row">
          <input
            id="track-keywords-input"
            type="text"
            className="grow"
            value={draft}
            placeholder='#ether OR "smart contract" -is:retweet'
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error !== null}
            aria-describedby={error ? ERROR_ID : 'track-keywords-hint'}
            onChange={(event) => {
              setDraft(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" disabled={pending}>
            Apply
          </button>
        </div>
        {error?.kind === 'rule' && (
          <RuleErrorMessage id={ERROR_ID} keyword={error.keyword} rule={error.rule} />
        )}
        {error?.kind === 'other' && <ErrorText id={ERROR_ID} message={error.message} />}
        <p className="hint" id="track-keywords-hint">
          One rule per Apply: words are AND-ed; OR, &quot;phrases&quot;, -negation, (groups), #tag, @user,
          from:, lang:, is:retweet, has:hashtags.
        </p>
      </form>
      {keywords.length === 0 ? (
        <p className="hint">No keywords: everything the source sends is counted.</p>
      ) : (
        <ul className="chips" aria-label="Tracked keywords">
          {keywords.map((keyword) => (
            <KeywordChip
              key={keyword}
              keyword={keyword}
              disabled={pending}
              onRemove={(removed) => void apply(keywords.filter((k) => k !== removed))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
